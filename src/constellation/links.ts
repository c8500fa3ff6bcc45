/**
 * The links between nodes. In-plane ring: slot j to slot j+1 of its plane (one link for a
 * plane of two, none for one). Cross-plane (optional): slot j of plane p to slot j of plane
 * p+1, and the last plane to the first when the planes close into a ring (a Walker delta;
 * in a Walker star the first and last planes meet head-on and are not linked).
 *
 * A laser link needs its two nodes to see each other: a candidate becomes a link only if,
 * throughout an orbit (72 samples), the line between them clears the Earth by the grazing
 * altitude (its closest approach to the Earth's centre is |p + q| / 2 for two points at one
 * radius) and is no longer than the laser's range. Its length is the longest over the orbit,
 * its latency that length ÷ c unless a fixed latency is given.
 */
import { EARTH_RADIUS_KM } from "../orbit/constants.js";
import { type Layout, positionKm } from "./layout.js";

/** Speed of light, km/s (exact, SI). */
const LIGHT_KM_S = 299_792.458;
/** Samples over one orbit for the line-of-sight and range check. */
const SIGHT_SAMPLES = 72;

/** The links between nodes, in compressed adjacency form for the planner. */
export interface Topology {
  size: number;
  linkA: Int32Array;
  linkB: Int32Array;
  /** Per link: "in-plane" or "cross-plane". */
  crossPlane: Uint8Array;
  /** Longest length over an orbit, km. */
  lengthKm: Float64Array;
  latencyS: Float64Array;
  /** Candidate links left out: their nodes lose sight of each other, or are out of range. */
  outOfSight: number;
  /** Neighbours of node i: adjNode[adjStart[i] .. adjStart[i+1]), through link adjLink[...]. */
  adjStart: Int32Array;
  adjNode: Int32Array;
  adjLink: Int32Array;
}

export interface TopologyOptions {
  crossPlane: boolean;
  /** Fixed latency, s; undefined: light time over each link's longest length. */
  latencyS?: number;
  /** The planes close into a ring (Walker delta); in a Walker star the last plane meets the first head-on and is not linked. */
  planesRing: boolean;
  /** Longest link, km; undefined: no limit. */
  maxRangeKm?: number;
  /** Lowest altitude the line of sight may pass, km; undefined: no Earth check. */
  minGrazingAltitudeKm?: number;
}

/** Longest distance and lowest closest approach to the Earth's centre over an orbit, km. */
function sight(layout: Layout, a: number, b: number): { maxKm: number; minApproachKm: number } {
  let maxKm = 0;
  let minApproachKm = Number.POSITIVE_INFINITY;
  for (let k = 0; k < SIGHT_SAMPLES; k++) {
    const p = positionKm(layout, a, k / SIGHT_SAMPLES);
    const q = positionKm(layout, b, k / SIGHT_SAMPLES);
    const d = Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
    const mid = Math.hypot(p[0] + q[0], p[1] + q[1], p[2] + q[2]) / 2;
    if (d > maxKm) maxKm = d;
    if (mid < minApproachKm) minApproachKm = mid;
  }
  return { maxKm, minApproachKm };
}

export function buildTopology(layout: Layout, o: TopologyOptions): Topology {
  const S = layout.perPlane;
  const P = layout.planes.length;
  const candidates: Array<[number, number, number]> = [];
  for (let p = 0; p < P; p++) {
    if (S >= 2) {
      const last = S === 2 ? 1 : S;
      for (let j = 0; j < last; j++) candidates.push([p * S + j, p * S + ((j + 1) % S), 0]);
    }
  }
  if (o.crossPlane && P >= 2) {
    const lastPlane = o.planesRing && P > 2 ? P : P - 1;
    for (let p = 0; p < lastPlane; p++)
      for (let j = 0; j < S; j++) candidates.push([p * S + j, ((p + 1) % P) * S + j, 1]);
  }
  const clearKm = EARTH_RADIUS_KM + (o.minGrazingAltitudeKm ?? Number.NEGATIVE_INFINITY);
  const rangeKm = o.maxRangeKm ?? Number.POSITIVE_INFINITY;
  const pairs: Array<[number, number, number, number]> = [];
  for (const [a, b, x] of candidates) {
    const s = sight(layout, a, b);
    if (s.maxKm <= rangeKm && (o.minGrazingAltitudeKm === undefined || s.minApproachKm >= clearKm))
      pairs.push([a, b, x, s.maxKm]);
  }
  const L = pairs.length;
  const t: Topology = {
    size: layout.nodes.length,
    linkA: new Int32Array(L),
    linkB: new Int32Array(L),
    crossPlane: new Uint8Array(L),
    lengthKm: new Float64Array(L),
    latencyS: new Float64Array(L),
    outOfSight: candidates.length - L,
    adjStart: new Int32Array(layout.nodes.length + 1),
    adjNode: new Int32Array(2 * L),
    adjLink: new Int32Array(2 * L),
  };
  const degree = new Int32Array(t.size);
  pairs.forEach(([a, b, x, d], l) => {
    t.linkA[l] = a;
    t.linkB[l] = b;
    t.crossPlane[l] = x;
    t.lengthKm[l] = d;
    t.latencyS[l] = o.latencyS ?? d / LIGHT_KM_S;
    degree[a]!++;
    degree[b]!++;
  });
  for (let i = 0; i < t.size; i++) t.adjStart[i + 1] = t.adjStart[i]! + degree[i]!;
  const fill = t.adjStart.slice(0, t.size);
  for (let l = 0; l < L; l++) {
    const a = t.linkA[l]!;
    const b = t.linkB[l]!;
    t.adjNode[fill[a]!] = b;
    t.adjLink[fill[a]!++] = l;
    t.adjNode[fill[b]!] = a;
    t.adjLink[fill[b]!++] = l;
  }
  return t;
}
