/**
 * EmulatedBoard against the real uno-ina219 firmware with the emulator's faults: what a
 * real bench does to the link must be counted and survived, and a board that resets by
 * itself must get its settings and levels back.
 */
import { describe, expect, it } from "vitest";
import { type FaultSpec, fault } from "../../src/emulator/index.js";
import { emulatedRig } from "./emulated-rig.js";

async function openRig(faults: FaultSpec[], boardOptions = {}) {
  const rig = await emulatedRig({ rateHz: 20, watchdogMs: 2000, ...boardOptions }, { faults });
  const events: { kind: string; [k: string]: unknown }[] = [];
  rig.board.onEvent((e) => events.push(e));
  let opened = false;
  rig.board.open().then(() => {
    opened = true;
  });
  for (let t = 0; t < 5000 && !opened; t += 20) await rig.advance(20);
  expect(opened).toBe(true);
  return { ...rig, events };
}

describe("EmulatedBoard with faults", () => {
  it("a reset mid-stream: the board's new HELLO brings back rate, watchdog and lamp", {
    timeout: 30_000,
  }, async () => {
    const rig = await openRig([fault("reset", { atMs: 3000 })]);
    let acked = false;
    rig.board.setLamp(200).then(() => {
      acked = true;
    });
    await rig.advance(200);
    expect(acked).toBe(true);
    expect(rig.emulator.pinDuty(9)).toBeCloseTo(200 / 255, 2);
    await rig.advance(1500 + 3000 - rig.emulator.nowMs());
    expect(rig.emulator.stats.faults.resets).toBe(1);
    expect(rig.events.filter((e) => e.kind === "hello")).toHaveLength(2);
    expect(rig.emulator.pinDuty(9)).toBeCloseTo(200 / 255, 2);
    expect(rig.board.stats().framesPerS).toBeCloseTo(20, 0);
    expect(rig.board.stats().framesLost).toBe(0);
  });

  it("garbage and bit flips on the line: every bad line counted and skipped, frames keep coming", {
    timeout: 30_000,
  }, async () => {
    const rig = await openRig([
      fault("garbage", { atMs: 1500, forMs: 2000, rate: 0.002 }),
      fault("bitflip", { atMs: 1500, forMs: 2000, rate: 0.001 }),
    ]);
    await rig.advance(4000);
    const s = rig.board.stats();
    const rejected = rig.events.filter((e) => e.kind === "rejected-line").length;
    expect(rejected).toBeGreaterThan(0);
    expect(s.checksumRejects + s.malformedLines).toBe(rejected);
    // Each frame damaged in transit shows up as a sequence gap, never as a bad frame.
    expect(s.framesLost).toBeGreaterThan(0);
    expect(s.framesLost).toBeLessThanOrEqual(rejected);
    expect(s.link).toBe("up");
    const n = s.framesReceived;
    await rig.advance(1000);
    expect(rig.board.stats().framesReceived - n).toBeGreaterThanOrEqual(18);
  });
});
