import { describe, expect, it } from "vitest";
import { formatPorts, portsJson } from "../../src/cli/actions/ports.js";
import { listPorts } from "../../src/transport/discovery.js";
import { fakeSysfs } from "./fake-sysfs.js";

describe("orbitrig ports output", () => {
  it("lists every port, stars the likely boards and says what --port auto picks", async () => {
    const listing = await listPorts({ sysfsRoot: fakeSysfs(), serialportList: null });
    const text = formatPorts(listing);
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^\s+PORT\s+USB ID\s+DEVICE\s+SERIAL$/);
    expect(lines.find((l) => l.includes("/dev/ttyACM0"))).toMatch(
      /^\*\s+\/dev\/ttyACM0\s+2341:0043\s+Arduino Uno \(ATmega16U2\)\s+85739323830351E0E1A1$/,
    );
    expect(lines.find((l) => l.includes("/dev/ttyUSB0"))).toMatch(
      /^\*\s+\/dev\/ttyUSB0\s+1a86:7523\s+CH340/,
    );
    expect(lines.find((l) => l.includes("/dev/ttyACM1"))).toMatch(
      /^\s+\/dev\/ttyACM1\s+0483:5740\s+STMicroelectronics$/,
    );
    expect(lines.find((l) => l.includes("/dev/ttyS0"))).toMatch(/not USB/);
    expect(text).toContain(
      "--port auto chose /dev/ttyACM0: USB 2341:0043 is Arduino Uno (ATmega16U2)",
    );
    expect(text).toContain("(listed from sysfs: serialport listing disabled)");
  });

  it("--json carries the same facts", async () => {
    const listing = await listPorts({ sysfsRoot: fakeSysfs(), serialportList: null });
    const json = portsJson(listing) as {
      ports: { path: string; likelyBoard: boolean }[];
      auto: { path: string | null };
    };
    expect(json.ports.filter((p) => p.likelyBoard).map((p) => p.path)).toEqual([
      "/dev/ttyACM0",
      "/dev/ttyUSB0",
    ]);
    expect(json.auto.path).toBe("/dev/ttyACM0");
  });

  it("with no board, says --port auto would fail and why", () => {
    const text = formatPorts({ ports: [], source: "serialport", fallbackReason: null });
    expect(text).toMatch(/^no serial ports found\n/);
    expect(text).toContain(
      "--port auto found no Arduino-class USB serial device (no serial ports at all)",
    );
  });
});
