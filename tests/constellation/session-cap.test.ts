/**
 * A session under a desk constellation's coordinator (src/session/session.ts): the outside
 * cap reaches the load pin, is recorded when it changes (so a re-run applies it), and the
 * slot's phase moves the lamp's schedule, logged for people.
 */
import { describe, expect, it } from "vitest";
import { parseRig } from "../../src/config/index.js";
import { SatelliteNodeModel } from "../../src/rig/satellite.js";
import { SquareOrbitModel, startSession, streamFrames } from "../session/fakes.js";

/** Board time in 50 ms steps, letting the commands' promises settle between them. */
async function advance(board: { clock: { advance(ms: number): void } }, ms: number) {
  for (let t = 0; t < ms; t += 50) {
    board.clock.advance(50);
    for (let k = 0; k < 5; k++) await Promise.resolve();
  }
}

function model() {
  return SatelliteNodeModel.fromRig(
    parseRig({
      node: { array: { source: "model" } },
      orbit: { preset: "starlink", betaDeg: 0, timeScale: 60 },
      scheduler: { policy: "always-on" },
    }),
  );
}

describe("a session under an outside cap", () => {
  it("the cap reaches the load pin; each change is recorded once, with its orbit time", async () => {
    const m = model();
    const { session, board, recorder } = await startSession({ model: m });
    const stop = streamFrames(board, 50);
    await advance(board, 500);
    expect(board.load).toBe(255);
    expect(session.ownComputeLevel()).toBe(1);
    expect(session.setComputeCap(0.25)).toEqual({ ok: true, text: "compute cap 0.25" });
    expect(session.setComputeCap(0.25)).toEqual({ ok: true, text: "unchanged" });
    await advance(board, 500);
    expect(board.load).toBe(64);
    expect(session.ownComputeLevel()).toBe(1);
    session.setComputeCap(null);
    await advance(board, 500);
    expect(board.load).toBe(255);
    const caps = recorder.events.filter((e) => e.data.action === "compute-cap");
    expect(caps.map((e) => e.data.level)).toEqual([0.25, null]);
    expect(caps.every((e) => typeof e.data.orbitS === "number")).toBe(true);
    stop();
    await session.stop("quit");
  });

  it("a slot's phase moves the schedule and is logged for people", async () => {
    const m = model();
    const { session, board, recorder } = await startSession({ model: m });
    const stop = streamFrames(board, 50);
    await advance(board, 1000);
    const atOrbitS = session.orbitS();
    const r = session.alignPhase(0.5, atOrbitS, "constellation: slot 2 of 3");
    expect(r.ok).toBe(true);
    expect(m.sunAt(atOrbitS).phase).toBeCloseTo(0.5, 9);
    const e = recorder.events.find((x) => x.data.action === "align-phase");
    expect(e?.data).toMatchObject({ phase: 0.5, orbitS: atOrbitS });
    stop();
    await session.stop("quit");
  });

  it("a model without the seam refuses, and nothing is recorded", async () => {
    const { session, recorder } = await startSession({ model: new SquareOrbitModel() });
    const before = recorder.events.length;
    expect(session.setComputeCap(0.5).ok).toBe(false);
    expect(session.alignPhase(0.5, 0, "x").ok).toBe(false);
    expect(session.ownComputeLevel()).toBeNull();
    expect(recorder.events.length).toBe(before);
    await session.stop("quit");
  });
});
