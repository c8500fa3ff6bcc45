import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { OrbitrigError } from "../../src/core/errors.js";
import {
  chooseAutoPort,
  listPorts,
  listPortsFromSysfs,
  resolvePort,
} from "../../src/transport/discovery.js";

/**
 * A fake sysfs laid out as Linux does it:
 *   class/tty/ttyACM0 -> devices/.../1-1/1-1:1.0/tty/ttyACM0, device -> ../../../1-1:1.0 (cdc_acm)
 *   class/tty/ttyUSB0 -> devices/.../1-2/1-2:1.0/ttyUSB0/tty/ttyUSB0, device -> ../../../ttyUSB0 (usb-serial)
 * and the USB device directory (1-1, 1-2) holding idVendor, idProduct, manufacturer, serial.
 */
function fakeSysfs(): string {
  const root = mkdtempSync(join(tmpdir(), "orbitrig-sysfs-"));
  const usb = join(root, "devices/pci0000:00/0000:00:14.0/usb1");
  const classTty = join(root, "class/tty");
  mkdirSync(classTty, { recursive: true });
  const usbDevice = (name: string, ids: Record<string, string>) => {
    mkdirSync(join(usb, name), { recursive: true });
    for (const [k, v] of Object.entries(ids)) writeFileSync(join(usb, name, k), `${v}\n`);
  };
  const acm = (dev: string, tty: string) => {
    const ttyDir = join(usb, dev, `${dev}:1.0`, "tty", tty);
    mkdirSync(ttyDir, { recursive: true });
    symlinkSync("../../../" + `${dev}:1.0`, join(ttyDir, "device"));
    symlinkSync(ttyDir, join(classTty, tty));
  };
  usbDevice("1-1", {
    idVendor: "2341",
    idProduct: "0043",
    manufacturer: "Arduino (www.arduino.cc)",
    product: "Arduino Uno",
    serial: "85739323830351E0E1A1",
  });
  acm("1-1", "ttyACM0");
  usbDevice("1-3", { idVendor: "0483", idProduct: "5740", manufacturer: "STMicroelectronics" });
  acm("1-3", "ttyACM1");
  usbDevice("1-2", { idVendor: "1A86", idProduct: "7523", product: "USB2.0-Serial" });
  const portDir = join(usb, "1-2", "1-2:1.0", "ttyUSB0");
  const usbTty = join(portDir, "tty", "ttyUSB0");
  mkdirSync(usbTty, { recursive: true });
  symlinkSync("../../../ttyUSB0", join(usbTty, "device"));
  symlinkSync(usbTty, join(classTty, "ttyUSB0"));
  // A platform UART (no USB parent) and a virtual console (no device link).
  const s0 = join(root, "devices/platform/serial8250/tty/ttyS0");
  mkdirSync(s0, { recursive: true });
  symlinkSync("../../../serial8250", join(s0, "device"));
  symlinkSync(s0, join(classTty, "ttyS0"));
  mkdirSync(join(root, "devices/virtual/tty/tty0"), { recursive: true });
  symlinkSync(join(root, "devices/virtual/tty/tty0"), join(classTty, "tty0"));
  return root;
}

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
