/**
 * Where the Sun is, and the beta angle of an orbit plane.
 *
 * Sun position: the Astronomical Almanac's low-precision formulas ("Approximate Solar
 * Coordinates", U.S. Naval Observatory; Astronomical Almanac section C5), good to about
 * 0.01 deg between 1950 and 2050:
 *   n = JD - 2451545.0, L = 280.460 + 0.9856474 n, g = 357.528 + 0.9856003 n,
 *   lambda = L + 1.915 sin g + 0.020 sin 2g, epsilon = 23.439 - 0.0000004 n.
 * Beta angle (Vallado; Wikipedia "Beta angle"; docs/physics.md §2):
 *   sin beta = cos G sin O sin i - sin G cos e cos O sin i + sin G sin e cos i,
 * G the Sun's ecliptic longitude, O the RAAN, i the inclination, e the obliquity.
 * J2 nodal regression: dO/dt = -1.5 n J2 (R/a)^2 cos i (Vallado eq. 9-41, circular orbit).
 */
import {
  DEG,
  EARTH_RADIUS_KM,
  J2_EARTH,
  JD_J2000,
  MU_EARTH_KM3_S2,
  TROPICAL_YEAR_DAYS,
} from "./constants.js";

export interface SunPosition {
  /** Ecliptic longitude, degrees 0..360 (0 at the March equinox). */
  eclipticLongitudeDeg: number;
  /** Obliquity of the ecliptic, degrees. */
  obliquityDeg: number;
  rightAscensionDeg: number;
  declinationDeg: number;
}

/** Julian date (UTC taken as TT) of a JavaScript epoch-millisecond time. */
export function julianDate(epochMs: number): number {
  return epochMs / 86_400_000 + 2440587.5;
}

function wrap360(x: number): number {
  const r = x % 360;
  return r < 0 ? r + 360 : r;
}

export function sunPosition(jd: number): SunPosition {
  const n = jd - JD_J2000;
  const lDeg = 280.46 + 0.9856474 * n;
  const gRad = (357.528 + 0.9856003 * n) * DEG;
  const lambdaDeg = wrap360(lDeg + 1.915 * Math.sin(gRad) + 0.02 * Math.sin(2 * gRad));
  const epsDeg = 23.439 - 0.0000004 * n;
  const lam = lambdaDeg * DEG;
  const eps = epsDeg * DEG;
  const ra = Math.atan2(Math.cos(eps) * Math.sin(lam), Math.cos(lam));
  const dec = Math.asin(Math.sin(eps) * Math.sin(lam));
  return {
    eclipticLongitudeDeg: lambdaDeg,
    obliquityDeg: epsDeg,
    rightAscensionDeg: wrap360(ra / DEG),
    declinationDeg: dec / DEG,
  };
}

/** Beta angle (degrees, signed, positive toward the orbit normal) from the Sun's ecliptic longitude. */
export function betaAngleDeg(
  sunLongitudeDeg: number,
  obliquityDeg: number,
  raanDeg: number,
  inclinationDeg: number,
): number {
  const g = sunLongitudeDeg * DEG;
  const e = obliquityDeg * DEG;
  const o = raanDeg * DEG;
  const i = inclinationDeg * DEG;
  const s =
    Math.cos(g) * Math.sin(o) * Math.sin(i) -
    Math.sin(g) * Math.cos(e) * Math.cos(o) * Math.sin(i) +
    Math.sin(g) * Math.sin(e) * Math.cos(i);
  return Math.asin(Math.max(-1, Math.min(1, s))) / DEG;
}

/** Secular RAAN drift from J2 for a circular orbit, degrees per day. */
export function j2RaanRateDegPerDay(altitudeKm: number, inclinationDeg: number): number {
  const a = EARTH_RADIUS_KM + altitudeKm;
  const n = Math.sqrt(MU_EARTH_KM3_S2 / (a * a * a));
  const rateRadS =
    -1.5 * n * J2_EARTH * (EARTH_RADIUS_KM / a) ** 2 * Math.cos(inclinationDeg * DEG);
  return (rateRadS / DEG) * 86400;
}

/** Inclination (degrees) that makes a circular orbit Sun-synchronous (node turns 360 deg per tropical year). */
export function sunSynchronousInclinationDeg(altitudeKm: number): number {
  const a = EARTH_RADIUS_KM + altitudeKm;
  const n = Math.sqrt(MU_EARTH_KM3_S2 / (a * a * a));
  const wantRadS = (2 * Math.PI) / (TROPICAL_YEAR_DAYS * 86400);
  const cosI = -wantRadS / (1.5 * n * J2_EARTH * (EARTH_RADIUS_KM / a) ** 2);
  if (cosI < -1) throw new RangeError(`no Sun-synchronous inclination at ${altitudeKm} km`);
  return Math.acos(cosI) / DEG;
}
