import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  criticalBetaDeg,
  cylindricalEclipseFraction,
  maxBetaDeg,
  orbitPeriodS,
  orbitShadowGeometry,
  visibleSunFraction,
} from "../../src/orbit/index.js";

/**
 * Published eclipse durations at beta = 0 (spherical Earth, circular orbit, cylindrical
 * shadow). Source: answer to "Would a lower LEO ISS orbit really have a shorter eclipse
 * duration than a higher one?", Space Exploration Stack Exchange (uhoh, with its Python
 * code: R = 6378137 m, GM = 3.986e14 m^3/s^2): "zero altitude 42.24 minutes, 200 km 37.28,
 * 400 km 36.11, broad minimum at 1370 km 34.82".
 */
const stackExchange: { altitudeKm: number; eclipseMin: number }[] = [
  { altitudeKm: 0.001, eclipseMin: 42.24 },
  { altitudeKm: 200, eclipseMin: 37.28 },
  { altitudeKm: 400, eclipseMin: 36.11 },
  { altitudeKm: 1370, eclipseMin: 34.82 },
];

describe("eclipse duration against published values", () => {
  it.each(stackExchange)(
    "$altitudeKm km, beta 0: $eclipseMin min (within 0.2 min)",
    ({ altitudeKm, eclipseMin }) => {
      const g = orbitShadowGeometry(altitudeKm, 0);
      expect(Math.abs(g.cylindricalEclipseS / 60 - eclipseMin)).toBeLessThan(0.2);
    },
  );

  it("the eclipse is shortest near 1370 km, as the same source finds", () => {
    const minutes = (h: number) => orbitShadowGeometry(h, 0).cylindricalEclipseS / 60;
    expect(minutes(1370)).toBeLessThan(minutes(1000));
    expect(minutes(1370)).toBeLessThan(minutes(1800));
  });

  it("280 km, beta 0: sunlit 59% of the orbit, ~53 min of sun and ~37 min of shadow (Wikipedia 'Beta angle', rounded there)", () => {
    const g = orbitShadowGeometry(280, 0);
    const sunMin = (g.periodS - g.cylindricalEclipseS) / 60;
    expect(Math.round((1 - g.cylindricalEclipseS / g.periodS) * 100)).toBe(59);
    expect(Math.round(sunMin)).toBe(53);
    expect(Math.round(g.cylindricalEclipseS / 60)).toBe(37);
  });

  it("ISS: the Sun stops setting near beta 70 and beta never exceeds 75 (forum.raumfahrer.net, topic 3809; NASA 'high beta' seasons)", () => {
    // ISS altitude 400-420 km; the forum post: "bei einem Betawinkel von 70 Grad [geht] die
    // Sonne gar nicht mehr unter ... der hoechste Beta Winkel den die ISS erreichen kann ist 75 Grad".
    for (const h of [400, 410, 420]) expect(Math.round(criticalBetaDeg(h))).toBe(70);
    expect(Math.round(maxBetaDeg(51.6))).toBe(75);
  });

  it("critical beta: eclipse just below it, none at or above it (both shadow models)", () => {
    for (const h of [300, 550, 650, 1200, 35786]) {
      const b = criticalBetaDeg(h);
      expect(orbitShadowGeometry(h, b - 0.05, "cylindrical").shadowS).toBeGreaterThan(0);
      expect(orbitShadowGeometry(h, b + 1e-9, "cylindrical").shadowS).toBe(0);
      expect(cylindricalEclipseFraction(h, b + 1)).toBe(0);
      // The penumbra reaches a little past the cylinder (by the Sun's angular radius).
      expect(orbitShadowGeometry(h, b + 0.5).shadowS).toBe(0);
    }
  });

  it("period: ISS-like 420 km ~92.9 min; GEO equals one sidereal day (86164 s)", () => {
    expect(orbitPeriodS(420) / 60).toBeCloseTo(92.97, 1);
    expect(Math.abs(orbitPeriodS(35786) - 86164.09)).toBeLessThan(5);
  });
});

describe("conical shadow", () => {
  it("umbra < cylindrical < umbra + penumbra, penumbra ~10 s per side in LEO", () => {
    for (const beta of [0, 20, 40, 60]) {
      const g = orbitShadowGeometry(550, beta);
      expect(g.umbraS).toBeLessThan(g.cylindricalEclipseS);
      expect(g.shadowS).toBeGreaterThan(g.cylindricalEclipseS);
    }
    const g0 = orbitShadowGeometry(550, 0);
    expect(g0.penumbraS / 2).toBeGreaterThan(6);
    expect(g0.penumbraS / 2).toBeLessThan(12);
  });

  it("illumination falls monotonically from full sun to umbra through the penumbra", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 300, max: 40000, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (h, betaFrac) => {
          const beta = betaFrac * 0.98 * criticalBetaDeg(h);
          const g = orbitShadowGeometry(h, beta);
          let prev = 1;
          for (let i = 0; i <= 200; i++) {
            const p = g.penumbraEntryPhase - 1e-6 + (i / 200) * (0.5 - g.penumbraEntryPhase + 1e-6);
            const f = g.illuminationAtPhase(p);
            expect(f).toBeLessThanOrEqual(prev + 1e-12);
            expect(f).toBeGreaterThanOrEqual(0);
            prev = f;
          }
          if (g.umbraS > 0) expect(g.illuminationAtPhase(0.5)).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("visible fraction is 1/2 when the Sun's centre sits on the Earth's limb", () => {
    const rhoE = Math.asin(6378.137 / 6928.137);
    const rhoS = Math.asin(695700 / 149597870.7);
    expect(visibleSunFraction(rhoE, rhoS, rhoE)).toBeCloseTo(0.5, 3);
    expect(visibleSunFraction(rhoE, rhoS, rhoE + rhoS)).toBe(1);
    expect(visibleSunFraction(rhoE, rhoS, rhoE - rhoS)).toBe(0);
  });

  it("segments cover the orbit in order: sunlit, penumbra, umbra, penumbra, sunlit", () => {
    const g = orbitShadowGeometry(550, 10);
    expect(g.segments.map((s) => s.region)).toEqual([
      "sunlit",
      "penumbra",
      "umbra",
      "penumbra",
      "sunlit",
    ]);
    expect(g.segments[0]!.fromPhase).toBe(0);
    expect(g.segments.at(-1)!.toPhase).toBe(1);
    for (let i = 1; i < g.segments.length; i++)
      expect(g.segments[i]!.fromPhase).toBe(g.segments[i - 1]!.toPhase);
  });
});
