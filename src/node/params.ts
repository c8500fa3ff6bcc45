/**
 * NodeParams: the `node:` rig section turned into the plain numbers the step kernel uses
 * (SI units: W, J, K, s). Built once; the kernel never looks at the config again.
 */
import type { CalibrationConfig } from "../config/schema/board.js";
import type { NodeConfig } from "../config/schema/node.js";
import { nodeSchema } from "../config/schema/node.js";

const STEFAN_BOLTZMANN = 5.670374419e-8; // W m^-2 K^-4, CODATA 2018
const KELVIN = 273.15;
const CELL_RATING_TEMP_C = 28; // AM0 rating temperature of space cells (Spectrolab XTJ datasheet)
const SECONDS_PER_YEAR = 365.25 * 86400;

export interface NodeParams {
  arraySource: "bench" | "model";
  /** Array output at full sun and session start (after temperature and age), W. */
  arrayFullSunW: number;
  /** ln(1 - degradationPerYear) / seconds per year: array power scales by exp(rate * tS). */
  arrayDecayPerS: number;
  /** Bench array power at full lamp, mW ("bench" mode); null until calibrated. */
  benchFullSunMw: number | null;
  capacityJ: number;
  floorJ: number;
  initialJ: number;
  etaCharge: number;
  etaDischarge: number;
  maxChargeW: number;
  maxDischargeW: number;
  taperStartJ: number;
  /** 1 / (capacityJ - taperStartJ), 1 / etaCharge, 1 / etaDischarge: reciprocals for the kernel. */
  invTaperSpanJ: number;
  invEtaCharge: number;
  invEtaDischarge: number;
  cellsInSeries: number;
  accelerators: number;
  computeFullW: number;
  computeIdleW: number;
  /** Ascending, starting at the lowest level. */
  throttleLevels: Float64Array;
  avionicsW: number;
  heatCapJPerK: number;
  /** emissivity x sigma x radiator area, W/K^4. */
  epsSigmaA: number;
  sinkK4: number;
  /** Absorbed solar heat at full sun, W. */
  absorbedSolarFullW: number;
  /** Absorbed Earth IR (constant), W. */
  absorbedIrW: number;
  initialTempK: number;
  minTempC: number;
  maxTempC: number;
}

export function nodeParams(
  cfg: NodeConfig,
  calibration?: Pick<CalibrationConfig, "fullSunBenchMw">,
): NodeParams {
  const a = cfg.array;
  const b = cfg.battery;
  const t = cfg.thermal;
  const ageFactor = (1 - a.degradationPerYear) ** a.ageYears;
  const tempFactor = 1 + a.tempCoeffPerC * (a.cellTempC - CELL_RATING_TEMP_C);
  const modelW = a.areaM2 * a.solarFluxWM2 * a.efficiency * tempFactor * ageFactor;
  const levels = Float64Array.from([...new Set(cfg.payload.throttleLevels)].sort((x, y) => x - y));
  return {
    arraySource: a.source,
    arrayFullSunW: a.source === "model" ? modelW : a.nominalPowerW * ageFactor,
    arrayDecayPerS: Math.log(1 - a.degradationPerYear) / SECONDS_PER_YEAR,
    benchFullSunMw: calibration?.fullSunBenchMw ?? null,
    capacityJ: b.capacityWh * 3600,
    floorJ: b.floorSocFraction * b.capacityWh * 3600,
    initialJ: b.initialSocFraction * b.capacityWh * 3600,
    etaCharge: b.chargeEfficiency,
    etaDischarge: b.dischargeEfficiency,
    maxChargeW: b.maxChargeW,
    maxDischargeW: b.maxDischargeW,
    taperStartJ: b.taperStartSocFraction * b.capacityWh * 3600,
    // A taper starting at full SoC never applies; avoid 1/0.
    invTaperSpanJ:
      b.taperStartSocFraction < 1 ? 1 / ((1 - b.taperStartSocFraction) * b.capacityWh * 3600) : 0,
    invEtaCharge: 1 / b.chargeEfficiency,
    invEtaDischarge: 1 / b.dischargeEfficiency,
    cellsInSeries: b.cellsInSeries,
    accelerators: cfg.payload.accelerators,
    computeFullW: cfg.payload.fullPowerW,
    computeIdleW: cfg.payload.idlePowerW,
    throttleLevels: levels,
    avionicsW: cfg.avionicsPowerW,
    heatCapJPerK: t.heatCapacityJPerK,
    epsSigmaA: t.emissivity * STEFAN_BOLTZMANN * t.radiatorAreaM2,
    sinkK4: t.sinkTempK ** 4,
    absorbedSolarFullW: t.solarAbsorptance * t.sunlitAreaM2 * a.solarFluxWM2,
    // Kirchhoff: the radiator absorbs IR with its emissivity.
    absorbedIrW: t.emissivity * t.earthIrWM2 * t.earthViewFactor * t.radiatorAreaM2,
    initialTempK: t.initialTempC + KELVIN,
    minTempC: t.minTempC,
    maxTempC: t.maxTempC,
  };
}

/** The default node (every field at its documented default). */
export function defaultNodeParams(source: "bench" | "model" = "model"): NodeParams {
  return nodeParams(nodeSchema.parse({ array: { source } }));
}

/** Temperature at which the radiator rejects heatW exactly: (T_sink^4 + Q / (eps sigma A))^(1/4), K. */
export function steadyStateTempK(
  p: Pick<NodeParams, "epsSigmaA" | "sinkK4">,
  heatW: number,
): number {
  return (p.sinkK4 + heatW / p.epsSigmaA) ** 0.25;
}

export { KELVIN };
