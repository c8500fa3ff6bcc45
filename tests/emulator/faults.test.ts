import { describe, expect, it } from "vitest";
import { isOrbitrigError } from "../../src/core/errors.js";
import { fault, parseFault } from "../../src/emulator/faults.js";
import { Flag } from "../../src/protocol/index.js";
import { isEvent, isType, unoRig } from "./uno-rig.js";

describe("--fault parsing", () => {
  it("reads kind and parameters", () => {
    expect(parseFault("garbage:rate=0.01")).toMatchObject({
      kind: "garbage",
      rate: 0.01,
      atMs: 0,
      forMs: Number.POSITIVE_INFINITY,
    });
    expect(parseFault("ina-absent:addr=41,at=2000,for=1500")).toMatchObject({
      kind: "ina-absent",
      address: 0x41,
      atMs: 2000,
      forMs: 1500,
    });
    expect(parseFault("sensor-stuck:volts=0.9")).toMatchObject({
      kind: "sensor-stuck",
      volts: 0.9,
    });
  });
  const bad: Array<[string, RegExp]> = [
    ["smoke", /unknown kind 'smoke'/],
    ["garbage:rate=2", /rate 2 outside 0..1/],
    ["drop:speed=3", /unknown key 'speed'/],
    ["reset:at=soon", /at 'soon' is not a number/],
    ["ina-stuck:addr=30", /addr 0x30 outside 0x40..0x4F/],
  ];
  it.each(bad)("rejects %s with one clear line", (text, message) => {
    let err: unknown;
    try {
      parseFault(text);
    } catch (e) {
      err = e;
    }
    expect(isOrbitrigError(err) && err.code).toBe("USAGE");
    expect((err as Error).message).toMatch(message);
  });
});

/** A rig streaming at 50 Hz, past its boot. */
async function streaming(faults: Parameters<typeof unoRig>[0] = {}) {
  const rig = await unoRig(faults);
  rig.waitFor(isType("HELLO"), 2000);
  rig.send({ type: "WDT", ms: 60000 });
  rig.send({ type: "RATE", hz: 50 });
  rig.emu.runFor(100);
  return rig;
}

describe("faults, each seen from the host side", () => {
  it.each([
    ["garbage", "garbageBytes"],
    ["drop", "droppedBytes"],
    ["bitflip", "flippedBytes"],
  ] as const)("%s bytes on the line make the host reject lines", async (kind, stat) => {
    const rig = await streaming();
    const before = rig.rejected.length;
    // 0.2 % per byte spoils about one line in five of ~110 bytes.
    rig.emu.injectFault(fault(kind, { rate: 0.002, atMs: rig.emu.nowMs() }));
    rig.emu.runFor(1000);
    expect(rig.emu.stats.faults[stat]).toBeGreaterThan(0);
    expect(rig.rejected.length - before).toBeGreaterThan(0);
    // The stream goes on: most lines still decode.
    expect(rig.telemetry().length).toBeGreaterThan(45);
  });

  it("a reset mid-stream shows as a new HELLO and EVT BOOT, with seq starting over", async () => {
    const rig = await streaming();
    rig.emu.injectFault(fault("reset", { atMs: rig.emu.nowMs() + 200 }));
    const from = rig.received.length;
    const hello = rig.waitFor(isType("HELLO"), 1000, from);
    const after = rig.received.indexOf(hello);
    expect(rig.waitFor(isEvent("BOOT"), 200, after).message.arg).toBe("EXTRF");
    const t = rig.waitFor(isType("T"), 500, after).message;
    expect(t.seq).toBe(0);
    expect(rig.emu.stats.faults.resets).toBe(1);
  });

  it("an absent INA219 is reported lost (NACK), and found again when it comes back", async () => {
    const rig = await streaming();
    const at = rig.emu.nowMs();
    rig.emu.injectFault(fault("ina-absent", { address: 0x41, atMs: at, forMs: 500 }));
    const lost = rig.waitFor(isEvent("SENSLOST"), 500);
    expect(lost.message.arg).toBe("1:41");
    const t = rig.waitFor(isType("T"), 100).message;
    expect(t.flags & (Flag.inaPresent0 << 1)).toBe(0);
    expect(rig.emu.stats.i2cNacks).toBeGreaterThan(0);
    const found = rig.waitFor(isEvent("SENSFOUND"), 3000);
    expect(found.message.arg).toBe("1:41");
  });

  it("a stuck INA219 keeps reporting the same reading while the lamp changes", async () => {
    const rig = await streaming();
    rig.emu.injectFault(fault("ina-stuck", { address: 0x40, atMs: rig.emu.nowMs() }));
    rig.emu.runFor(50);
    const from = rig.telemetry().length;
    rig.send({ type: "LAMP", level: 255 });
    rig.emu.runFor(500);
    const readings = rig
      .telemetry()
      .slice(from)
      .map((t) => t.message.channels[0]!.currentUa);
    expect(new Set(readings).size).toBe(1);
    expect(rig.emu.bench.truth.arrayCurrentA * 1e6).toBeGreaterThan(readings[0]! + 30_000);
  });

  it("a stuck panel sensor reads a fixed temperature whatever the panel does", async () => {
    const rig = await streaming({ benchPatch: { panel: { thermalTauS: 1 } } });
    rig.emu.injectFault(fault("sensor-stuck", { volts: 0.9, atMs: rig.emu.nowMs() }));
    rig.send({ type: "LAMP", level: 255 });
    rig.emu.runFor(2000);
    const t = rig.telemetry().at(-1)!.message;
    // TMP36: 0.9 V = 40 C, while the panel itself has heated past that.
    expect(Math.abs(t.panelC100 - 4000)).toBeLessThanOrEqual(60);
    expect(rig.emu.bench.truth.panelTempC).toBeGreaterThan(42);
  });

  it("a lamp that does not turn off keeps the cell current up after LAMP 0", async () => {
    const rig = await streaming();
    rig.send({ type: "LAMP", level: 255 });
    rig.emu.runFor(200);
    rig.emu.injectFault(fault("lamp-stuck-on", { atMs: rig.emu.nowMs() }));
    rig.send({ type: "LAMP", level: 0 });
    rig.emu.runFor(300);
    const t = rig.telemetry().at(-1)!.message;
    expect(t.lamp).toBe(0);
    expect(rig.emu.pinDuty(9)).toBe(0);
    expect(t.channels[0]!.currentUa).toBeGreaterThan(50_000);
  });
});

describe("single-event upsets in the running firmware (seu)", () => {
  it("parses its rate and target, and refuses what it cannot do", () => {
    expect(parseFault("seu:hz=5,target=sram,for=30000")).toMatchObject({
      kind: "seu",
      hz: 5,
      target: "sram",
      forMs: 30_000,
    });
    expect(parseFault("seu")).toMatchObject({ hz: 10, target: "all" });
    expect(() => parseFault("seu:target=flash")).toThrow(
      /target 'flash' is not one of all, sram, registers/,
    );
    expect(() => parseFault("seu:hz=0")).toThrow(/hz 0 outside/);
  });

  it("arrive as a Poisson stream: hz x duration of them, the same ones for the same seed", async () => {
    const counts: number[] = [];
    for (const run of [0, 1]) {
      const rig = await streaming();
      const at = rig.emu.nowMs();
      rig.emu.injectFault(fault("seu", { hz: 50, atMs: at, forMs: 3000, target: "sram" }));
      rig.emu.runFor(3500 + run);
      counts.push(rig.emu.stats.faults.upsets);
      expect(rig.emu.stats.faults.registerUpsets).toBe(0);
    }
    // 150 expected; a Poisson count is within 3 sigma (about 37) of it.
    expect(Math.abs(counts[0]! - 150)).toBeLessThan(37);
    expect(counts[1]).toBe(counts[0]);
  });

  it("in the SRAM, some land in the transmit buffer: the host rejects lines", async () => {
    const rig = await streaming();
    const before = rig.rejected.length;
    rig.emu.injectFault(
      fault("seu", { hz: 5, atMs: rig.emu.nowMs(), forMs: 30_000, target: "sram" }),
    );
    rig.emu.runFor(15_000);
    expect(rig.emu.stats.faults.upsets).toBeGreaterThan(50);
    expect(rig.rejected.length - before).toBeGreaterThan(0);
  });

  it("in the registers, the program goes astray and the AVR watchdog resets it; it streams again", async () => {
    const rig = await streaming();
    const from = rig.received.length;
    rig.emu.injectFault(
      fault("seu", { hz: 1, atMs: rig.emu.nowMs(), forMs: 30_000, target: "registers" }),
    );
    const boot = rig.waitFor(isEvent("BOOT"), 30_000, from);
    expect(boot.message.arg).toBe("WDRF");
    expect(rig.emu.stats.resets.watchdog).toBeGreaterThan(0);
    rig.emu.clearFaults();
    const after = rig.received.indexOf(boot);
    rig.waitFor(isType("T"), 1000, after);
  });
});
