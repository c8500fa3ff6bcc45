/**
 * Fleet kernel: many nodes stepped together, state as a struct of typed arrays (one
 * Float64Array per quantity), for the benchmark and for constellation sweeps. Each node
 * runs the same nodeKernel as stepNode. stepFleet updates the arrays in place (the arrays
 * are the state; no allocation per step).
 */
import { KERNEL_OUT_SIZE, nodeKernel } from "./kernel.js";
import type { NodeParams } from "./params.js";

export interface FleetState {
  readonly size: number;
  energyJ: Float64Array;
  tempK: Float64Array;
  /** Level actually served at the last step. */
  levelServed: Float64Array;
  workAccelS: Float64Array;
  fullComputeS: Float64Array;
  elapsedS: Float64Array;
  energyInJ: Float64Array;
  energyToLoadJ: Float64Array;
  energyLossesJ: Float64Array;
  energyCurtailedJ: Float64Array;
  energyUnservedJ: Float64Array;
}

export function createFleet(p: NodeParams, size: number): FleetState {
  const f = () => new Float64Array(size);
  const energyJ = f().fill(p.initialJ);
  const tempK = f().fill(p.initialTempK);
  return {
    size,
    energyJ,
    tempK,
    levelServed: f(),
    workAccelS: f(),
    fullComputeS: f(),
    elapsedS: f(),
    energyInJ: f(),
    energyToLoadJ: f(),
    energyLossesJ: f(),
    energyCurtailedJ: f(),
    energyUnservedJ: f(),
  };
}

const scratch = new Float64Array(KERNEL_OUT_SIZE);

/**
 * Steps every node by dtS. arrayW, illumination and level are per node (array power
 * available, fraction of full sun, requested compute level).
 */
export function stepFleet(
  p: NodeParams,
  f: FleetState,
  dtS: number,
  arrayW: Float64Array,
  illumination: Float64Array,
  level: Float64Array,
): void {
  const o = scratch;
  const kernel = nodeKernel; // local copy: see simulate.ts
  const acc = p.accelerators;
  for (let i = 0; i < f.size; i++) {
    const aw = arrayW[i]!;
    kernel(p, f.energyJ[i]!, f.tempK[i]!, aw, illumination[i]!, level[i]!, dtS, o);
    const served = o[2]!;
    f.energyJ[i] = o[0]!;
    f.tempK[i] = o[1]!;
    f.levelServed[i] = served;
    f.workAccelS[i]! += served * acc * dtS;
    if (served >= 1 - 1e-9) f.fullComputeS[i]! += dtS;
    f.elapsedS[i]! += dtS;
    f.energyInJ[i]! += aw * dtS;
    f.energyToLoadJ[i]! += (o[3]! + o[4]!) * dtS;
    f.energyLossesJ[i]! += o[6]! * dtS;
    f.energyCurtailedJ[i]! += o[7]! * dtS;
    f.energyUnservedJ[i]! += o[8]! * dtS;
  }
}
