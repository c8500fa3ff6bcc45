/**
 * Rig file `node:` section (owned by src/node): the satellite the bench stands for.
 * Defaults describe a Starlink-V3-class AI compute satellite scaled from
 * docs/physics.md; each default names its source or says it is assumed
 * (docs/model.md, "Default node").
 */
import { z } from "zod";

/**
 * Upper bounds far past any satellite (a petawatt, a million km^2, a petawatt-hour) that keep
 * the model's arithmetic finite: without them 1e308 W or m^2 overflowed to Infinity and
 * `simulate` printed "-" and null where figures belong, and a "relative error NaN".
 */
const MAX_POWER_W = 1e15;
const MAX_AREA_M2 = 1e12;
const maxPower = (x: z.ZodNumber) =>
  x.max(MAX_POWER_W, "expected at most 1e15 W (a petawatt, far past any satellite)");
const maxArea = (x: z.ZodNumber) =>
  x.max(MAX_AREA_M2, "expected at most 1e12 m^2 (a million km^2, far past any satellite)");
/** Efficiencies from 1 % up: 1/0.97 is in the kernel, and 1/1e-320 is Infinity. */
const efficiency = () =>
  z
    .number()
    .min(0.01, "expected an efficiency from 0.01 to 1")
    .max(1, "expected an efficiency from 0.01 to 1");

const arraySchema = z
  .strictObject({
    /**
     * Where array power comes from: "bench" scales the measured bench power
     * (P = nominalPowerW x P_bench / calibration.fullSunBenchMw); "model" computes
     * area x flux x efficiency x illumination (pure simulation). Default "bench"; the
     * simulate command always uses "model".
     */
    source: z.enum(["bench", "model"]).default("bench"),
    /** Satellite array output at full sun, beginning of life, W ("bench" mode). Default 150 kW ([R] ~150 kW peak, docs/physics.md §3). */
    nominalPowerW: maxPower(z.number().positive()).default(150_000),
    /** Array area, m^2. Default 600 ([C] 150 kW / 250 W/m^2, docs/physics.md §3). */
    areaM2: maxArea(z.number().positive()).default(600),
    /** Solar flux at 1 AU, W/m^2. Default 1361 (IAU 2015 B3). */
    solarFluxWM2: z
      .number()
      .positive()
      .max(1e6, "expected at most 1e6 W/m^2 (some 700 times the Sun at the Earth)")
      .default(1361),
    /** Cell efficiency at 28 C, AM0, including packing. Default 0.2 (assumed; XTJ cells 29.8% bare, docs/physics.md §4). */
    efficiency: z.number().gt(0).max(1).default(0.2),
    /** Power temperature coefficient, 1/C (negative). Default -0.0022 (assumed for triple junction). */
    tempCoeffPerC: z.number().min(-0.02).max(0).default(-0.0022),
    /** Cell operating temperature used with the coefficient, C. Default 60 (cells run 20-60 C above 28 C, docs/physics.md §4). */
    cellTempC: z.number().min(-150).max(200).default(60),
    /** Power lost per year in orbit, fraction. Default 0.007 (GaAs 0.44-1.03 %/yr, Lohmeyer 2018). */
    degradationPerYear: z.number().min(0).max(0.5).default(0.007),
    /** Years in orbit at session start. Default 0 (beginning of life). */
    ageYears: z.number().min(0).max(50).default(0),
  })
  // A negative array output made `simulate` print negative loads and temperatures below 0 K.
  .refine((a) => 1 + a.tempCoeffPerC * (a.cellTempC - 28) > 0, {
    message: "with this tempCoeffPerC the array gives no power at this cell temperature",
    path: ["cellTempC"],
  })
  .prefault({});

const batterySchema = z
  .strictObject({
    /** Nameplate energy, Wh. Default 80 kWh (assumed: ~400 kg of cells at ~200 Wh/kg). */
    capacityWh: z
      .number()
      .positive()
      .min(1e-6, "expected a capacity from 1e-6 Wh (a microwatt-hour) to 1e15 Wh")
      .max(1e15, "expected a capacity from 1e-6 Wh (a microwatt-hour) to 1e15 Wh")
      .default(80_000),
    /** State of charge at session start, 0..1. Default 0.9. */
    initialSocFraction: z.number().min(0).max(1).default(0.9),
    /** Depth-of-discharge floor: the SoC the scheduler must not go below, 0..1. Default 0.4 (assumed). */
    floorSocFraction: z.number().min(0).lt(1).default(0.4),
    /** Energy efficiency of charging (terminal to stored). Default 0.97 ([I] round trip 90-95%, docs/physics.md §6). */
    chargeEfficiency: efficiency().default(0.97),
    /** Energy efficiency of discharging (stored to terminal). Default 0.97. */
    dischargeEfficiency: efficiency().default(0.97),
    /** Largest charge power at the terminals, W. Default 60 kW (0.75 C, assumed). */
    maxChargeW: maxPower(z.number().positive()).default(60_000),
    /** Largest discharge power at the terminals, W. Default 160 kW (2 C, assumed). */
    maxDischargeW: maxPower(z.number().positive()).default(160_000),
    /** Above this SoC the charge limit tapers linearly to 0 at full (constant-voltage phase). Default 0.9. */
    taperStartSocFraction: z.number().min(0).max(1).default(0.9),
    /** Cells in series, for the pack voltage from the SoC-OCV table. Default 96 (assumed ~350 V bus). */
    cellsInSeries: z.number().int().positive().max(1e6).default(96),
  })
  .prefault({});

const payloadSchema = z
  .strictObject({
    /** Accelerators on board; work is counted in accelerator-seconds. Default 72 (one GB300 NVL72-class rack, [R]). */
    accelerators: z.number().int().positive().max(1e9).default(72),
    /** Payload power at full load, W. Default 110 kW ([R] ~120 kW sustained per satellite, less avionics). */
    fullPowerW: maxPower(z.number().positive()).default(110_000),
    /** Payload power when powered but idle (level 0), W. Default 12 kW (assumed ~11% of full). */
    idlePowerW: maxPower(z.number().min(0)).default(12_000),
    /** Levels the payload can run at, 0..1 ascending; a request is rounded down to one. Default 0, 0.25, 0.5, 0.75, 1. */
    throttleLevels: z.array(z.number().min(0).max(1)).min(1).default([0, 0.25, 0.5, 0.75, 1]),
  })
  .refine((p) => p.idlePowerW <= p.fullPowerW, {
    message: "idlePowerW must be at most fullPowerW (idle is the payload at level 0)",
    path: ["idlePowerW"],
  })
  .prefault({});

const thermalSchema = z
  .strictObject({
    /** Lumped heat capacity, J/K. Default 1.8e6 (assumed 2 t at 900 J/kg/K, aluminium-equivalent). */
    heatCapacityJPerK: z.number().positive().max(1e18).default(1.8e6),
    /** Radiating area (both faces of two-sided panels count), m^2. Default 172 ([C] 86 m^2 two-sided, docs/physics.md §3). */
    radiatorAreaM2: maxArea(z.number().positive()).default(172),
    /** Radiator IR emissivity. Default 0.9 (white silicate paint, Fortescue Tab. 11.3). */
    emissivity: z
      .number()
      .min(0.01, "expected an emissivity from 0.01 (below polished gold's 0.02) to 1")
      .max(1)
      .default(0.9),
    /** Solar absorptance of the sunlit surfaces. Default 0.12 (white silicate paint). */
    solarAbsorptance: z.number().min(0).max(1).default(0.12),
    /** Area facing the Sun that heats the node (radiators are edge-on), m^2. Default 10 (assumed bus face). */
    sunlitAreaM2: maxArea(z.number().min(0)).default(10),
    /** Earth IR flux, W/m^2. Default 230 (ECSS-E-ST-10-04C average). */
    earthIrWM2: z.number().min(0).max(1e6).default(230),
    /** View factor from the radiators to the Earth. Default 0.15 (assumed). */
    earthViewFactor: z.number().min(0).max(1).default(0.15),
    /** Radiative sink temperature, K. Default 3 (deep space). */
    sinkTempK: z.number().min(0).max(1000).default(3),
    /** Node temperature at session start, C. Default 20. */
    initialTempC: z.number().min(-150).max(200).default(20),
    /** Lowest and highest allowed node temperature, C. Default -10..85 (HiREV OBC/EPS -40..+85, battery -10..+50; docs/physics.md §5). */
    minTempC: z.number().default(-10),
    maxTempC: z.number().default(85),
  })
  .refine((t) => t.minTempC < t.maxTempC, {
    message: "minTempC must be below maxTempC",
    path: ["minTempC"],
  })
  .prefault({});

export const nodeSchema = z
  .strictObject({
    array: arraySchema,
    battery: batterySchema,
    payload: payloadSchema,
    /** Avionics, comms and laser links, always on, W. Default 8 kW (assumed). */
    avionicsPowerW: maxPower(z.number().min(0)).default(8_000),
    thermal: thermalSchema,
  })
  .prefault({});

export type NodeConfig = z.infer<typeof nodeSchema>;
