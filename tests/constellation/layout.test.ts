/**
 * The Walker layout: nodes evenly phased in each plane, planes evenly spread in RAAN (so
 * their beta angles differ when beta follows the date), the Walker phasing factor, and the
 * noon reference each node's start phase is counted from.
 */
import { describe, expect, it } from "vitest";
import { orbitSchema } from "../../src/config/schema/orbit.js";
import { buildLayout, buildTopology } from "../../src/constellation/index.js";
import { betaAtS } from "../../src/orbit/presets.js";
import { EclipseSchedule } from "../../src/orbit/schedule.js";

const frac = (x: number) => x - Math.floor(x);
const phaseGap = (a: number, b: number) => frac(b - a + 1e-12) - 1e-12;

describe("Walker layout", () => {
  const orbit = orbitSchema.parse({ preset: "starlink", epoch: "2026-06-21T00:00:00Z" });
  const layout = buildLayout({ orbit, nodes: 12, planes: 4, raanSpreadDeg: 360, phasingF: 1 });

  it("spreads the planes' ascending nodes evenly over 360°", () => {
    const raans = layout.planes.map((p) => p.raanDeg);
    for (let p = 1; p < 4; p++) expect(raans[p]! - raans[p - 1]!).toBeCloseTo(90, 9);
  });

  it("phases the nodes of a plane evenly, 1/S of an orbit apart", () => {
    for (let p = 0; p < 4; p++) {
      const nodes = layout.nodes.filter((x) => x.plane === p);
      expect(nodes.map((x) => x.slot)).toEqual([0, 1, 2]);
      for (let j = 1; j < 3; j++)
        expect(phaseGap(nodes[j - 1]!.startPhase, nodes[j]!.startPhase)).toBeCloseTo(1 / 3, 9);
    }
  });

  it("shifts plane p by F p / N of an orbit in argument of latitude", () => {
    for (let p = 0; p < 4; p++)
      expect(layout.nodes[p * 3]!.argLatDeg).toBeCloseTo((360 * p) / 12, 9);
  });

  it("each plane sees its own beta; every node's orbit has its plane's RAAN", () => {
    const betas = layout.planes.map((p) => betaAtS(layout.nodes[p.plane * 3]!.orbit, 0));
    expect(new Set(betas.map((b) => b.toFixed(2))).size).toBe(4);
    for (const x of layout.nodes) expect(x.orbit.raanDeg).toBe(layout.planes[x.plane]!.raanDeg);
  });

  it("phase 0 is orbit noon: the node there is in full sun, half an orbit later in shadow", () => {
    // A node put at its plane's noon argument of latitude starts at phase 0 (+ startPhase).
    for (const p of layout.planes) {
      const x = layout.nodes[p.plane * 3]!;
      const expected = frac((x.argLatDeg - p.noonArgLatDeg) / 360);
      expect(
        Math.min(Math.abs(x.startPhase - expected), 1 - Math.abs(x.startPhase - expected)),
      ).toBeLessThan(1e-9);
    }
    const s = new EclipseSchedule({ ...layout.nodes[0]!.orbit, startPhase: 0 });
    if (s.geometryAt(0).shadowS > 0) {
      expect(s.illumination(0)).toBe(1);
      expect(s.illumination(0.5 * s.periodS)).toBe(0);
    }
  });

  it("a fixed beta gives every plane that beta, and phases from the Walker slots alone", () => {
    const fixed = buildLayout({
      orbit: orbitSchema.parse({ preset: "starlink", betaDeg: 30 }),
      nodes: 6,
      planes: 2,
      raanSpreadDeg: 360,
      phasingF: 0,
    });
    expect(fixed.nodes.map((x) => betaAtS(x.orbit, 0))).toEqual(Array(6).fill(30));
    expect(fixed.nodes.map((x) => Number(x.startPhase.toFixed(9)))).toEqual([
      0, 0.333333333, 0.666666667, 0, 0.333333333, 0.666666667,
    ]);
  });
});

describe("cross-plane links", () => {
  const orbit = orbitSchema.parse({ preset: "starlink", betaDeg: 0 });
  const layout = (spread: number) =>
    buildLayout({ orbit, nodes: 12, planes: 4, raanSpreadDeg: spread, phasingF: 0 });

  it("join slot j of each plane to slot j of the next, closing the ring of a Walker delta", () => {
    const t = buildTopology(layout(360), { crossPlane: true, planesRing: true });
    expect(t.linkA.length).toBe(12 + 12);
    expect(t.crossPlane.reduce((a, x) => a + x, 0)).toBe(12);
    // Every node has two in-plane and two cross-plane neighbours.
    for (let i = 0; i < 12; i++) expect(t.adjStart[i + 1]! - t.adjStart[i]!).toBe(4);
  });

  it("leave the seam of a Walker star open (its first and last planes meet head-on)", () => {
    const t = buildTopology(layout(180), { crossPlane: true, planesRing: false });
    expect(t.crossPlane.reduce((a, x) => a + x, 0)).toBe(9);
  });

  it("need line of sight above the grazing altitude and range, throughout an orbit", () => {
    // 550 km: neighbours 90° apart (4 a plane) are 9,798 km apart and their line of sight
    // passes 4,899 km from the Earth's centre, through the Earth: no link.
    const four = buildLayout({ orbit, nodes: 4, planes: 1, raanSpreadDeg: 360, phasingF: 0 });
    const sight = {
      crossPlane: false,
      planesRing: true,
      maxRangeKm: 5400,
      minGrazingAltitudeKm: 100,
    };
    expect(buildTopology(four, sight).linkA.length).toBe(0);
    expect(buildTopology(four, sight).outOfSight).toBe(4);
    expect(
      buildTopology(four, { ...sight, maxRangeKm: undefined, minGrazingAltitudeKm: undefined })
        .linkA.length,
    ).toBe(4);
    // 9 a plane: 40° apart, 4,739 km, the line of sight passes 6,510 km from the centre.
    const nine = buildLayout({ orbit, nodes: 9, planes: 1, raanSpreadDeg: 360, phasingF: 0 });
    const t = buildTopology(nine, sight);
    expect(t.linkA.length).toBe(9);
    expect(t.lengthKm[0]).toBeCloseTo(2 * (6378.137 + 550) * Math.sin((20 * Math.PI) / 180), 6);
    expect(buildTopology(nine, { ...sight, maxRangeKm: 4000 }).linkA.length).toBe(0);
    expect(buildTopology(nine, { ...sight, minGrazingAltitudeKm: 200 }).linkA.length).toBe(0);
  });

  it("a fixed latency overrides light time", () => {
    const t = buildTopology(layout(360), { crossPlane: false, planesRing: true, latencyS: 0.25 });
    expect([...t.latencyS].every((x) => x === 0.25)).toBe(true);
  });
});
