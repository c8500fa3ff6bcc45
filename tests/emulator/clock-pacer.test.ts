import { afterEach, describe, expect, it, vi } from "vitest";
import { Emulator } from "../../src/emulator/emulator.js";
import { loadHexFile } from "../../src/emulator/hex.js";
import { Pacer } from "../../src/emulator/pacer.js";
import { UNO_HEX } from "./uno-rig.js";

describe("the emulator's Clock", () => {
  it("fires timers at their emulated deadline, in order, and cancels", async () => {
    const emu = new Emulator({ firmware: await loadHexFile(UNO_HEX) });
    const fired: Array<[string, number]> = [];
    emu.clock.setTimeout(() => fired.push(["b", emu.clock.nowMs()]), 20);
    emu.clock.setTimeout(() => fired.push(["a", emu.clock.nowMs()]), 10);
    const cancel = emu.clock.setTimeout(() => fired.push(["never", emu.clock.nowMs()]), 15);
    emu.clock.setTimeout(() => {
      fired.push(["c", emu.clock.nowMs()]);
      emu.clock.setTimeout(() => fired.push(["d", emu.clock.nowMs()]), 0);
    }, 20);
    cancel();
    emu.runFor(30);
    expect(fired.map(([n]) => n)).toEqual(["a", "b", "c", "d"]);
    for (const [name, at] of fired) {
      const due = name === "a" ? 10 : 20;
      // Fired between instructions at the deadline: a few cycles (< 1 us) late at most.
      expect(at).toBeGreaterThanOrEqual(due);
      expect(at - due).toBeLessThan(0.001);
    }
    expect(emu.clock.nowMs()).toBeCloseTo(30, 2);
  });
});

describe("Pacer", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([1, 4])("keeps emulated time at %sx the wall clock", async (speed) => {
    const emu = new Emulator({ firmware: await loadHexFile(UNO_HEX) });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const pacer = new Pacer(emu, { speed });
    pacer.start();
    await vi.advanceTimersByTimeAsync(200);
    pacer.stop();
    // Fake wall time does not move while the emulator computes, so pacing is exact to a slice.
    expect(emu.nowMs()).toBeGreaterThanOrEqual(200 * speed - 10);
    expect(emu.nowMs()).toBeLessThanOrEqual(200 * speed + 10);
  });

  it("rejects a speed that is not positive", async () => {
    const emu = new Emulator({ firmware: await loadHexFile(UNO_HEX) });
    expect(() => new Pacer(emu, { speed: 0 })).toThrow(/speed must be > 0/);
  });
});
