/**
 * OrbitGeometry: the light pattern of one orbit (or one day of a ground site), shared by
 * the orbit and ground models. Phases are 0..1 from orbit noon; the shadow is centred on
 * phase 0.5 and illumination falls monotonically toward it, so the pattern is fixed by
 * the half-widths of the shadow (penumbra edges) and of the umbra.
 */
import type { OrbitSegment } from "./types.js";

export interface OrbitGeometry {
  kind: "orbit" | "ground";
  /** Length of this orbit (or day), s. */
  periodS: number;
  /** Beta angle used for this orbit, degrees (for a ground site: the Sun's declination). */
  betaDeg: number;
  /** Orbit altitude, km (0 for a ground site). */
  altitudeKm: number;
  /** Where full sunlight is first lost, and where the umbra starts and ends, and full sun returns. */
  penumbraEntryPhase: number;
  umbraEntryPhase: number;
  umbraExitPhase: number;
  penumbraExitPhase: number;
  /** Eclipse length with the cylindrical shadow (point Sun), s. */
  cylindricalEclipseS: number;
  /** Time in umbra, and in penumbra (both sides together), s. */
  umbraS: number;
  penumbraS: number;
  /** Time without full sunlight (penumbra + umbra), s. */
  shadowS: number;
  /** Regions of this orbit in phase order, covering 0..1. */
  segments: OrbitSegment[];
  /**
   * Fraction of full sunlight at the array, 0..1. In orbit: the fraction of the solar disc
   * visible. At a ground site: the visible disc fraction times the clear-sky beam transmittance.
   */
  illuminationAtPhase(phase: number): number;
}

/** Segments of a pattern symmetric about phase 0.5. */
export function symmetricSegments(penumbraHalf: number, umbraHalf: number): OrbitSegment[] {
  if (penumbraHalf <= 0) return [{ fromPhase: 0, toPhase: 1, region: "sunlit" }];
  const out: OrbitSegment[] = [{ fromPhase: 0, toPhase: 0.5 - penumbraHalf, region: "sunlit" }];
  if (umbraHalf > 0) {
    if (penumbraHalf > umbraHalf)
      out.push({ fromPhase: 0.5 - penumbraHalf, toPhase: 0.5 - umbraHalf, region: "penumbra" });
    out.push({ fromPhase: 0.5 - umbraHalf, toPhase: 0.5 + umbraHalf, region: "umbra" });
    if (penumbraHalf > umbraHalf)
      out.push({ fromPhase: 0.5 + umbraHalf, toPhase: 0.5 + penumbraHalf, region: "penumbra" });
  } else {
    out.push({ fromPhase: 0.5 - penumbraHalf, toPhase: 0.5 + penumbraHalf, region: "penumbra" });
  }
  out.push({ fromPhase: 0.5 + penumbraHalf, toPhase: 1, region: "sunlit" });
  // A polar night has no sunlit stretch: drop empty segments.
  return out.filter((s) => s.toPhase > s.fromPhase);
}
