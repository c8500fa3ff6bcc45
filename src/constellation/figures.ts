/**
 * Per-node accumulators of a constellation run, and the figures made of them: the same
 * quantities `simulate` reports for one node (duty, work, minimum SoC, maximum temperature,
 * curtailed and unserved energy, floor violations, the energy balance), plus what only a
 * fleet needs: depth of battery cycling, mean temperature, work sent and received.
 *
 * Depth of cycling: for each complete orbit, the highest minus the lowest state of charge
 * within it (the whole run when no orbit is complete); equivalent full cycles: the charge
 * moved in and out, Σ|ΔE| / (2 × capacity), the throughput measure of battery wear.
 */
import { KELVIN, type NodeParams } from "../node/params.js";
import type { NodeLayout } from "./layout.js";

export interface NodeFigures {
  node: number;
  plane: number;
  slot: number;
  startPhase: number;
  /** Time at full compute, and mean compute level, fractions of the run. */
  duty: number;
  workDuty: number;
  /** Compute capacity used (served level × accelerators × time), accelerator-hours. */
  workAccelH: number;
  /** Work actually done from the node's queue (useful and migration overhead), accelerator-hours. */
  doneAccelH: number;
  minSoc: number;
  maxSoc: number;
  finalSoc: number;
  meanCycleDepth: number;
  maxCycleDepth: number;
  fullCycles: number;
  maxTempC: number;
  meanTempC: number;
  finalTempC: number;
  shadowMin: number;
  umbraMin: number;
  curtailedKWh: number;
  unservedKWh: number;
  floorViolationS: number;
  sentAccelH: number;
  receivedAccelH: number;
  /** Energy bookkeeping, J: inJ = toLoadJ + storedJ + lossesJ + curtailedJ. */
  energy: { inJ: number; toLoadJ: number; storedJ: number; lossesJ: number; curtailedJ: number };
}

export class NodeStats {
  readonly fullS: Float64Array;
  readonly levelS: Float64Array;
  readonly doneAccelS: Float64Array;
  readonly minSoc: Float64Array;
  readonly maxSoc: Float64Array;
  readonly maxTempK: Float64Array;
  readonly tempKS: Float64Array;
  readonly shadowS: Float64Array;
  readonly umbraS: Float64Array;
  readonly inJ: Float64Array;
  readonly toLoadJ: Float64Array;
  readonly lossesJ: Float64Array;
  readonly curtailedJ: Float64Array;
  readonly unservedJ: Float64Array;
  readonly violationS: Float64Array;
  readonly throughputJ: Float64Array;
  /** This orbit's SoC extremes, and the sum, count and maximum of complete orbits' depths. */
  readonly orbitMinSoc: Float64Array;
  readonly orbitMaxSoc: Float64Array;
  readonly depthSum: Float64Array;
  readonly depthCount: Float64Array;
  readonly depthMax: Float64Array;

  constructor(
    readonly size: number,
    p: NodeParams,
  ) {
    const f = () => new Float64Array(size);
    const soc0 = p.initialJ / p.capacityJ;
    this.fullS = f();
    this.levelS = f();
    this.doneAccelS = f();
    this.minSoc = f().fill(soc0);
    this.maxSoc = f().fill(soc0);
    this.maxTempK = f().fill(p.initialTempK);
    this.tempKS = f();
    this.shadowS = f();
    this.umbraS = f();
    this.inJ = f();
    this.toLoadJ = f();
    this.lossesJ = f();
    this.curtailedJ = f();
    this.unservedJ = f();
    this.violationS = f();
    this.throughputJ = f();
    this.orbitMinSoc = f().fill(soc0);
    this.orbitMaxSoc = f().fill(soc0);
    this.depthSum = f();
    this.depthCount = f();
    this.depthMax = f();
  }

  /** Closes node n's orbit of orbitS seconds (counted when it was a whole orbit), and opens the next at soc. */
  closeOrbit(n: number, orbitS: number, periodS: number, dtS: number, soc: number): void {
    if (orbitS >= periodS - dtS) {
      const d = this.orbitMaxSoc[n]! - this.orbitMinSoc[n]!;
      this.depthSum[n]! += d;
      this.depthCount[n]!++;
      if (d > this.depthMax[n]!) this.depthMax[n] = d;
    }
    this.orbitMinSoc[n] = soc;
    this.orbitMaxSoc[n] = soc;
  }

  figures(
    layout: readonly NodeLayout[],
    p: NodeParams,
    durationS: number,
    energyJ: Float64Array,
    tempK: Float64Array,
    sentAccelS: Float64Array | null,
    receivedAccelS: Float64Array | null,
  ): NodeFigures[] {
    const t = durationS > 0 ? durationS : 1;
    return layout.map((x, n) => {
      const noOrbit = this.depthCount[n] === 0;
      return {
        node: n,
        plane: x.plane,
        slot: x.slot,
        startPhase: x.startPhase,
        duty: this.fullS[n]! / t,
        workDuty: this.levelS[n]! / t,
        workAccelH: (this.levelS[n]! * p.accelerators) / 3600,
        doneAccelH: this.doneAccelS[n]! / 3600,
        minSoc: this.minSoc[n]!,
        maxSoc: this.maxSoc[n]!,
        finalSoc: energyJ[n]! / p.capacityJ,
        meanCycleDepth: noOrbit
          ? this.maxSoc[n]! - this.minSoc[n]!
          : this.depthSum[n]! / this.depthCount[n]!,
        maxCycleDepth: noOrbit ? this.maxSoc[n]! - this.minSoc[n]! : this.depthMax[n]!,
        fullCycles: this.throughputJ[n]! / (2 * p.capacityJ),
        maxTempC: this.maxTempK[n]! - KELVIN,
        meanTempC: this.tempKS[n]! / t - KELVIN,
        finalTempC: tempK[n]! - KELVIN,
        shadowMin: this.shadowS[n]! / 60,
        umbraMin: this.umbraS[n]! / 60,
        curtailedKWh: this.curtailedJ[n]! / 3.6e6,
        unservedKWh: this.unservedJ[n]! / 3.6e6,
        floorViolationS: this.violationS[n]!,
        sentAccelH: (sentAccelS?.[n] ?? 0) / 3600,
        receivedAccelH: (receivedAccelS?.[n] ?? 0) / 3600,
        energy: {
          inJ: this.inJ[n]!,
          toLoadJ: this.toLoadJ[n]!,
          storedJ: energyJ[n]! - p.initialJ,
          lossesJ: this.lossesJ[n]!,
          curtailedJ: this.curtailedJ[n]!,
        },
      };
    });
  }
}
