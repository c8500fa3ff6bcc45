/**
 * Live changes of the scheduler (a teacher's commands): the session applies them to its
 * model, logs them with their orbit time, and refuses what cannot change while it runs.
 */
import { describe, expect, it } from "vitest";
import { parseRig } from "../../src/config/index.js";
import { SatelliteNodeModel } from "../../src/rig/satellite.js";
import { SquareOrbitModel, startSession } from "./fakes.js";

const lamp = {
  driver: "pwm" as const,
  fullLevel: 200,
  maxPanelTempC: 60,
  hysteresisC: 5,
  maxLampOnS: 1000,
  cooldownS: 30,
};

function model() {
  return SatelliteNodeModel.fromRig(
    parseRig({ node: { array: { source: "model" } }, scheduler: { policy: "predictive" } }),
  );
}

describe("live scheduler changes", () => {
  it("a new policy takes over and is recorded as an operator event with its orbit time", async () => {
    const m = model();
    const { session, recorder } = await startSession({ rigName: "t", model: m, lamp });
    expect(session.status().policy).toBe("predictive");
    const r = session.setPolicy("sunlit-only");
    expect(r).toEqual({ ok: true, text: "policy: sunlit-only" });
    expect(session.status().policy).toBe("sunlit-only");
    const e = recorder.events.find((x) => x.kind === "operator" && x.data.action === "set-policy");
    expect(e?.data).toMatchObject({ policy: "sunlit-only" });
    expect(typeof e?.data.orbitS).toBe("number");
  });

  it("a scheduler parameter is validated like the rig file's; others are refused with a reason", async () => {
    const m = model();
    const { session } = await startSession({ rigName: "t", model: m, lamp });
    expect(session.setParameter("scheduler.socLowFraction", 0.5).ok).toBe(true);
    const high = session.setParameter("scheduler.socLowFraction", 0.95);
    expect(high).toEqual({
      ok: false,
      reason: expect.stringContaining("socLowFraction must be below socHighFraction"),
    });
    expect(session.setParameter("scheduler.bogus", 1)).toEqual({
      ok: false,
      reason: "scheduler.bogus: no such parameter",
    });
    const node = session.setParameter("node.battery.capacityWh", 100);
    expect(node.ok).toBe(false);
    expect(node.ok ? "" : node.reason).toMatch(/only scheduler\.\* parameters/);
    expect(session.setPolicy("fastest").ok).toBe(false);
    // scheduler.policy by key is the policy.
    expect(session.setParameter("scheduler.policy", "always-on").ok).toBe(true);
    expect(session.status().policy).toBe("always-on");
  });

  it("a model that cannot change refuses, and nothing is logged", async () => {
    const { session, recorder } = await startSession({
      rigName: "t",
      model: new SquareOrbitModel(),
      lamp,
    });
    const before = recorder.events.length;
    expect(session.setPolicy("always-on")).toEqual({
      ok: false,
      reason: "this session's model cannot change while it runs",
    });
    expect(recorder.events.length).toBe(before);
  });
});
