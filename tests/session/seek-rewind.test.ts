/**
 * A replay's seek back rewinds the node: the stretch played again is flown once, so the
 * summary counts each frame and each accelerator-second once (a seek back used to count
 * 2002 frames for a 1902-frame file, and the work of the replayed stretch twice).
 */
import { describe, expect, it } from "vitest";
import { parseRig } from "../../src/config/index.js";
import { SatelliteNodeModel } from "../../src/rig/satellite.js";
import { RewindLog } from "../../src/session/rewind.js";
import { FakeBoard, startSession } from "./fakes.js";

const lamp = {
  driver: "pwm" as const,
  fullLevel: 200,
  maxPanelTempC: 60,
  hysteresisC: 5,
  maxLampOnS: 1000,
  cooldownS: 30,
};

const model = () =>
  SatelliteNodeModel.fromRig(
    parseRig({
      node: { array: { source: "model" } },
      orbit: { preset: "iss", betaDeg: 0, timeScale: 60 },
      scheduler: { policy: "soc-hysteresis" },
    }),
  );

/** A session on a recording's board: frames at the given bench times (ms after the start). */
async function playback(timesMs: number[]) {
  const board = new FakeBoard();
  board.commandable = false;
  board.playback = { paused: false, pause() {}, resume() {}, seekBy() {} };
  const t0 = board.clock.nowMs();
  const { session } = await startSession({
    rigName: "t",
    mode: "replay",
    model: model(),
    lamp,
    board,
  });
  for (const t of timesMs) board.emitFrame(25, t0 + t);
  return session.summary();
}

const range = (from: number, to: number) =>
  Array.from({ length: (to - from) / 100 + 1 }, (_, i) => from + i * 100);

describe("seek back in a replay", () => {
  it("counts frames and work once: the same figures as playing straight through", async () => {
    // 3 minutes of bench time at 10 Hz = 3 orbit hours at ×60: eclipses, duty, work.
    const straight = await playback(range(100, 180_000));
    // Play to 2:30, seek back to 1:00, play to the end.
    const seeked = await playback([...range(100, 150_000), ...range(60_000, 180_000)]);
    expect(seeked.frames).toBe(straight.frames);
    expect(seeked.frames).toBe(1800);
    for (const k of ["workAccelS", "dutySession", "socFraction", "orbitsCompleted"] as const)
      expect(seeked[k]).toBe(straight[k]);
    expect(straight.workAccelS as number).toBeGreaterThan(0);
  });

  it("a live board (no playback) keeps no rewind points", async () => {
    const board = new FakeBoard();
    const { session } = await startSession({ rigName: "t", model: model(), lamp, board });
    const t0 = board.clock.nowMs();
    for (const t of [...range(100, 2000), ...range(1000, 2000)]) board.emitFrame(25, t0 + t);
    expect(session.summary().frames).toBe(20 + 11);
  });
});

describe("rewind log", () => {
  it("rewinds to the latest point at or before a time and forgets the later ones", () => {
    const log = new RewindLog<string>(100);
    for (const t of [0, 100, 200, 300]) log.record(t, `before ${t}`);
    expect(log.rewindTo(250)).toBe("before 200");
    expect(log.size).toBe(3);
    expect(log.rewindTo(-1)).toBeNull();
  });

  it("stays bounded: the older half thinned, recent points exact", () => {
    const log = new RewindLog<number>(64);
    for (let t = 0; t < 10_000; t++) log.record(t, t);
    expect(log.size).toBeLessThanOrEqual(64);
    expect(log.rewindTo(9_990)).toBe(9_990);
  });
});
