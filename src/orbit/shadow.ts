/**
 * Shadow geometry of a circular orbit, one orbit at a time.
 *
 * Cylindrical shadow (docs/physics.md §1; S. Rickman, NASA NESC/TFAWS 2020; CNES CelestLab
 * CL_gm_betaEclipse): eclipse fraction f = acos(sqrt(h^2 + 2Rh) / ((R+h) cos beta)) / pi
 * for |beta| < beta* = asin(R/(R+h)), else 0.
 *
 * Conical shadow, seen from the satellite (Vallado, Alg. 34; Montenbruck & Gill,
 * "Satellite Orbits", §3.4.2): the Earth's disc has angular radius rhoE = asin(R/r), the
 * Sun's rhoS = asin(Rsun/d); with theta the angle between the two centres the satellite is
 * in umbra when theta < rhoE - rhoS, in penumbra when theta < rhoE + rhoS. In penumbra the
 * visible fraction of the solar disc is 1 - overlap/(pi rhoS^2), the overlap being the area
 * common to the two discs. The Sun's disc is tiny (0.27 deg), so the overlap is computed in
 * a plane tangent at the Sun, with the Earth's limb given its true curvature on the sphere
 * of directions (cot rhoE, i.e. a plane circle of radius tan rhoE); see docs/model.md.
 *
 * Convention: phase 0 = orbit noon (the point of the orbit nearest the Sun direction),
 * phase 0.5 = orbit midnight, the middle of the eclipse; the satellite moves with
 * increasing phase. Angle in the orbit plane from noon: theta = 2 pi phase.
 */

import {
  AU_KM,
  DEG,
  EARTH_RADIUS_KM,
  MU_EARTH_KM3_S2,
  SUN_RADIUS_KM,
  TWO_PI,
} from "./constants.js";
import { type OrbitGeometry, symmetricSegments } from "./geometry.js";
import type { OrbitSegment } from "./types.js";

/** Circular orbit period, s. */
export function orbitPeriodS(altitudeKm: number): number {
  const a = EARTH_RADIUS_KM + altitudeKm;
  return TWO_PI * Math.sqrt((a * a * a) / MU_EARTH_KM3_S2);
}

/** Beta above which a circular orbit has no (cylindrical) eclipse, degrees. */
export function criticalBetaDeg(altitudeKm: number): number {
  return Math.asin(EARTH_RADIUS_KM / (EARTH_RADIUS_KM + altitudeKm)) / DEG;
}

/** Fraction of the orbit in the cylindrical shadow (docs/physics.md §1). */
export function cylindricalEclipseFraction(altitudeKm: number, betaDeg: number): number {
  const h = altitudeKm;
  const r = EARTH_RADIUS_KM + h;
  const beta = Math.abs(betaDeg) * DEG;
  if (beta >= Math.asin(EARTH_RADIUS_KM / r)) return 0;
  const x = Math.sqrt(h * h + 2 * EARTH_RADIUS_KM * h) / (r * Math.cos(beta));
  return Math.acos(Math.min(1, x)) / Math.PI;
}

/** Area common to two plane circles of radii r1, r2 whose centres are d apart. */
export function circleOverlapArea(r1: number, r2: number, d: number): number {
  if (d >= r1 + r2) return 0;
  const rMin = Math.min(r1, r2);
  if (d <= Math.abs(r1 - r2)) return Math.PI * rMin * rMin;
  const c1 = Math.max(-1, Math.min(1, (d * d + r1 * r1 - r2 * r2) / (2 * d * r1)));
  const c2 = Math.max(-1, Math.min(1, (d * d + r2 * r2 - r1 * r1) / (2 * d * r2)));
  const k = (-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2);
  return r1 * r1 * Math.acos(c1) + r2 * r2 * Math.acos(c2) - 0.5 * Math.sqrt(Math.max(0, k));
}

/**
 * Fraction of the solar disc visible (0..1) when its centre is `sepRad` from the centre of
 * an occulting disc of angular radius `rhoERad`; the Sun's angular radius is `rhoSRad`.
 */
export function visibleSunFraction(rhoERad: number, rhoSRad: number, sepRad: number): number {
  if (sepRad >= rhoERad + rhoSRad) return 1;
  if (sepRad <= rhoERad - rhoSRad) return 0;
  // Plane circle with the limb's geodesic curvature (cot rhoE) and the same limb distance.
  const rE = Math.tan(rhoERad);
  const d = rE + (sepRad - rhoERad);
  const f = 1 - circleOverlapArea(rhoSRad, rE, d) / (Math.PI * rhoSRad * rhoSRad);
  return Math.max(0, Math.min(1, f));
}

export type ShadowModel = "conical" | "cylindrical";

/** Angle at the satellite between the Earth's centre and the Sun's centre, rad. */
function separationRad(aKm: number, cosBeta: number, thetaRad: number): number {
  const c = cosBeta * Math.cos(thetaRad);
  const vx = AU_KM * cosBeta - aKm * Math.cos(thetaRad);
  const vy = -aKm * Math.sin(thetaRad);
  const vz = AU_KM * Math.sqrt(Math.max(0, 1 - cosBeta * cosBeta));
  const v = Math.sqrt(vx * vx + vy * vy + vz * vz);
  const cosSep = (aKm - AU_KM * c) / v;
  return Math.acos(Math.max(-1, Math.min(1, cosSep)));
}

/** Solves sep(theta) = target for theta in [0, pi] (sep falls monotonically); null if never reached. */
function solveTheta(aKm: number, cosBeta: number, targetRad: number): number | null {
  if (separationRad(aKm, cosBeta, Math.PI) >= targetRad) return null;
  let lo = 0;
  let hi = Math.PI;
  for (let i = 0; i < 80; i++) {
    const mid = 0.5 * (lo + hi);
    if (separationRad(aKm, cosBeta, mid) > targetRad) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Geometry of one orbit at a given altitude and beta angle. */
export function orbitShadowGeometry(
  altitudeKm: number,
  betaDeg: number,
  model: ShadowModel = "conical",
): OrbitGeometry {
  const periodS = orbitPeriodS(altitudeKm);
  const aKm = EARTH_RADIUS_KM + altitudeKm;
  const cosBeta = Math.cos(betaDeg * DEG);
  const rhoE = Math.asin(EARTH_RADIUS_KM / aKm);
  const rhoS = Math.asin(SUN_RADIUS_KM / AU_KM);
  const fCyl = cylindricalEclipseFraction(altitudeKm, betaDeg);
  let umbraHalf: number;
  let penHalf: number;
  let illuminationAtPhase: (phase: number) => number;
  if (model === "cylindrical") {
    umbraHalf = penHalf = fCyl / 2;
    illuminationAtPhase = (p) => (Math.abs(p - 0.5) < umbraHalf ? 0 : 1);
  } else {
    const thU = solveTheta(aKm, cosBeta, rhoE - rhoS);
    const thP = solveTheta(aKm, cosBeta, rhoE + rhoS);
    umbraHalf = thU === null ? 0 : (Math.PI - thU) / TWO_PI;
    penHalf = thP === null ? 0 : (Math.PI - thP) / TWO_PI;
    illuminationAtPhase = (p) => {
      const dist = Math.abs(p - 0.5);
      if (dist >= penHalf) return 1;
      if (dist < umbraHalf) return 0;
      return visibleSunFraction(rhoE, rhoS, separationRad(aKm, cosBeta, TWO_PI * p));
    };
  }
  const segments: OrbitSegment[] = symmetricSegments(penHalf, umbraHalf);
  return {
    kind: "orbit",
    periodS,
    betaDeg,
    altitudeKm,
    penumbraEntryPhase: 0.5 - penHalf,
    umbraEntryPhase: 0.5 - umbraHalf,
    umbraExitPhase: 0.5 + umbraHalf,
    penumbraExitPhase: 0.5 + penHalf,
    cylindricalEclipseS: fCyl * periodS,
    umbraS: 2 * umbraHalf * periodS,
    penumbraS: 2 * (penHalf - umbraHalf) * periodS,
    shadowS: 2 * penHalf * periodS,
    segments,
    illuminationAtPhase,
  };
}
