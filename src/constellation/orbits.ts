/**
 * The orbit side of every node, as columns: which orbit each node is in, where that orbit's
 * shadow starts and ends, the next orbit's shadow, and the array's full-sun power with age.
 * It follows `simulate` (src/node/simulate.ts) step for step: step i of a node counts for
 * orbit floor(startPhase + i dt / T), its phase is (startPhase − k) + i dt / T, and the
 * orbit's constants are read once when it begins; so a node here and a `simulate` run of
 * its orbit compute the same numbers.
 */
import type { NodeParams } from "../node/params.js";
import type { OrbitGeometry } from "../orbit/geometry.js";
import { EclipseSchedule } from "../orbit/schedule.js";
import type { NodeLayout } from "./layout.js";

export class NodeOrbits {
  readonly size: number;
  readonly periodS: number;
  readonly dPhase: number;
  readonly startPhase: Float64Array;
  /** Orbit number and the first step of the next orbit. */
  readonly k: Float64Array;
  readonly iEnd: Float64Array;
  /** startPhase − k: phase = phase0 + i × dPhase. */
  readonly phase0: Float64Array;
  readonly penEntry: Float64Array;
  readonly penExit: Float64Array;
  readonly umbraEntry: Float64Array;
  readonly umbraExit: Float64Array;
  readonly nextPenEntry: Float64Array;
  readonly nextPenExit: Float64Array;
  /** 1 when this (next) orbit has any shadow. */
  readonly shadow: Uint8Array;
  readonly nextShadow: Uint8Array;
  readonly arrayFullW: Float64Array;
  readonly betaDeg: Float64Array;
  /** First step of the current orbit. */
  readonly iStart: Float64Array;
  readonly geometry: OrbitGeometry[];
  private readonly schedules: EclipseSchedule[];

  constructor(
    nodes: readonly NodeLayout[],
    private readonly p: NodeParams,
    private readonly dtS: number,
  ) {
    const n = nodes.length;
    this.size = n;
    this.schedules = nodes.map((x) => new EclipseSchedule(x.orbit));
    this.periodS = this.schedules[0]!.periodS;
    this.dPhase = dtS / this.periodS;
    const f = () => new Float64Array(n);
    this.startPhase = Float64Array.from(nodes, (x) => x.orbit.startPhase);
    this.k = f();
    this.iEnd = f();
    this.phase0 = f();
    this.penEntry = f();
    this.penExit = f();
    this.umbraEntry = f();
    this.umbraExit = f();
    this.nextPenEntry = f();
    this.nextPenExit = f();
    this.shadow = new Uint8Array(n);
    this.nextShadow = new Uint8Array(n);
    this.arrayFullW = f();
    this.betaDeg = f();
    this.iStart = f();
    this.geometry = new Array<OrbitGeometry>(n);
    // Every node begins its first orbit at step 0.
    this.iEnd.fill(0);
  }

  /** Node n begins the orbit that step i counts for (simulate's outer loop, for one node). */
  begin(n: number, i: number): void {
    const start = this.startPhase[n]!;
    const dPhase = this.dPhase;
    const T = this.periodS;
    const dt = this.dtS;
    const k = Math.floor(start + i * dPhase);
    let iEnd = Math.ceil(((k + 1 - start) * T) / dt);
    while (iEnd > i + 1 && Math.floor(start + (iEnd - 1) * dPhase) > k) iEnd--;
    while (Math.floor(start + iEnd * dPhase) <= k) iEnd++;
    const s = this.schedules[n]!;
    const g = s.geometryOfOrbit(k);
    const gNext = s.geometryOfOrbit(k + 1);
    this.k[n] = k;
    this.iStart[n] = i;
    this.iEnd[n] = iEnd;
    this.phase0[n] = start - k;
    this.penEntry[n] = g.penumbraEntryPhase;
    this.penExit[n] = g.penumbraExitPhase;
    this.umbraEntry[n] = g.umbraEntryPhase;
    this.umbraExit[n] = g.umbraExitPhase;
    this.shadow[n] = g.shadowS > 0 ? 1 : 0;
    this.nextPenEntry[n] = gNext.penumbraEntryPhase;
    this.nextPenExit[n] = gNext.penumbraExitPhase;
    this.nextShadow[n] = gNext.shadowS > 0 ? 1 : 0;
    this.arrayFullW[n] = this.p.arrayFullSunW * Math.exp(this.p.arrayDecayPerS * i * dt);
    this.betaDeg[n] = g.betaDeg;
    this.geometry[n] = g;
  }
}
