/**
 * The control case: links of zero capacity leave every node on its own, so the
 * constellation's figures must equal those of N independent `simulate` runs, node by node,
 * each on its own orbit (its plane's RAAN, its own start phase; beta from the date with J2
 * drift, so the planes see different betas).
 */
import { describe, expect, it } from "vitest";
import { rigSchema } from "../../src/config/rig.js";
import {
  compareConstellation,
  type NodeFigures,
  prepareConstellation,
} from "../../src/constellation/index.js";
import { nodeParams } from "../../src/node/params.js";
import { simulate } from "../../src/node/simulate.js";
import { resolveOrbit } from "../../src/orbit/presets.js";

const rig = rigSchema.parse({
  orbit: { preset: "starlink", epoch: "2026-05-01T00:00:00Z" },
  node: { array: { source: "model" } },
  constellation: { links: { capacityGbps: 0 } },
});

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

describe("links of zero capacity: N independent simulate runs", () => {
  const orbits = 3;
  const prepared = prepareConstellation(rig, {
    nodes: 6,
    planes: 3,
    orbits,
    workload: "saturated",
  });
  const c = compareConstellation(prepared).comparison;

  it("the planes see different beta angles", () => {
    const betas = c.planeInfo.map((p) => p.betaStartDeg);
    expect(new Set(betas.map((b) => b.toFixed(3))).size).toBe(3);
  });

  it.each([0, 1, 2, 3, 4, 5])("node %i equals simulate() of its own orbit", (n) => {
    const layout = prepared.layout.nodes[n]!;
    const orbit = resolveOrbit({
      ...rig.orbit,
      raanDeg: prepared.layout.planes[layout.plane]!.raanDeg,
      startPhase: layout.startPhase,
    });
    const alone = simulate({
      orbit,
      node: nodeParams(rig.node),
      scheduler: rig.scheduler,
      orbits,
      dtS: 1,
      perOrbit: false,
    }).totals;
    const x: NodeFigures = c.constellation.nodes[n]!;
    const pairs: Array<[string, number, number]> = [
      ["duty", x.duty, alone.duty],
      ["workDuty", x.workDuty, alone.workDuty],
      ["workAccelH", x.workAccelH, alone.workAccelH],
      ["minSoc", x.minSoc, alone.minSoc],
      ["maxTempC", x.maxTempC, alone.maxTempC],
      ["curtailedKWh", x.curtailedKWh, alone.curtailedKWh],
      ["unservedKWh", x.unservedKWh, alone.unservedKWh],
      ["floorViolationS", x.floorViolationS, alone.floorViolationS],
      ["shadowMin", x.shadowMin, alone.shadowMin],
      ["umbraMin", x.umbraMin, alone.umbraMin],
      ["finalSoc", x.finalSoc, alone.finalSoc],
      ["finalTempC", x.finalTempC, alone.finalTempC],
      ["energy.inJ", x.energy.inJ, alone.energy.inJ],
      ["energy.toLoadJ", x.energy.toLoadJ, alone.energy.toLoadJ],
      ["energy.storedJ", x.energy.storedJ, alone.energy.storedJ],
      ["energy.lossesJ", x.energy.lossesJ, alone.energy.lossesJ],
    ];
    expect(pairs.filter(([, a, b]) => !close(a, b))).toEqual([]);
    // Not a vacuous match: the node computed, saw shadow, and the nodes differ.
    expect(x.workAccelH).toBeGreaterThan(0);
    expect(x.shadowMin).toBeGreaterThan(0);
  });

  it("the nodes are not all the same (phases and planes differ)", () => {
    const mins = c.constellation.nodes.map((x) => x.minSoc.toFixed(6));
    expect(new Set(mins).size).toBeGreaterThan(1);
  });

  it("reports progress through both runs, ending at 1", () => {
    const seen: number[] = [];
    compareConstellation(
      prepareConstellation(rigSchema.parse({ ...rig, constellation: {} }), {
        nodes: 12,
        orbits: 2,
      }),
      (f) => seen.push(f),
    );
    expect(seen.length).toBeGreaterThan(4);
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1]!)).toBe(true);
    expect(seen.some((f) => f > 0.4 && f < 0.6)).toBe(true); // the twin runs too
    expect(seen.at(-1)).toBe(1);
  });

  it("with jobs and zero links, nothing moves and the run is its own independent twin", () => {
    const jobs = compareConstellation(
      prepareConstellation(rig, { nodes: 6, planes: 3, orbits: 2 }),
    ).comparison;
    expect(jobs.independentIsSame).toBe(true);
    expect(jobs.constellation.totals.movedAccelH).toBe(0);
    expect(jobs.constellation.jobs!.arrived).toBeGreaterThan(10);
  });
});
