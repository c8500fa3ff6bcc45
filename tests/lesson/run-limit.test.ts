/**
 * A lesson's run steps cover at most LESSON_RUN_LIMIT_S of orbit time in all, with each
 * orbit's period as the lesson's changes leave it: a run step that would pass the limit is
 * refused at its line, before it runs (a GEO orbit is a day long; a lesson of many steps
 * adds up). The accounting is checked on a target whose clock jumps, so no test runs years.
 */
import { describe, expect, it } from "vitest";
import { loadRig } from "../../src/config/index.js";
import { OrbitrigError } from "../../src/core/errors.js";
import {
  LESSON_RUN_LIMIT_S,
  type LessonTarget,
  loadLessonText,
  runLesson,
  SimTarget,
} from "../../src/lesson/index.js";
import { SatelliteNodeModel } from "../../src/rig/satellite.js";

const HEAD = `title: Long
question: How long may a lesson run?
claim:
  text: Not for ever.
level: beginner
durationMin: 5
rig: sim
notes: a long lesson
`;

async function refusal(run: () => Promise<unknown>): Promise<OrbitrigError> {
  try {
    await run();
  } catch (e) {
    if (e instanceof OrbitrigError) return e;
    throw e;
  }
  throw new Error("the lesson ran");
}

/**
 * The runner's accounting without computing years: a target on the sim-starlink model
 * whose clock jumps to each run's end, noting the days each run asked for.
 */
function jumpingTarget(): LessonTarget & { ranDays: number[] } {
  let t = 0;
  const ranDays: number[] = [];
  return {
    mode: "sim",
    model: SatelliteNodeModel.fromRig(loadRig("sim-starlink").config),
    nowS: () => t,
    advanceTo: async (endS) => {
      ranDays.push((endS - t) / 86400);
      t = endS;
    },
    fault: () => null,
    bench: () => null,
    hold: async () => undefined,
    ranDays,
  };
}

describe("a lesson's run steps have a bound in all", () => {
  it("2,000 orbits after a set to GEO: refused at the run step's line before it runs", async () => {
    const text = `${HEAD}steps:
  - set: { orbit.preset: geo }
  - run: { orbits: 2000 }
`;
    const file = loadLessonText(text, "long.yaml", "long");
    const target = new SimTarget({ rig: file.lesson.simRig, start: file.lesson.start });
    const e = await refusal(() => runLesson(file.lesson, target, { file }));
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(
      /^long\.yaml:11 steps\.1\.run\.orbits: 1,99\d days of orbit time \(orbits of 1,436 min here\): a lesson runs at most 1,100 days of orbit time in all$/,
    );
    // Refused before it ran: the model's clock has not moved.
    expect(target.nowS()).toBe(0);
  });

  it("steps that add up past it: the one that would pass it is refused, the earlier ones ran", async () => {
    const text = `${HEAD}steps:
  - run: { days: 400 }
  - run: { days: 400 }
  - run: { days: 299 }
  - run: { days: 2 }
`;
    const file = loadLessonText(text, "many.yaml", "many");
    const jumping = jumpingTarget();
    const e = await refusal(() => runLesson(file.lesson, jumping, { file }));
    expect(jumping.ranDays).toEqual([400, 400, 299]);
    expect(e.message).toBe(
      "many.yaml:13 steps.3.run.days: 2 days of orbit time after 1,099 days already run: a lesson runs at most 1,100 days of orbit time in all",
    );
    expect(LESSON_RUN_LIMIT_S).toBe(1100 * 86400);
  });

  it("up to the bound exactly, it runs", async () => {
    const text = `${HEAD}steps:
  - run: { days: 400 }
  - run: { days: 400 }
  - run: { days: 300 }
`;
    const file = loadLessonText(text, "edge.yaml", "edge");
    const target = jumpingTarget();
    await runLesson(file.lesson, target, { file });
    expect(target.nowS()).toBe(LESSON_RUN_LIMIT_S);
  });
});
