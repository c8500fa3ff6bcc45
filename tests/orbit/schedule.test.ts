import { describe, expect, it } from "vitest";
import { orbitSchema } from "../../src/config/schema/orbit.js";
import {
  benchToOrbitS,
  EclipseSchedule,
  groundGeometry,
  orbitToBenchS,
  resolveOrbit,
} from "../../src/orbit/index.js";

const schedule = (o: Record<string, unknown>) =>
  new EclipseSchedule(resolveOrbit(orbitSchema.parse(o)));

describe("EclipseSchedule", () => {
  const s = schedule({ preset: "starlink", betaDeg: 20 });
  const g = s.geometryOfOrbit(0);
  const T = s.periodS;

  it("phase 0 is orbit noon: sunlit at 0, umbra at 0.5, orbit number changes at noon", () => {
    expect(s.region(0)).toBe("sunlit");
    expect(s.illumination(0)).toBe(1);
    expect(s.region(0.5 * T)).toBe("umbra");
    expect(s.illumination(0.5 * T)).toBe(0);
    expect(s.orbitNumber(T - 1)).toBe(0);
    expect(s.orbitNumber(T + 1)).toBe(1);
    expect(s.position(1.25 * T).phase).toBeCloseTo(0.25, 12);
  });

  it("next transition: entry from sunlight, exit from shadow, times that land on the region change", () => {
    const n0 = s.nextTransition(0)!;
    expect(n0.kind).toBe("eclipse-entry");
    expect(n0.inS).toBeCloseTo(g.penumbraEntryPhase * T, 6);
    expect(s.region(n0.inS - 0.01)).toBe("sunlit");
    expect(s.region(n0.inS + 0.01)).toBe("penumbra");
    const n1 = s.nextTransition(0.5 * T)!;
    expect(n1.kind).toBe("eclipse-exit");
    expect(s.region(0.5 * T + n1.inS + 0.01)).toBe("sunlit");
    // After this orbit's eclipse, the next entry is in the next orbit.
    const n2 = s.nextTransition(0.9 * T)!;
    expect(n2.kind).toBe("eclipse-entry");
    expect(n2.inS).toBeCloseTo((1 - 0.9 + g.penumbraEntryPhase) * T, 6);
  });

  it("force eclipse: the new schedule is at eclipse entry now; orbit time is untouched", () => {
    const t = 100;
    const f = s.forceEclipse(t);
    expect(f.offsetS).toBeCloseTo(s.nextEclipse(t)!.entryInS, 9);
    expect(f.region(t + 0.01)).toBe("penumbra");
    expect(f.nextTransition(t + 0.01)!.kind).toBe("eclipse-exit");
    // Already in shadow: nothing to force.
    expect(s.forceEclipse(0.5 * T)).toBe(s);
  });

  it("force eclipse after this orbit's eclipse steps back to it: the orbit number never jumps", () => {
    const g = s.geometryAt(0);
    const t = (g.penumbraExitPhase + 0.05) * T; // sunlit, after the eclipse, orbit 0
    const f = s.forceEclipse(t);
    expect(f.offsetS).toBeLessThan(0);
    expect(f.position(t)).toMatchObject({ orbitNumber: 0 });
    expect(f.position(t).phase).toBeCloseTo(g.penumbraEntryPhase, 9);
    expect(f.region(t + 0.01)).toBe("penumbra");
    // The orbit goes on from the eclipse entry: it ends one shadow later than it would have.
    expect(f.position(t + (1 - g.penumbraEntryPhase) * T - 1).orbitNumber).toBe(0);
    expect(f.position(t + (1 - g.penumbraEntryPhase) * T + 1).orbitNumber).toBe(1);
  });

  it("no eclipse above the critical beta: no transition, force eclipse does nothing", () => {
    const hi = schedule({ preset: "starlink", betaDeg: 70 });
    expect(hi.nextTransition(0)).toBeNull();
    expect(hi.segments(0)).toEqual([{ fromPhase: 0, toPhase: 1, region: "sunlit" }]);
    expect(hi.forceEclipse(0)).toBe(hi);
  });

  it("startPhase shifts where the session starts in the orbit", () => {
    const mid = schedule({ preset: "starlink", betaDeg: 0, startPhase: 0.5 });
    expect(mid.region(0)).toBe("umbra");
    expect(mid.orbitNumber(0)).toBe(0);
    expect(mid.orbitNumber(0.5 * mid.periodS + 1)).toBe(1);
  });

  it("time compression: timeScale orbit seconds per bench second", () => {
    const c = schedule({ timeScale: 60 });
    expect(c.timeScale).toBe(60);
    expect(benchToOrbitS(95, 60)).toBe(5700);
    expect(orbitToBenchS(5700, 60)).toBe(95);
  });
});

describe("ground site", () => {
  it("equinox at 40 N: about 12 h of Sun-centre daylight, sunrise and sunset each take minutes", () => {
    const g = groundGeometry(40, 0);
    expect(g.periodS).toBe(86400);
    expect(g.cylindricalEclipseS / 3600).toBeCloseTo(12, 1);
    expect(g.penumbraS / 2 / 60).toBeGreaterThan(2);
    expect(g.penumbraS / 2 / 60).toBeLessThan(4);
    // Noon at 40 N on the equinox: elevation 50 deg, air mass ~1.3, beam ~0.74 of AM0.
    expect(g.illuminationAtPhase(0)).toBeGreaterThan(0.65);
    expect(g.illuminationAtPhase(0)).toBeLessThan(0.8);
    expect(g.illuminationAtPhase(0.5)).toBe(0);
  });

  it("polar night and midnight sun at 80 N", () => {
    expect(groundGeometry(80, -23.4).segments).toEqual([
      { fromPhase: 0, toPhase: 1, region: "umbra" },
    ]);
    expect(groundGeometry(80, 23.4).segments).toEqual([
      { fromPhase: 0, toPhase: 1, region: "sunlit" },
    ]);
  });

  it("the ground preset's day lengthens from March to June at 40 N", () => {
    const s = schedule({ preset: "ground", epoch: "2026-03-20T12:00:00Z" });
    const march = s.geometryOfOrbit(0).shadowS;
    const june = s.geometryOfOrbit(93).shadowS;
    expect(june).toBeLessThan(march - 2 * 3600);
  });
});
