import { describe, expect, it } from "vitest";
import { orbitSchema } from "../../src/config/schema/orbit.js";
import {
  betaAngleDeg,
  DEG,
  EclipseSchedule,
  j2RaanRateDegPerDay,
  julianDate,
  resolveOrbit,
  sunPosition,
  sunSynchronousInclinationDeg,
} from "../../src/orbit/index.js";

describe("Sun position (Astronomical Almanac low-precision formulas)", () => {
  // Times of the 2026 equinox and solstices: U.S. Naval Observatory, "Earth's Seasons and
  // Apsides" (2026: March 20 14:46 UTC, June 21 08:24, September 23 00:05, December 21 20:50).
  it.each([
    ["2026-03-20T14:46:00Z", 0],
    ["2026-06-21T08:24:00Z", 90],
    ["2026-09-23T00:05:00Z", 180],
    ["2026-12-21T20:50:00Z", 270],
  ])("%s: ecliptic longitude %d deg (within 0.02 deg)", (iso, lon) => {
    const s = sunPosition(julianDate(Date.parse(iso)));
    const d = ((s.eclipticLongitudeDeg - lon + 540) % 360) - 180;
    expect(Math.abs(d)).toBeLessThan(0.02);
  });
});

describe("beta angle", () => {
  it("agrees with the RA/Dec form sin b = cos d sin i sin(O - a) + sin d cos i (CelestLab CL_gm_raan2beta)", () => {
    for (let k = 0; k < 200; k++) {
      const lon = (k * 37.3) % 360;
      const raan = (k * 91.7) % 360;
      const inc = (k * 13.1) % 180;
      const eps = 23.44;
      const lam = lon * DEG;
      const ra = Math.atan2(Math.cos(eps * DEG) * Math.sin(lam), Math.cos(lam));
      const dec = Math.asin(Math.sin(eps * DEG) * Math.sin(lam));
      const s =
        Math.cos(dec) * Math.sin(inc * DEG) * Math.sin(raan * DEG - ra) +
        Math.sin(dec) * Math.cos(inc * DEG);
      expect(betaAngleDeg(lon, eps, raan, inc)).toBeCloseTo(Math.asin(s) / DEG, 9);
    }
  });

  it("Sun-synchronous inclination 97.59 deg at 550 km and 97.99 at 650 km (docs/physics.md §2)", () => {
    expect(sunSynchronousInclinationDeg(550)).toBeCloseTo(97.59, 2);
    expect(sunSynchronousInclinationDeg(650)).toBeCloseTo(97.99, 2);
    // ... whose node turns with the mean Sun, 0.9856 deg/day.
    expect(j2RaanRateDegPerDay(650, sunSynchronousInclinationDeg(650))).toBeCloseTo(0.9856, 4);
  });

  it("dawn-dusk SSO at 650 km: beta ~82 at the equinox, ~58.6 at one solstice (docs/physics.md §2)", () => {
    const sched = (epoch: string) =>
      new EclipseSchedule(resolveOrbit(orbitSchema.parse({ preset: "sso-dawn-dusk", epoch })));
    expect(Math.abs(sched("2026-03-20T14:46:00Z").geometryOfOrbit(0).betaDeg)).toBeCloseTo(82, 0);
    const june = sched("2026-06-21T08:24:00Z").geometryOfOrbit(0);
    expect(Math.abs(june.betaDeg)).toBeCloseTo(58.6, 0);
    expect(june.shadowS).toBeGreaterThan(0);
    // "short season of <= 19.7-min eclipses" (cylindrical shadow)
    expect(june.cylindricalEclipseS / 60).toBeLessThan(19.7 + 0.2);
  });

  it("J2 drift makes the Starlink shell's beta change over days; a fixed beta never changes", () => {
    const drifting = new EclipseSchedule(resolveOrbit(orbitSchema.parse({ preset: "starlink" })));
    const perDay = Math.round(86400 / drifting.periodS);
    const b0 = drifting.geometryOfOrbit(0).betaDeg;
    const b10 = drifting.geometryOfOrbit(10 * perDay).betaDeg;
    expect(Math.abs(b10 - b0)).toBeGreaterThan(10);
    const fixed = new EclipseSchedule(
      resolveOrbit(orbitSchema.parse({ preset: "starlink", betaDeg: 30 })),
    );
    expect(fixed.geometryOfOrbit(10 * perDay).betaDeg).toBe(30);
  });
});

describe("GEO eclipse seasons", () => {
  // vialattea.net (INAF "Chiedi all'esperto", Q&A 116): a geostationary satellite has eclipses
  // only around the equinoxes, "45 eclipses per season, from a few seconds to a little over an hour".
  it("about 45 eclipse days around the March equinox, the longest a little over an hour", () => {
    const o = resolveOrbit(orbitSchema.parse({ preset: "geo", epoch: "2026-02-01T00:00:00Z" }));
    const s = new EclipseSchedule(o);
    let days = 0;
    let longestMin = 0;
    for (let k = 0; k < 100; k++) {
      const g = s.geometryOfOrbit(k);
      if (g.shadowS > 0) days++;
      longestMin = Math.max(longestMin, g.shadowS / 60);
    }
    expect(days).toBeGreaterThanOrEqual(42);
    expect(days).toBeLessThanOrEqual(48);
    expect(longestMin).toBeGreaterThan(60);
    expect(longestMin).toBeLessThan(75);
  });
});
