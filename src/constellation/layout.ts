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
  /** Unit vectors: toward the ascending node, and 90° ahead of it in the plane. */
  nodeAxis: [number, number, number];
  aheadAxis: [number, number, number];
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
}

export interface Layout {
  nodes: NodeLayout[];
  planes: PlaneLayout[];
  perPlane: number;
  /** Orbit radius, km. */
  radiusKm: number;
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
    planes.push({ plane: p, raanDeg, noonArgLatDeg, nodeAxis: n, aheadAxis: m });
    for (let j = 0; j < S; j++) {
      const turns = j / S + (o.phasingF * p) / N;
      const argLatDeg = frac(turns) * 360;
      const startPhase = frac(o.orbit.startPhase + turns - noonArgLatDeg / 360);
      out.push({
        node: p * S + j,
        plane: p,
        slot: j,
        argLatDeg,
        startPhase,
        orbit: resolveOrbit({ ...o.orbit, raanDeg, startPhase }),
      });
    }
  }
  return {
    nodes: out,
    planes,
    perPlane: S,
    radiusKm: a,
    periodS: base.periodS,
    altitudeKm: base.altitudeKm,
    inclinationDeg: base.inclinationDeg,
  };
}

/**
 * Node i's position in the inertial frame `turns` orbits after the epoch, km (the plane as at
 * the epoch: every plane shares altitude and inclination, so J2 turns them all alike and
 * their relative geometry holds).
 */
export function positionKm(layout: Layout, i: number, turns = 0): [number, number, number] {
  const x = layout.nodes[i]!;
  const pl = layout.planes[x.plane]!;
  const u = (x.argLatDeg / 360 + turns) * 2 * Math.PI;
  const a = layout.radiusKm;
  const c = Math.cos(u);
  const s = Math.sin(u);
  return [0, 1, 2].map((k) => a * (c * pl.nodeAxis[k]! + s * pl.aheadAxis[k]!)) as [
    number,
    number,
    number,
  ];
}
