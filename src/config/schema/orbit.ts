/**
 * Rig file `orbit:` section (owned by src/orbit). Fields left out take the preset's value;
 * see src/orbit/presets.ts and docs/model.md for each preset and its sources.
 */
import { z } from "zod";

export const ORBIT_PRESETS = ["starlink", "sso-dawn-dusk", "iss", "geo", "ground"] as const;

/** Lowest orbit altitude, km: the Karman line (below it the atmosphere allows no orbit). */
export const MIN_ALTITUDE_KM = 100;
/** Highest orbit altitude, km: about the Moon's distance (the Earth's shadow alone counts). */
export const MAX_ALTITUDE_KM = 400_000;
export type OrbitPresetName = (typeof ORBIT_PRESETS)[number];

export const orbitSchema = z
  .strictObject({
    /** Named orbit whose values fill every field left out. Default "starlink" (550 km, 53 deg). */
    preset: z.enum(ORBIT_PRESETS).default("starlink"),
    /**
     * Circular orbit altitude, km. Default: the preset's. At least 100 km (the Karman line):
     * below it the atmosphere allows no orbit.
     */
    altitudeKm: z
      .number()
      .min(
        MIN_ALTITUDE_KM,
        "expected a number >= 100 (km): below the Karman line there is no orbit",
      )
      .max(MAX_ALTITUDE_KM)
      .optional(),
    /**
     * Fixed beta angle, degrees (-90..90). When given, the beta angle never changes and
     * inclination, RAAN, epoch and J2 drift are not used for it.
     */
    betaDeg: z.number().min(-90).max(90).optional(),
    /** Orbit inclination, degrees. Default: the preset's (SSO: computed from J2). */
    inclinationDeg: z.number().min(0).max(180).optional(),
    /** Right ascension of the ascending node at the epoch, degrees. Default: the preset's. */
    raanDeg: z.number().min(0).max(360).optional(),
    /** UTC date and time of session start (ISO 8601); places the Sun. Default: the March 2026 equinox. */
    epoch: z
      .string()
      .refine(
        (s) => Number.isFinite(Date.parse(s)),
        "expected an ISO 8601 date such as 2026-03-20T12:00:00Z",
      )
      .default("2026-03-20T14:46:00Z"),
    /** Let the node drift by J2 (dRAAN/dt = -1.5 n J2 (R/a)^2 cos i), so beta changes over days. Default true. */
    j2Drift: z.boolean().default(true),
    /** Shadow model: "conical" (umbra + penumbra) or "cylindrical" (point Sun). Default "conical". */
    shadow: z.enum(["conical", "cylindrical"]).default("conical"),
    /** Time compression: orbit seconds per bench second. Default 30 (a 95-min orbit in ~3 bench min). */
    timeScale: z.number().positive().max(1e6).default(30),
    /** Orbit phase at session start, 0..1 (0 = orbit noon, 0.5 = the middle of the eclipse). Default 0. */
    startPhase: z.number().min(0).lt(1).default(0),
    /** Ground site latitude, degrees (preset "ground" only). Default 40. */
    latitudeDeg: z.number().min(-90).max(90).optional(),
  })
  .prefault({});

export type OrbitConfig = z.infer<typeof orbitSchema>;
