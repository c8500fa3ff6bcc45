/**
 * Physical constants for the orbit model. Sources (see docs/model.md and
 * docs/physics.md §1, §2, §4):
 * - mu and the equatorial radius: WGS-84 / EGM-96 values as used by Vallado,
 *   "Fundamentals of Astrodynamics and Applications", 4th ed., App. D.
 * - J2: EGM-96 (1.08262668e-3), Vallado App. D.
 * - Solar radius 695,700 km: IAU 2015 Resolution B3 nominal value.
 * - Astronomical unit 149,597,870.7 km: IAU 2012 Resolution B2.
 */

/** Earth's gravitational parameter, km^3/s^2. */
export const MU_EARTH_KM3_S2 = 398600.4418;
/** Earth's equatorial radius, km (spherical Earth in this model). */
export const EARTH_RADIUS_KM = 6378.137;
/** Earth's second zonal harmonic (dimensionless). */
export const J2_EARTH = 1.08262668e-3;
/** Nominal solar radius, km. */
export const SUN_RADIUS_KM = 695700;
/** Astronomical unit, km (mean Earth–Sun distance; the model uses it as the Sun's distance). */
export const AU_KM = 149597870.7;
/** Mean obliquity of the ecliptic at J2000, degrees (drift of 0.013 deg/century is ignored). */
export const OBLIQUITY_J2000_DEG = 23.439291;
/** Mean tropical year, days: the rate at which a Sun-synchronous node must turn. */
export const TROPICAL_YEAR_DAYS = 365.242189;
/** Mean solar day, s: the "orbit" of a ground site. */
export const SOLAR_DAY_S = 86400;
/** Julian date of the J2000.0 epoch (2000-01-01 12:00 TT; UTC is used, the 69 s difference is ignored). */
export const JD_J2000 = 2451545.0;

export const DEG = Math.PI / 180;
export const TWO_PI = 2 * Math.PI;
