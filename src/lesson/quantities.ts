/**
 * The quantities a lesson measures, each with its unit, how it is measured from a run (or a
 * bench's counters), and, where the model can say in advance, its prediction: from the
 * orbit's geometry (src/orbit) and the node's parameters (src/node), never typed in. A
 * figure needing a published number (a cell's Wh/kg, a claim's GW) names it; the lesson
 * file gives it with its source. Formulas: docs/lessons.md, docs/physics.md.
 */
import type { NodeConfig } from "../config/schema/node.js";
import { KELVIN, type NodeParams } from "../node/params.js";
import { criticalBetaDeg, maxBetaDeg, type ResolvedOrbit } from "../orbit/index.js";
import type { RunStats } from "./meter.js";

/** Stefan-Boltzmann constant, W m^-2 K^-4 (CODATA 2018). */
const SIGMA = 5.670374419e-8;
const HOURS_PER_YEAR = 8766;
/** Bits upsets can hit in the emulated ATmega328P: 2048 B SRAM + 35 register bytes. */
const AVR_BITS = (2048 + 35) * 8;

export interface QuantityContext {
  run: RunStats | null;
  /** The orbit as it is now. */
  orbit: ResolvedOrbit;
  params: NodeParams;
  node: NodeConfig;
  published: Readonly<Record<string, { value: number }>>;
  /** Counters of a bench (null in the model): lines rejected by CRC, watchdog resets. */
  bench: { rejectedLines: number; watchdogResets: number } | null;
  /** Upsets per second of the last seu fault step, if any. */
  upsetHz: number | null;
}

export interface Quantity {
  unit: string;
  label: string;
  /** Published figures it needs, by name in the lesson's `published:`. */
  needs?: readonly string[];
  /** Needs a run before it. */
  afterRun?: boolean;
  measure(c: QuantityContext, r: RunStats): number | null;
  predict?(c: QuantityContext, r: RunStats): number | null;
  /** What the prediction is, where "model predicts" would mislead (a bound, not a value). */
  predictedAs?: string;
}

const orbitsIn = (r: RunStats) => r.timeS / r.periodS;
/** Load at full compute, W. */
const fullLoadW = (p: NodeParams) => p.computeFullW + p.avionicsW;
const pub = (c: QuantityContext, name: string) => c.published[name]!.value;
/** Heat a square metre of radiating face rejects at tempC, net of the Earth IR it absorbs, W. */
function radiatorNetWPerM2(n: NodeConfig, tempC: number): number {
  const t = n.thermal;
  const tk = tempC + KELVIN;
  return t.emissivity * (SIGMA * (tk ** 4 - t.sinkTempK ** 4) - t.earthIrWM2 * t.earthViewFactor);
}
/** Nameplate Wh that lets the battery supply drawnWh (stored) without crossing the floor. */
const nameplateWh = (p: NodeParams, storedWh: number) => storedWh / (1 - p.floorJ / p.capacityJ);
const fleetNodes = (c: QuantityContext) => pub(c, "claimW") / c.params.computeFullW;

export const QUANTITIES = {
  criticalBetaDeg: {
    unit: "deg",
    label: "critical beta: past it, no eclipse (asin(R/(R+h)))",
    measure: (c) => (c.orbit.kind === "orbit" ? criticalBetaDeg(c.orbit.altitudeKm) : null),
  },
  maxBetaDeg: {
    unit: "deg",
    label: "largest beta this orbit sees in a year (inclination + 23.44)",
    measure: (c) => (c.orbit.kind === "orbit" ? maxBetaDeg(c.orbit.inclinationDeg) : null),
  },
  eclipseMin: {
    unit: "min",
    label: "eclipse per orbit",
    afterRun: true,
    // The dark share of the time seen, times the period: a gap in a rig's frames counts
    // for neither side.
    measure: (_c, r) => (r.seenS > 0 ? (r.darkS / r.seenS) * (r.periodS / 60) : null),
    predict: (_c, r) => (r.seenS > 0 ? (r.predictedDarkS / r.seenS) * (r.periodS / 60) : null),
  },
  longestEclipseMin: {
    unit: "min",
    label: "longest eclipse (geometry)",
    afterRun: true,
    measure: (_c, r) => r.longestDarkS / 60,
  },
  dutyPct: {
    unit: "%",
    label: "duty cycle (full compute)",
    afterRun: true,
    measure: (_c, r) => (100 * r.fullS) / r.timeS,
  },
  workDutyPct: {
    unit: "%",
    label: "mean compute level",
    afterRun: true,
    measure: (_c, r) => (100 * r.levelS) / r.timeS,
  },
  minSocPct: {
    unit: "%",
    label: "lowest state of charge",
    afterRun: true,
    measure: (_c, r) => 100 * r.minSoc,
    // The scheduler's promise: never below the depth-of-discharge floor.
    predict: (c) => (100 * c.params.floorJ) / c.params.capacityJ,
    predictedAs: "never below the floor of",
  },
  maxTempC: {
    unit: "C",
    label: "highest node temperature",
    afterRun: true,
    measure: (_c, r) => r.maxTempC,
    // Steady state at full compute in full sun: the radiator rejects load + absorbed heat.
    predict: (c) => {
      const p = c.params;
      const q = fullLoadW(p) + p.absorbedSolarFullW + p.absorbedIrW;
      return (p.sinkK4 + q / p.epsSigmaA) ** 0.25 - KELVIN;
    },
  },
  energyInKWh: {
    unit: "kWh/orbit",
    label: "energy in from the array",
    afterRun: true,
    measure: (_c, r) => r.inJ / 3.6e6 / orbitsIn(r),
    predict: (c, r) => (c.params.arrayFullSunW * r.predictedMeanIllum * r.periodS) / 3.6e6,
  },
  energyOutKWh: {
    unit: "kWh/orbit",
    label: "energy out to compute and avionics",
    afterRun: true,
    measure: (_c, r) => r.loadJ / 3.6e6 / orbitsIn(r),
  },
  workAccelH: {
    unit: "accel-h/orbit",
    label: "work delivered",
    afterRun: true,
    measure: (c, r) => (r.levelS * c.params.accelerators) / 3600 / orbitsIn(r),
  },
  unservedKWh: {
    unit: "kWh",
    label: "load not served",
    afterRun: true,
    measure: (_c, r) => r.unservedJ / 3.6e6,
  },
  arrayWPerM2: {
    unit: "W/m2",
    label: "mean array output per m2 of panel",
    afterRun: true,
    measure: (c, r) => r.inJ / r.timeS / c.node.array.areaM2,
    predict: (c, r) => (c.params.arrayFullSunW * r.predictedMeanIllum) / c.node.array.areaM2,
  },
  panelM2PerKw: {
    unit: "m2/kW",
    label: "panel area for 1 kW around the clock",
    afterRun: true,
    measure: (c, r) => 1000 / (r.inJ / r.timeS / c.node.array.areaM2),
  },
  batteryWhNeeded: {
    unit: "Wh",
    label: "battery for the deepest discharge, above the floor",
    afterRun: true,
    measure: (c, r) => nameplateWh(c.params, r.maxDropWh),
    // The longest eclipse at the compute level the policy ran in the dark, drawn through
    // the discharge efficiency (payload power is linear in its level).
    predict: (c, r) => {
      const p = c.params;
      const level = r.darkS > 0 ? r.darkLevelS / r.darkS : 1;
      const loadW = p.avionicsW + p.computeIdleW + (p.computeFullW - p.computeIdleW) * level;
      return nameplateWh(p, (loadW * r.longestDarkS) / 3600 / p.etaDischarge);
    },
  },
  batteryMassKg: {
    unit: "kg",
    label: "battery mass at the cells' Wh/kg",
    needs: ["cellWhPerKg"],
    afterRun: true,
    measure: (c, r) => nameplateWh(c.params, r.maxDropWh) / pub(c, "cellWhPerKg"),
  },
  arrayM2PerKw: {
    unit: "m2/kW",
    label: "array area per kW at full sun",
    measure: (c) => (1000 * c.node.array.areaM2) / c.params.arrayFullSunW,
  },
  radiatorM2PerKw: {
    unit: "m2/kW",
    label: "radiating area per kW at the node's top temperature",
    measure: (c) => 1000 / radiatorNetWPerM2(c.node, c.params.maxTempC),
  },
  radiatorPanelWPerM2: {
    unit: "W/m2",
    label: "heat a two-sided radiator panel rejects at the node's top temperature",
    measure: (c) => 2 * radiatorNetWPerM2(c.node, c.params.maxTempC),
  },
  fleetNodes: {
    unit: "nodes",
    label: "nodes of this size for the claim",
    needs: ["claimW"],
    measure: (c) => fleetNodes(c),
  },
  fleetArrayKm2: {
    unit: "km2",
    label: "their array area",
    needs: ["claimW"],
    measure: (c) => (fleetNodes(c) * c.node.array.areaM2) / 1e6,
  },
  fleetRadiatorKm2: {
    unit: "km2",
    label: "their radiating area",
    needs: ["claimW"],
    measure: (c) => (fleetNodes(c) * c.node.thermal.radiatorAreaM2) / 1e6,
  },
  fleetBatteryKt: {
    unit: "kt",
    label: "their battery mass",
    needs: ["claimW", "cellWhPerKg"],
    measure: (c) => (fleetNodes(c) * c.node.battery.capacityWh) / pub(c, "cellWhPerKg") / 1e6,
  },
  fleetAccelMhPerYear: {
    unit: "M accel-h/yr",
    label: "work they deliver in a year at the measured mean compute level",
    needs: ["claimW"],
    afterRun: true,
    measure: (c, r) =>
      (fleetNodes(c) * c.params.accelerators * (r.levelS / r.timeS) * HOURS_PER_YEAR) / 1e6,
  },
  upsetsPerDayInOrbit: {
    unit: "/day",
    label: "upsets a day this chip's memory would see in LEO",
    needs: ["seuPerBitDay"],
    measure: (c) => AVR_BITS * pub(c, "seuPerBitDay"),
  },
  benchUpsetSpeedup: {
    unit: "x",
    label: "how much faster the bench's upsets come than in orbit",
    needs: ["seuPerBitDay"],
    measure: (c) =>
      c.upsetHz === null ? null : (c.upsetHz * 86400) / (AVR_BITS * pub(c, "seuPerBitDay")),
  },
  rejectedLines: {
    unit: "lines",
    label: "lines the host rejected (bad CRC or malformed)",
    measure: (c) => c.bench?.rejectedLines ?? null,
  },
  watchdogResets: {
    unit: "resets",
    label: "watchdog resets of the board",
    measure: (c) => c.bench?.watchdogResets ?? null,
  },
} satisfies Record<string, Quantity>;

export type QuantityName = keyof typeof QUANTITIES;
export const MEASURED_NAMES = Object.keys(QUANTITIES) as [QuantityName, ...QuantityName[]];

export function quantity(name: QuantityName): Quantity {
  return QUANTITIES[name];
}

/** A measured value and, where the model has one, its prediction; null: cannot be measured here. */
export interface Reading {
  value: number | null;
  predicted: number | null;
}

export function read(name: QuantityName, c: QuantityContext): Reading {
  const q: Quantity = QUANTITIES[name];
  const r = c.run;
  if (q.afterRun && !r) return { value: null, predicted: null };
  const stats = r as RunStats;
  return {
    value: q.measure(c, stats),
    predicted: q.predict ? q.predict(c, stats) : null,
  };
}
