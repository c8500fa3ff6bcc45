/**
 * The bench lessons on the emulated rig (the real firmware in the emulator, the normal
 * session), compressed: orbit.timeScale raised so an orbit takes seconds of emulated bench
 * time, the emulator as fast as the machine runs it. Bounded by emulated time: each run
 * step ends on the orbit time the node states report. The eclipse is measured from the
 * cell current and must agree with the geometry within the tolerance the lesson states.
 *
 * The rig runs in lockstep with the host (src/network/desk-lockstep.ts, as the desk bench
 * runs its emulated rigs, here with no constellation messages to wait for): the emulator
 * advances 2 ms of emulated time, then the event loop turns, so whatever the host does with
 * a frame or a reply (the lamp command that follows the eclipse, the next command after an
 * acknowledgement) reaches the board within a step of emulated time however busy the
 * machine is. Paced by the wall clock alone, the lamp was late by a slice of emulation
 * per hop: a full-suite run on a busy 2-core machine once measured 19.47 against 20.59 min
 * of eclipse at beta 60 and 300 orbit seconds per bench second.
 */
import { describe, expect, it } from "vitest";
import { loadRig, parseRig } from "../../src/config/load.js";
import {
  type LoadedLesson,
  loadLesson,
  RigTarget,
  runLesson,
  withStart,
} from "../../src/lesson/index.js";
import { DeskInFlight, LockstepDriver } from "../../src/network/desk-lockstep.js";
import { buildRigSession, startRigSession } from "../../src/rig/session.js";

async function onEmulatedRig(l: LoadedLesson, timeScale: number, steps = l.lesson.steps) {
  const loaded = loadRig("emulated");
  const config = parseRig({
    ...withStart(loaded.config, l.lesson.start),
    orbit: { ...loaded.config.orbit, timeScale },
  });
  const rs = await buildRigSession({ ...loaded, config }, { record: null, speed: "max" });
  rs.built = new LockstepDriver(new DeskInFlight(), { speed: "max" }).paced(rs.built);
  const target = new RigTarget(rs, { rateHz: config.board.rateHz, holdS: { say: 0, ask: 0 } });
  await startRigSession(rs);
  try {
    return await runLesson({ ...l.lesson, steps }, target);
  } finally {
    await rs.session.stop("quit");
    rs.built.stop();
  }
}

describe("bench lessons on the emulated rig, compressed", () => {
  it("sunlight-24h (its Starlink-shell part): the eclipse measured from the cell current agrees with the geometry", async () => {
    const l = loadLesson("sunlight-24h");
    const upTo = l.lesson.steps.findIndex((s) => "compare" in s) + 1;
    const r = await onEmulatedRig(l, 150, l.lesson.steps.slice(0, upTo));
    expect(r.mode).toBe("emulated");
    const eclipse = r.expectations.filter(
      (e) => e.quantity.endsWith(".eclipseMin") && e.against.includes("prediction"),
    );
    expect(eclipse.map((e) => e.quantity)).toEqual([
      "beta0.eclipseMin",
      "beta30.eclipseMin",
      "beta60.eclipseMin",
      "beta72.eclipseMin",
    ]);
    for (const e of eclipse)
      expect(e.status, `${e.quantity}: ${e.measured} vs ${e.reference}`).toBe("pass");
    expect(eclipse[0]!.measured!).toBeGreaterThan(30);
    expect(r.expectations.filter((e) => e.status !== "pass")).toEqual([]);
  }, 240_000);

  it("cosmic-rays: upsets in the running firmware give rejected lines the host survives", async () => {
    const r = await onEmulatedRig(loadLesson("cosmic-rays"), 600);
    expect(r.expectations.map((e) => e.status)).toEqual(["pass", "pass"]);
    expect(r.measures.quiet!.rejectedLines!.value).toBe(0);
  }, 240_000);

  it("which-policy: the four policies switched live", async () => {
    const r = await onEmulatedRig(loadLesson("which-policy"), 1000);
    expect(r.expectations.filter((e) => e.status !== "pass")).toEqual([]);
  }, 240_000);
});
