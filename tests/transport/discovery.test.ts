import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { OrbitrigError } from "../../src/core/errors.js";
import {
  chooseAutoPort,
  listPorts,
  listPortsFromSysfs,
  resolvePort,
} from "../../src/transport/discovery.js";
import { fakeSysfs } from "./fake-sysfs.js";

const udevadmMissing = async () => {
  throw new Error("spawn udevadm ENOENT");
};

describe("port discovery from sysfs", () => {
  let root = "";
  beforeAll(() => {
    root = fakeSysfs();
  });

  it("finds each serial device with its USB ids, names, and whether it looks like a board", async () => {
    const ports = await listPortsFromSysfs(root, "/dev");
    expect(ports.map((p) => [p.path, p.vendorId, p.productId, p.likelyBoard])).toEqual([
      ["/dev/ttyACM0", "2341", "0043", true],
      ["/dev/ttyACM1", "0483", "5740", false],
      ["/dev/ttyS0", null, null, false],
      ["/dev/ttyUSB0", "1a86", "7523", true],
    ]);
    expect(ports[0]).toMatchObject({
      manufacturer: "Arduino (www.arduino.cc)",
      product: "Arduino Uno",
      serialNumber: "85739323830351E0E1A1",
    });
    expect(ports[0]?.match?.name).toBe("Arduino Uno (ATmega16U2)");
    expect(ports[3]?.match?.kind).toBe("bridge");
  });

  it("falls back to sysfs when serialport cannot list (udevadm missing) and says why", async () => {
    const listing = await listPorts({ sysfsRoot: root, serialportList: udevadmMissing });
    expect(listing.source).toBe("sysfs");
    expect(listing.fallbackReason).toBe("serialport could not list ports (spawn udevadm ENOENT)");
    expect(listing.ports).toHaveLength(4);
  });

  it("uses serialport's list when it works", async () => {
    const listing = await listPorts({
      sysfsRoot: root,
      serialportList: async () => [{ path: "/dev/ttyACM7", vendorId: "2A03", productId: "0043" }],
    });
    expect(listing.source).toBe("serialport");
    expect(listing.ports.map((p) => [p.path, p.likelyBoard])).toEqual([["/dev/ttyACM7", true]]);
  });

  it("--port auto prefers an Arduino over a USB-serial bridge, and says which and why", async () => {
    const r = await resolvePort("auto", { sysfsRoot: root, serialportList: udevadmMissing });
    expect(r.path).toBe("/dev/ttyACM0");
    expect(r.reason).toBe(
      "chose /dev/ttyACM0: USB 2341:0043 is Arduino Uno (ATmega16U2); 1 other candidate(s): /dev/ttyUSB0 (found through sysfs: serialport could not list ports (spawn udevadm ENOENT))",
    );
  });

  it("a path given explicitly is used as is", async () => {
    expect(await resolvePort("/dev/ttyS3")).toEqual({
      path: "/dev/ttyS3",
      reason: "using /dev/ttyS3 as given",
    });
  });

  it("--port auto with no board fails with PORT_NOT_FOUND naming the ports seen", async () => {
    const ports = (await listPortsFromSysfs(root)).filter((p) => !p.likelyBoard);
    let err: unknown;
    try {
      chooseAutoPort(ports);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OrbitrigError);
    expect((err as OrbitrigError).code).toBe("PORT_NOT_FOUND");
    expect((err as Error).message).toMatch(
      /found no Arduino-class USB serial device \(only \/dev\/ttyACM1, \/dev\/ttyS0\)/,
    );
  });

  it("an absent sysfs gives an empty list, not an error", async () => {
    expect(await listPortsFromSysfs(join(root, "nope"))).toEqual([]);
  });
});
