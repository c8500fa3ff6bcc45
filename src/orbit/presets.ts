/**
 * Orbit presets and the resolution of an `orbit:` rig section into numbers.
 * - starlink: 550 km, 53.0 deg, the first Gen1 shell (FCC SAT-MOD-20200417-00037; docs/physics.md §3).
 * - sso-dawn-dusk: 650 km Sun-synchronous, node at 18:00 local time (Google Suncatcher's
 *   dawn-dusk ~650 km orbit, arXiv:2511.19468); inclination computed from J2 (about 97.99 deg).
 * - iss: 420 km, 51.6 deg (ISS-like; the station's altitude varies ~400-420 km).
 * - geo: 35,786 km equatorial; beta = the Sun's declination, so eclipses only near equinoxes.
 * - ground: a site at latitude 40 deg; see ground.ts for what is assumed.
 */
import type { OrbitConfig, OrbitPresetName } from "../config/schema/orbit.js";
import { orbitPeriodS } from "./shadow.js";
import {
  betaAngleDeg,
  j2RaanRateDegPerDay,
  julianDate,
  sunPosition,
  sunSynchronousInclinationDeg,
} from "./sun.js";

export interface ResolvedOrbit {
  preset: OrbitPresetName;
  kind: "orbit" | "ground";
  altitudeKm: number;
  inclinationDeg: number;
  raanDeg: number;
  /** Session start, ms since 1970 (UTC). */
  epochMs: number;
  /** Fixed beta, or null when beta follows the date (and J2 drift). */
  fixedBetaDeg: number | null;
  raanRateDegPerDay: number;
  shadow: "conical" | "cylindrical";
  timeScale: number;
  startPhase: number;
  latitudeDeg: number;
  periodS: number;
}

interface PresetValues {
  altitudeKm: number;
  inclinationDeg: number | "sso";
  /** RAAN, or "dusk": 90 deg east of the Sun's right ascension at the epoch (dawn-dusk plane). */
  raanDeg: number | "dusk";
}

export const PRESETS: Record<OrbitPresetName, PresetValues> = {
  starlink: { altitudeKm: 550, inclinationDeg: 53, raanDeg: 0 },
  "sso-dawn-dusk": { altitudeKm: 650, inclinationDeg: "sso", raanDeg: "dusk" },
  iss: { altitudeKm: 420, inclinationDeg: 51.6, raanDeg: 0 },
  geo: { altitudeKm: 35786, inclinationDeg: 0, raanDeg: 0 },
  ground: { altitudeKm: 0, inclinationDeg: 0, raanDeg: 0 },
};

export function resolveOrbit(cfg: OrbitConfig): ResolvedOrbit {
  const p = PRESETS[cfg.preset];
  const kind = cfg.preset === "ground" ? "ground" : "orbit";
  const altitudeKm = kind === "ground" ? 0 : (cfg.altitudeKm ?? p.altitudeKm);
  const epochMs = Date.parse(cfg.epoch);
  const inclinationDeg =
    cfg.inclinationDeg ??
    (p.inclinationDeg === "sso" ? sunSynchronousInclinationDeg(altitudeKm) : p.inclinationDeg);
  const sun = sunPosition(julianDate(epochMs));
  const raanDeg =
    cfg.raanDeg ?? (p.raanDeg === "dusk" ? (sun.rightAscensionDeg + 90) % 360 : p.raanDeg);
  return {
    preset: cfg.preset,
    kind,
    altitudeKm,
    inclinationDeg,
    raanDeg,
    epochMs,
    fixedBetaDeg: cfg.betaDeg ?? null,
    raanRateDegPerDay:
      cfg.j2Drift && kind === "orbit" ? j2RaanRateDegPerDay(altitudeKm, inclinationDeg) : 0,
    shadow: cfg.shadow,
    timeScale: cfg.timeScale,
    startPhase: cfg.startPhase,
    latitudeDeg: cfg.latitudeDeg ?? 40,
    periodS: kind === "ground" ? 86400 : orbitPeriodS(altitudeKm),
  };
}

/** Beta angle (orbit) or the Sun's declination (ground) at orbit time tS after the epoch, degrees. */
export function betaAtS(o: ResolvedOrbit, tS: number): number {
  if (o.fixedBetaDeg !== null) return o.fixedBetaDeg;
  const sun = sunPosition(julianDate(o.epochMs + tS * 1000));
  if (o.kind === "ground") return sun.declinationDeg;
  const raan = o.raanDeg + o.raanRateDegPerDay * (tS / 86400);
  return betaAngleDeg(sun.eclipticLongitudeDeg, sun.obliquityDeg, raan, o.inclinationDeg);
}

/** Largest |beta| an orbit can see over a year: i + obliquity, at most 90 (docs/physics.md §2). */
export function maxBetaDeg(inclinationDeg: number): number {
  return Math.min(90, Math.min(inclinationDeg, 180 - inclinationDeg) + 23.44);
}
