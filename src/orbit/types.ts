/** Types the orbit model hands to everything above it (node, session, dashboard). */

/** Where the node is with respect to the Earth's shadow. */
export type SunRegion = "sunlit" | "penumbra" | "umbra";

/** One stretch of an orbit in one illumination region; phases in 0..1. */
export interface OrbitSegment {
  fromPhase: number;
  toPhase: number;
  region: SunRegion;
}
