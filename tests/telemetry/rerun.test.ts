import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRig } from "../../src/config/load.js";
import type { PolicyName } from "../../src/config/schema/scheduler.js";
import type { NodeState } from "../../src/node/state.js";
import { SatelliteNodeModel } from "../../src/rig/satellite.js";
import { type OpenedRecording, openRecording } from "../../src/telemetry/reader.js";
import { applyOverrides, rerunRecording } from "../../src/telemetry/rerun.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/recordings");
// Made by the emulated rig: `orbitrig demo --rig rigs/<rig>.yaml --headless --speed max
// --duration <d> [--policy P] --record tests/fixtures/recordings/<name>.ndjson`.
const SAMPLES = ["classroom-soc-hysteresis.ndjson", "emulated-sunlit-only.ndjson"];

function modelFor(rec: OpenedRecording, opts: { policy?: PolicyName; set?: string[] } = {}) {
  const config = parseRig(applyOverrides(rec.header.rig.config, opts.set ?? []));
  const policy = opts.policy ?? (rec.header.session?.policy as PolicyName);
  return SatelliteNodeModel.fromRig(config, { policy });
}

describe("re-run of recorded sessions", () => {
  it.each(SAMPLES)(
    "%s: with nothing changed, reproduces every recorded node state exactly",
    (name) => {
      const rec = openRecording(join(FIXTURES, name));
      const r = rerunRecording(rec, modelFor(rec));
      expect(r.frames).toBeGreaterThan(1000);
      expect(r.compared).toBe(r.frames);
      expect(r.differing).toBe(0);
      expect(r.rerun.totals).toEqual(r.recorded.totals);
    },
  );

  it("with another policy, the node states change as that policy says", () => {
    const rec = openRecording(join(FIXTURES, "classroom-soc-hysteresis.ndjson"));
    const states: Array<{ recorded: NodeState; rerun: NodeState }> = [];
    const r = rerunRecording(rec, modelFor(rec, { policy: "sunlit-only" }), {
      onState: (_t, recorded, rerun) => states.push({ recorded: recorded!, rerun }),
    });
    expect(r.differing).toBeGreaterThan(0);
    // sunlit-only: full compute in full sun, nothing asked for otherwise.
    for (const { rerun } of states.slice(1)) {
      expect(rerun.computeLevelRequested).toBe(rerun.illumination >= 1 ? 1 : 0);
    }
    const eclipse = states.filter((s) => s.rerun.region === "umbra");
    expect(eclipse.length).toBeGreaterThan(50);
    expect(eclipse.every((s) => s.rerun.computeLevelRequested === 0)).toBe(true);
    // The recording's soc-hysteresis policy did compute in some eclipse frames.
    expect(eclipse.some((s) => s.recorded.computeLevel > 0)).toBe(true);
    // Less compute in eclipse leaves more charge: the lowest SoC is higher than recorded.
    expect(r.rerun.totals.minSocPct!).toBeGreaterThan(r.recorded.totals.minSocPct!);
  });

  it("with a bigger battery, always-on compute hits the DoD floor less and delivers more work", () => {
    const rec = openRecording(join(FIXTURES, "classroom-soc-hysteresis.ndjson"));
    const cfg = rec.header.rig.config as { node?: { battery?: { capacityWh?: number } } };
    const capacityWh = (cfg.node?.battery?.capacityWh ?? 80_000) * 2;
    const same = rerunRecording(rec, modelFor(rec, { policy: "always-on" }));
    const bigger = rerunRecording(
      rec,
      modelFor(rec, { policy: "always-on", set: [`node.battery.capacityWh=${capacityWh}`] }),
    );
    // Same sunlight; the bigger battery keeps always-on compute above the DoD floor for longer.
    expect(bigger.rerun.totals.energyInWh).toBeCloseTo(same.rerun.totals.energyInWh, 6);
    expect(same.rerun.totals.floorViolations).toBeGreaterThan(0);
    expect(bigger.rerun.totals.floorViolations).toBeLessThan(same.rerun.totals.floorViolations);
    expect(bigger.rerun.totals.workAccelS!).toBeGreaterThan(same.rerun.totals.workAccelS!);
  });

  it("refuses a --set that does not fit the rig schema, naming the field", () => {
    const rec = openRecording(join(FIXTURES, "emulated-sunlit-only.ndjson"));
    expect(() => modelFor(rec, { set: ["node.battery.capacityWh=-5"] })).toThrow(
      /node\.battery\.capacityWh/,
    );
    expect(() => applyOverrides({}, ["capacity"])).toThrow(/expected key=value/);
  });
});
