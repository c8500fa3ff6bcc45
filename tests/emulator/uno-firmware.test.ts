import { describe, expect, it } from "vitest";
import { fault } from "../../src/emulator/faults.js";
import { Flag } from "../../src/protocol/index.js";
import { isEvent, isType, unoRig } from "./uno-rig.js";

describe("uno-ina219 firmware in the emulator", () => {
  it("greets the host that opens the port: HELLO with protocol 1, then EVT BOOT after the DTR reset", async () => {
    const rig = await unoRig();
    const hello = rig.waitFor(isType("HELLO"), 2000);
    expect(hello.message.protocolVersion).toBe(1);
    expect(hello.message.profile).toBe("uno-ina219");
    expect(hello.message.channels).toEqual([
      { address: 0x40, role: "array" },
      { address: 0x41, role: "load" },
    ]);
    const boot = rig.waitFor(isEvent("BOOT"), 500);
    expect(boot.message.arg).toBe("EXTRF");
    expect(rig.rejected).toEqual([]);
  });

  it("reports telemetry equal to the bench's truth within the INA219's resolution", async () => {
    const rig = await unoRig();
    rig.waitFor(isType("HELLO"), 2000);
    rig.send({ type: "RATE", hz: 50 });
    rig.send({ type: "LAMP", level: 255 });
    rig.send({ type: "LOAD", level: 128 });
    rig.emu.runFor(500);
    const start = rig.received.length;
    const frame = rig.waitFor(isType("T"), 100, start).message;
    const truth = rig.emu.bench.truth;
    expect(frame.lamp).toBe(255);
    expect(frame.load).toBe(128);
    expect(frame.flags & Flag.inaPresent0).toBeTruthy();
    const [array, load] = frame.channels;
    // Bus: 4 mV LSB plus noise; shunt: 10 uV LSB (0.1 mA on 0.1 ohm) plus noise.
    expect(Math.abs(array!.busMv - truth.busV * 1000)).toBeLessThanOrEqual(12);
    expect(Math.abs(array!.shuntUv - truth.arrayCurrentA * 0.1 * 1e6)).toBeLessThanOrEqual(30);
    expect(Math.abs(array!.currentUa - truth.arrayCurrentA * 1e6)).toBeLessThanOrEqual(300);
    expect(Math.abs(load!.currentUa - truth.loadCurrentA * 1e6)).toBeLessThanOrEqual(300);
    // Power register: 20 x current LSB.
    expect(Math.abs(array!.powerUw - truth.busV * truth.arrayCurrentA * 1e6)).toBeLessThanOrEqual(
      3000,
    );
    // The two channels agree as on a real bench: array current = base + load.
    expect(array!.currentUa - load!.currentUa).toBeCloseTo((truth.busV / 100) * 1e6, -3);
    // Panel temperature via the TMP36 on A0: 4.9 mV per ADC count = 0.49 C.
    expect(Math.abs(frame.panelC100 - truth.panelTempC * 100)).toBeLessThanOrEqual(100);
  });

  it("raises the cell current within one telemetry period of a lamp command (LED lamp)", async () => {
    const rig = await unoRig();
    rig.waitFor(isType("HELLO"), 2000);
    rig.send({ type: "RATE", hz: 50 });
    rig.emu.runFor(200);
    const dark = rig.telemetry().at(-1)!.message.channels[0]!.currentUa;
    const sentAt = rig.emu.nowMs();
    rig.send({ type: "LAMP", level: 255 });
    const lit = rig.waitFor(
      (m): m is Extract<typeof m, { type: "T" }> =>
        m.type === "T" && m.channels[0]!.currentUa > dark + 30_000,
      200,
    );
    // Command on the wire (~1.3 ms), PWM applied, next INA219 conversion (1.06 ms), next
    // frame slot (up to 20 ms at 50 Hz), the frame's own ~110 bytes on the wire (~9.5 ms).
    expect(lit.atMs - sentAt).toBeLessThan(35);
    expect(rig.emu.bench.truth.irradianceWm2).toBeGreaterThan(800);
  });

  it("follows a halogen lamp's warm-up: current reaches 63 % of its rise after about warmUpS", async () => {
    const rig = await unoRig({
      benchPatch: { lamp: { kind: "halogen", warmUpS: 0.3 }, computeLoadOhms: 5 },
    });
    rig.waitFor(isType("HELLO"), 2000);
    rig.send({ type: "RATE", hz: 50 });
    rig.send({ type: "LOAD", level: 255 });
    rig.emu.runFor(300);
    const dark = rig.telemetry().at(-1)!.message.channels[0]!.currentUa;
    const sentAt = rig.emu.nowMs();
    rig.send({ type: "LAMP", level: 255 });
    rig.emu.runFor(3000);
    const after = rig.telemetry().filter((t) => t.atMs > sentAt);
    const final = after.at(-1)!.message.channels[0]!.currentUa;
    const t63 =
      after.find((t) => t.message.channels[0]!.currentUa >= dark + 0.63 * (final - dark))!.atMs -
      sentAt;
    // Low load resistance keeps the cell in its current-source region: current follows irradiance.
    expect(t63).toBeGreaterThan(0.2 * 1000);
    expect(t63).toBeLessThan(0.45 * 1000);
  });

  it("turns lamp and load off by itself when the host goes silent (host watchdog, emulated time)", async () => {
    const rig = await unoRig();
    rig.waitFor(isType("HELLO"), 2000);
    rig.send({ type: "WDT", ms: 1000 });
    rig.send({ type: "LAMP", level: 200 });
    const lastCommandMs = rig.emu.nowMs();
    rig.send({ type: "LOAD", level: 100 });
    rig.waitFor(
      (m): m is Extract<typeof m, { type: "ACK" }> => m.type === "ACK" && m.command === "LOAD",
      200,
    );
    expect(rig.emu.pinDuty(9)).toBeGreaterThan(0.7);
    expect(rig.emu.pinDuty(10)).toBeGreaterThan(0.3);
    // From now on every heartbeat the host sends is lost on the way.
    rig.emu.injectFault(fault("host-silent", { atMs: lastCommandMs }));
    const beat = () => {
      rig.send({ type: "HB" });
      rig.emu.clock.setTimeout(beat, 250);
    };
    beat();
    const lost = rig.waitFor(isEvent("HOSTLOST"), 3000);
    expect(lost.atMs - lastCommandMs).toBeGreaterThanOrEqual(1000);
    expect(lost.atMs - lastCommandMs).toBeLessThan(1100);
    expect(rig.emu.pinDuty(9)).toBe(0);
    expect(rig.emu.pinDuty(10)).toBe(0);
    expect(rig.emu.stats.faults.hostBytesDropped).toBeGreaterThan(0);
    const t = rig.waitFor(isType("T"), 200).message;
    expect(t.flags & Flag.watchdogTripped).toBeTruthy();
  });

  it("cuts the lamp when the panel passes the over-temperature limit and reports it", async () => {
    const rig = await unoRig({ benchPatch: { panel: { thermalTauS: 1 } } });
    rig.waitFor(isType("HELLO"), 2000);
    rig.send({ type: "WDT", ms: 60000 });
    rig.send({ type: "OTL", c100: 3000 });
    rig.send({ type: "LAMP", level: 255 });
    const cut = rig.waitFor(isEvent("OTCUT"), 5000);
    expect(Number(cut.message.arg)).toBeGreaterThanOrEqual(3000);
    expect(rig.emu.bench.truth.panelTempC).toBeGreaterThan(29.5);
    rig.emu.runFor(50);
    expect(rig.emu.pinDuty(9)).toBe(0);
    const t = rig.waitFor(isType("T"), 300).message;
    expect(t.flags & Flag.overTempCut).toBeTruthy();
    expect(t.lamp).toBe(0);
    rig.waitFor(isEvent("OTCLEAR"), 10000);
    expect(rig.emu.bench.truth.panelTempC).toBeLessThan(25.5);
  });

  it("matches the exact sleep reference byte for byte with idle skipping on", async () => {
    const script = async (stepping: "sleep" | "fast") => {
      const rig = await unoRig({ stepping });
      rig.emu.runFor(300);
      rig.send({ type: "RATE", hz: 50 });
      rig.send({ type: "LAMP", level: 180 });
      rig.send({ type: "LOAD", level: 60 });
      rig.emu.runFor(700);
      rig.send({ type: "CAL", channel: 0, cal: 4096, config: 0x399f, currentLsbNa: 100000 });
      rig.emu.runFor(500);
      return { raw: rig.raw(), stats: rig.emu.stats };
    };
    const ref = await script("sleep");
    const fast = await script("fast");
    expect(fast.raw.length).toBeGreaterThan(3000);
    expect(fast.raw).toBe(ref.raw);
    // The fast path did take its shortcuts (busy-waits skipped, sleeps coalesced).
    expect(fast.stats.loopSkippedCycles).toBeGreaterThan(0);
    expect(fast.stats.instructions).toBeLessThan(ref.stats.instructions);
  });
});
