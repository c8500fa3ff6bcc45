/**
 * A ground site, for comparison with orbit: one "orbit" is one mean solar day, phase 0 is
 * local solar noon. What is assumed (docs/model.md, "Ground site"):
 * - Sun elevation from latitude, declination and hour angle:
 *   sin(el) = sin(lat) sin(dec) + cos(lat) cos(dec) cos(H), H = 2 pi phase; the declination
 *   is that of the day's noon (it changes by < 0.4 deg a day) and the equation of time is ignored.
 * - "penumbra" is sunrise/sunset: the solar disc crossing a flat geometric horizon (no
 *   refraction, no terrain); "umbra" is night.
 * - The array is a clear-sky, two-axis sun-tracking panel lit by the direct beam only:
 *   transmittance 0.7^(AM^0.678) (Meinel & Meinel, "Applied Solar Energy", 1976) with the
 *   air mass of Kasten & Young (Applied Optics 28:4735, 1989). No clouds, no diffuse light.
 */
import { AU_KM, DEG, SOLAR_DAY_S, SUN_RADIUS_KM, TWO_PI } from "./constants.js";
import { type OrbitGeometry, symmetricSegments } from "./geometry.js";

/** Kasten & Young (1989) relative air mass for a solar elevation in degrees (>= 0). */
export function airMass(elevationDeg: number): number {
  const zDeg = 90 - Math.max(0, elevationDeg);
  return 1 / (Math.cos(zDeg * DEG) + 0.50572 * (96.07995 - zDeg) ** -1.6364);
}

/** Clear-sky direct-beam transmittance relative to AM0 (Meinel & Meinel 1976). */
export function beamTransmittance(elevationDeg: number): number {
  return 0.7 ** (airMass(elevationDeg) ** 0.678);
}

/** Fraction of a disc of radius r whose centre is e above a straight horizon. */
export function discAboveLine(eRad: number, rRad: number): number {
  if (eRad >= rRad) return 1;
  if (eRad <= -rRad) return 0;
  const x = eRad / rRad;
  return (Math.PI - Math.acos(x) + x * Math.sqrt(1 - x * x)) / Math.PI;
}

export function sunElevationDeg(
  latitudeDeg: number,
  declinationDeg: number,
  hourAngleRad: number,
): number {
  const lat = latitudeDeg * DEG;
  const dec = declinationDeg * DEG;
  const s = Math.sin(lat) * Math.sin(dec) + Math.cos(lat) * Math.cos(dec) * Math.cos(hourAngleRad);
  return Math.asin(Math.max(-1, Math.min(1, s))) / DEG;
}

/** Half-width (phase) of the part of the day with the Sun's centre below elevation elRad. */
function belowHalfWidth(latitudeDeg: number, declinationDeg: number, elRad: number): number {
  const lat = latitudeDeg * DEG;
  const dec = declinationDeg * DEG;
  const c = (Math.sin(elRad) - Math.sin(lat) * Math.sin(dec)) / (Math.cos(lat) * Math.cos(dec));
  if (c >= 1) return 0.5; // the Sun never climbs above elRad: below all day
  if (c <= -1) return 0; // never sinks below elRad
  return 0.5 - Math.acos(c) / TWO_PI;
}

export function groundGeometry(latitudeDeg: number, declinationDeg: number): OrbitGeometry {
  const rhoS = Math.asin(SUN_RADIUS_KM / AU_KM);
  const penHalf = belowHalfWidth(latitudeDeg, declinationDeg, rhoS);
  const umbraHalf = belowHalfWidth(latitudeDeg, declinationDeg, -rhoS);
  const centreHalf = belowHalfWidth(latitudeDeg, declinationDeg, 0);
  return {
    kind: "ground",
    periodS: SOLAR_DAY_S,
    betaDeg: declinationDeg,
    altitudeKm: 0,
    penumbraEntryPhase: 0.5 - penHalf,
    umbraEntryPhase: 0.5 - umbraHalf,
    umbraExitPhase: 0.5 + umbraHalf,
    penumbraExitPhase: 0.5 + penHalf,
    cylindricalEclipseS: 2 * centreHalf * SOLAR_DAY_S,
    umbraS: 2 * umbraHalf * SOLAR_DAY_S,
    penumbraS: 2 * (penHalf - umbraHalf) * SOLAR_DAY_S,
    shadowS: 2 * penHalf * SOLAR_DAY_S,
    segments: symmetricSegments(penHalf, umbraHalf),
    illuminationAtPhase: (p) => {
      const el = sunElevationDeg(latitudeDeg, declinationDeg, TWO_PI * p);
      const disc = discAboveLine(el * DEG, rhoS);
      return disc === 0 ? 0 : disc * beamTransmittance(el);
    },
  };
}
