/**
 * Where the nodes are: a Walker constellation i: N/P/F (Walker, J. Br. Interplanet. Soc.
 * 37, 1984). Plane p has its ascending node at RAAN_0 + p × spread / P; node j of plane p
 * sits at argument of latitude u = 360° (j / S + F p / N), S = N / P nodes per plane.
 *
 * The node model counts orbit phase from orbit noon (the point of the orbit nearest the
 * Sun), so each node's start phase is (u − u_noon) / 360°, where u_noon is the argument of
 * latitude of the plane's noon at the epoch: u_noon = atan2(ŝ·m̂, ŝ·n̂), ŝ the Sun's
 * direction, n̂ the ascending node and m̂ = ĥ × n̂ the in-plane direction 90° ahead of it.
 * With a fixed beta (orbit.betaDeg) there is no Sun direction to use: u_noon = 0 in every
 * plane, and every plane sees that beta. The noon point drifts by about 1° a day (the
 * Sun's motion and J2); like the single-node model, a run keeps the phases of the epoch.
 *
 * Each node's orbit is the rig's orbit with its plane's RAAN and its own start phase, as a
 * ResolvedOrbit: a node of the constellation and a `simulate` run of that orbit see the
 * same light, orbit by orbit.
 */
import type { OrbitConfig } from "../config/schema/orbit.js";
import { DEG, EARTH_RADIUS_KM, type ResolvedOrbit, resolveOrbit } from "../orbit/index.js";
import { julianDate, sunPosition } from "../orbit/sun.js";

/** Speed of light, km/s (exact, SI). */
const LIGHT_KM_S = 299_792.458;

export interface LayoutOptions {
  orbit: OrbitConfig;
  nodes: number;
  planes: number;
  raanSpreadDeg: number;
  phasingF: number;
}

export interface PlaneLayout {
  plane: number;
  raanDeg: number;
  /** Argument of latitude of orbit noon at the epoch, degrees. */
  noonArgLatDeg: number;
}

export interface NodeLayout {
  node: number;
  plane: number;
  /** Index in the plane, 0..S-1. */
  slot: number;
  /** Argument of latitude at the epoch, degrees. */
  argLatDeg: number;
  /** Orbit phase at the start (0 = orbit noon, 0.5 = mid-eclipse). */
  startPhase: number;
  orbit: ResolvedOrbit;
  /** Position at the epoch in the inertial frame, km. */
  positionKm: [number, number, number];
}

export interface Layout {
  nodes: NodeLayout[];
  planes: PlaneLayout[];
  perPlane: number;
  periodS: number;
  altitudeKm: number;
  inclinationDeg: number;
}

function frac(x: number): number {
  const f = x - Math.floor(x);
  // 1 - 1e-17 rounds to 1: keep the phase in [0, 1).
  return f >= 1 ? 0 : f;
}

/** Unit vectors of a plane: ascending node n̂ and the in-plane direction m̂ 90° ahead. */
function planeBasis(raanDeg: number, inclinationDeg: number) {
  const o = raanDeg * DEG;
  const i = inclinationDeg * DEG;
  const n: [number, number, number] = [Math.cos(o), Math.sin(o), 0];
  const m: [number, number, number] = [
    -Math.sin(o) * Math.cos(i),
    Math.cos(o) * Math.cos(i),
    Math.sin(i),
  ];
  return { n, m };
}

export function buildLayout(o: LayoutOptions): Layout {
  const { nodes: N, planes: P } = o;
  const S = N / P;
  const base = resolveOrbit(o.orbit);
  const a = EARTH_RADIUS_KM + base.altitudeKm;
  const fixedBeta = base.fixedBetaDeg !== null;
  const sun = sunPosition(julianDate(base.epochMs));
  const lam = sun.eclipticLongitudeDeg * DEG;
  const eps = sun.obliquityDeg * DEG;
  const sHat = [Math.cos(lam), Math.cos(eps) * Math.sin(lam), Math.sin(eps) * Math.sin(lam)];
  const planes: PlaneLayout[] = [];
  const out: NodeLayout[] = [];
  for (let p = 0; p < P; p++) {
    const raanDeg = (((base.raanDeg + (p * o.raanSpreadDeg) / P) % 360) + 360) % 360;
    const { n, m } = planeBasis(raanDeg, base.inclinationDeg);
    const sn = sHat[0]! * n[0] + sHat[1]! * n[1] + sHat[2]! * n[2];
    const sm = sHat[0]! * m[0] + sHat[1]! * m[1] + sHat[2]! * m[2];
    const noonArgLatDeg = fixedBeta ? 0 : Math.atan2(sm, sn) / DEG;
    planes.push({ plane: p, raanDeg, noonArgLatDeg });
    for (let j = 0; j < S; j++) {
      const turns = j / S + (o.phasingF * p) / N;
      const argLatDeg = frac(turns) * 360;
      const startPhase = frac(o.orbit.startPhase + turns - noonArgLatDeg / 360);
      const u = argLatDeg * DEG;
      const positionKm: [number, number, number] = [0, 1, 2].map(
        (k) => a * (Math.cos(u) * n[k]! + Math.sin(u) * m[k]!),
      ) as [number, number, number];
      out.push({
        node: p * S + j,
        plane: p,
        slot: j,
        argLatDeg,
        startPhase,
        orbit: resolveOrbit({ ...o.orbit, raanDeg, startPhase }),
        positionKm,
      });
    }
  }
  return {
    nodes: out,
    planes,
    perPlane: S,
    periodS: base.periodS,
    altitudeKm: base.altitudeKm,
    inclinationDeg: base.inclinationDeg,
  };
}

/** The links between nodes, in compressed adjacency form for the planner. */
export interface Topology {
  size: number;
  linkA: Int32Array;
  linkB: Int32Array;
  /** Per link: "in-plane" or "cross-plane". */
  crossPlane: Uint8Array;
  lengthKm: Float64Array;
  latencyS: Float64Array;
  /** Neighbours of node i: adjNode[adjStart[i] .. adjStart[i+1]), through link adjLink[...]. */
  adjStart: Int32Array;
  adjNode: Int32Array;
  adjLink: Int32Array;
}

export interface TopologyOptions {
  crossPlane: boolean;
  /** Fixed latency, s; undefined: light time over each link's length at the epoch. */
  latencyS?: number;
  /** The planes close into a ring (Walker delta); in a Walker star the last plane meets the first head-on and is not linked. */
  planesRing: boolean;
}

/**
 * In-plane ring: slot j to slot j+1 of the same plane (one link for two nodes, none for one).
 * Cross-plane: slot j of plane p to slot j of plane p+1 (and the last plane to the first
 * when the planes close into a ring).
 */
export function buildTopology(layout: Layout, o: TopologyOptions): Topology {
  const S = layout.perPlane;
  const P = layout.planes.length;
  const pairs: Array<[number, number, number]> = [];
  for (let p = 0; p < P; p++) {
    if (S >= 2) {
      const last = S === 2 ? 1 : S;
      for (let j = 0; j < last; j++) pairs.push([p * S + j, p * S + ((j + 1) % S), 0]);
    }
  }
  if (o.crossPlane && P >= 2) {
    const lastPlane = o.planesRing && P > 2 ? P : P - 1;
    for (let p = 0; p < lastPlane; p++)
      for (let j = 0; j < S; j++) pairs.push([p * S + j, ((p + 1) % P) * S + j, 1]);
  }
  const L = pairs.length;
  const t: Topology = {
    size: layout.nodes.length,
    linkA: new Int32Array(L),
    linkB: new Int32Array(L),
    crossPlane: new Uint8Array(L),
    lengthKm: new Float64Array(L),
    latencyS: new Float64Array(L),
    adjStart: new Int32Array(layout.nodes.length + 1),
    adjNode: new Int32Array(2 * L),
    adjLink: new Int32Array(2 * L),
  };
  const degree = new Int32Array(t.size);
  pairs.forEach(([a, b, x], l) => {
    t.linkA[l] = a;
    t.linkB[l] = b;
    t.crossPlane[l] = x;
    const pa = layout.nodes[a]!.positionKm;
    const pb = layout.nodes[b]!.positionKm;
    const d = Math.hypot(pa[0] - pb[0], pa[1] - pb[1], pa[2] - pb[2]);
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
