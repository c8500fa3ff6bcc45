/**
 * The exported columns of a recording, as data: each column's name, unit, resolution and
 * meaning, and where its value comes from in a frame row. The CSV and Parquet writers
 * (./csv.ts, ./parquet.ts, both through ./export-columns.ts), the column dictionary written
 * beside every exported file and the table in docs/recording.md all derive from this list:
 * one definition.
 *
 * Conventions (docs/recording.md, "Exported columns"):
 * - a name says its side and its unit: `bench_` for what the rig measured on the desk,
 *   `sat_` for the modelled satellite, `orbit_` for where in the orbit, then the unit
 *   (`_mW`, `_kW`, `_kWh`, `_pct`, `_C`, `_s`, `_h`);
 * - every share (state of charge, duty, compute level, phase, illumination) is percent;
 * - power at satellite scale in kW, energy in kWh;
 * - orbit numbers count from 1, as on the dashboard;
 * - a value is rounded to the decimal place of its resolution: a sensor's least
 *   significant bit (the INA219's from the recording's calibration), or the precision the
 *   model is stated to.
 */
import { ina219Calibration } from "../chips/ina219-calibration.js";
import type { RecordingHeader } from "./format.js";

/** Where a column's value is: a frame field, a node field, a per-channel field, the clock. */
export type ColumnSource =
  | { from: "time"; field: "iso" | "s" }
  | { from: "frame"; field: string }
  | { from: "node"; field: string };

/**
 * A resolution: a fixed step in the column's unit, or the INA219's current or power LSB for
 * the recording's calibration (`calibration.shuntOhms`, `maxCurrentA`), in mA or mW.
 */
export type Resolution = number | "ina219-current" | "ina219-power";

export interface ColumnDef {
  name: string;
  /** The unit of the exported value ("" for a count, a word or a flag). */
  unit: string;
  type: "num" | "int" | "bool" | "str";
  /**
   * An int column's range when it does not fit a signed 32-bit integer (the protocol's u32
   * counters): Parquet stores it as an unsigned INT32. Default: signed 32-bit.
   */
  range?: "uint32";
  source: ColumnSource;
  /** Exported value = stored value × scale + offset. Default 1 and 0. */
  scale?: number;
  offset?: number;
  resolution: Resolution;
  description: string;
}

/** The INA219 resolution when a recording's calibration does not say (the shipped rigs' 0.1 Ω, 0.4 A). */
const DEFAULT_CAL = { shuntOhms: 0.1, maxCurrentA: 0.4 };

const KW = 0.001;
/** J to kWh. */
const J_TO_KWH = 1 / 3.6e6;

const time = (field: "iso" | "s"): ColumnSource => ({ from: "time", field });
const frame = (field: string): ColumnSource => ({ from: "frame", field });
const node = (field: string): ColumnSource => ({ from: "node", field });

/** Satellite-scale power columns: name, node field, what it is. */
const SAT_POWER: ReadonlyArray<[string, string, string]> = [
  ["sat_array_power_kW", "arrayPowerW", "power the solar array delivers (satellite scale)"],
  [
    "sat_battery_power_kW",
    "batteryPowerW",
    "power into the battery (positive: charging, negative: discharging)",
  ],
  ["sat_curtailed_power_kW", "curtailedPowerW", "array power left unused (battery full)"],
  ["sat_compute_power_kW", "computePowerW", "power the compute payload draws"],
  ["sat_avionics_power_kW", "avionicsPowerW", "power the rest of the satellite draws (always on)"],
  ["sat_radiator_power_kW", "radiatorPowerW", "heat the radiator sends to space"],
  ["sat_unserved_power_kW", "unservedPowerW", "load the battery could not supply"],
  ["sat_battery_loss_kW", "batteryLossW", "power lost in the battery's resistance"],
  ["sat_absorbed_power_kW", "absorbedPowerW", "heat the node absorbs (sun, Earth, its own load)"],
];

/** Energy totals since the session start, stored in J: name, node field, what it is. */
const SAT_ENERGY: ReadonlyArray<[string, string, string]> = [
  ["sat_energy_in_kWh", "energyInJ", "energy the array delivered"],
  ["sat_energy_to_load_kWh", "energyToLoadJ", "energy the compute payload and avionics used"],
  ["sat_energy_stored_kWh", "energyStoredJ", "net energy into the battery"],
  ["sat_energy_losses_kWh", "energyLossesJ", "energy lost in the battery"],
  ["sat_energy_curtailed_kWh", "energyCurtailedJ", "array energy left unused"],
  ["sat_energy_unserved_kWh", "energyUnservedJ", "load energy the battery could not supply"],
];

/** Shares stored as fractions 0..1 and exported as percent: name, node field, what it is. */
const SAT_PERCENT: ReadonlyArray<[string, string, string]> = [
  ["sat_soc_pct", "socFraction", "battery state of charge"],
  ["sat_compute_level_pct", "computeLevel", "compute level the scheduler runs the payload at"],
  [
    "sat_compute_level_requested_pct",
    "computeLevelRequested",
    "compute level the policy asked for (before the battery and thermal limits)",
  ],
  ["sat_duty_this_orbit_pct", "dutyThisOrbit", "share of this orbit so far at full compute"],
  [
    "sat_duty_last_orbit_pct",
    "dutyLastOrbit",
    "share of the last completed orbit at full compute (empty in the first orbit)",
  ],
  ["sat_duty_session_pct", "dutySession", "share of the session so far at full compute"],
  [
    "sat_work_duty_this_orbit_pct",
    "workDutyThisOrbit",
    "work this orbit so far: mean compute level, percent of full",
  ],
  [
    "sat_work_duty_last_orbit_pct",
    "workDutyLastOrbit",
    "work in the last completed orbit (empty in the first orbit)",
  ],
  ["sat_work_duty_session_pct", "workDutySession", "work over the session so far"],
  ["sat_session_min_soc_pct", "sessionMinSocFraction", "lowest state of charge so far"],
];

/** Orbit-clock durations, seconds: name, node field, what it is. */
const SAT_SECONDS: ReadonlyArray<[string, string, string]> = [
  ["sat_orbit_elapsed_s", "orbitElapsedS", "orbit time since this orbit began"],
  ["sat_orbit_full_compute_s", "orbitFullComputeS", "orbit time at full compute this orbit"],
  [
    "sat_orbit_work_level_s",
    "orbitWorkLevelS",
    "compute level integrated over this orbit (level × s)",
  ],
  ["sat_session_elapsed_s", "sessionElapsedS", "orbit time since the session began"],
  ["sat_session_full_compute_s", "sessionFullComputeS", "orbit time at full compute so far"],
  [
    "sat_session_work_level_s",
    "sessionWorkLevelS",
    "compute level integrated over the session (level × s)",
  ],
  ["sat_floor_violation_s", "floorViolationS", "orbit time spent below the SoC floor so far"],
];

/** Every column, in the default order (per-channel ones are in CHANNEL_EXPORT_COLUMNS). */
export const COLUMNS: readonly ColumnDef[] = [
  {
    name: "time_iso",
    unit: "",
    type: "str",
    source: time("iso"),
    resolution: 0.001,
    description: "wall-clock time of the frame, UTC, ISO 8601 with milliseconds",
  },
  {
    name: "time_s",
    unit: "s",
    type: "num",
    source: time("s"),
    resolution: 0.001,
    description: "bench time since the session started (the session's clock)",
  },
  {
    name: "seq",
    unit: "",
    type: "int",
    range: "uint32",
    source: frame("seq"),
    resolution: 1,
    description: "the board's frame counter (a jump is a lost frame)",
  },
  {
    name: "board_ms",
    unit: "ms",
    type: "int",
    range: "uint32",
    source: frame("boardMs"),
    resolution: 1,
    description: "the board's own clock when it sampled the frame",
  },
  {
    name: "bench_bus_V",
    unit: "V",
    type: "num",
    source: frame("busV"),
    resolution: 0.004,
    description: "solar cell voltage at the INA219 (bus LSB 4 mV)",
  },
  {
    name: "bench_current_mA",
    unit: "mA",
    type: "num",
    source: frame("currentMa"),
    resolution: "ina219-current",
    description: "current the solar cell delivers (INA219 current LSB for the calibration)",
  },
  {
    name: "bench_power_mW",
    unit: "mW",
    type: "num",
    source: frame("powerMw"),
    resolution: "ina219-power",
    description: "power the solar cell delivers (INA219 power LSB: 20 current LSBs)",
  },
  {
    name: "bench_panel_temp_C",
    unit: "°C",
    type: "num",
    source: frame("panelTempC"),
    resolution: 0.1,
    description: "panel temperature (TMP36; empty without the sensor)",
  },
  {
    name: "bench_board_temp_C",
    unit: "°C",
    type: "num",
    source: frame("boardTempC"),
    resolution: 0.1,
    description: "the board's own temperature sensor (empty where it has none)",
  },
  {
    name: "bench_lamp_pwm",
    unit: "",
    type: "int",
    source: frame("lamp"),
    resolution: 1,
    description: "lamp drive, PWM 0-255 (the Sun)",
  },
  {
    name: "bench_load_pwm",
    unit: "",
    type: "int",
    source: frame("load"),
    resolution: 1,
    description: "load drive, PWM 0-255 (the compute payload's stand-in)",
  },
  {
    name: "bench_status_bits",
    unit: "",
    type: "int",
    source: frame("statusBits"),
    resolution: 1,
    description:
      "1 panel sensor present, 2 watchdog tripped, 4 over-temperature cut, 8 safe mode, 16 serial overrun",
  },
  {
    name: "orbit_time_s",
    unit: "s",
    type: "num",
    source: node("tS"),
    resolution: 0.001,
    description: "orbit time since the session started (bench time × time scale)",
  },
  {
    name: "orbit_number",
    unit: "",
    type: "int",
    source: node("orbitNumber"),
    offset: 1,
    resolution: 1,
    description: "the orbit this frame is in, counted from 1 (as on the dashboard and in report)",
  },
  {
    name: "orbit_phase_pct",
    unit: "%",
    type: "num",
    source: node("orbitPhase"),
    scale: 100,
    resolution: 0.01,
    description: "how far through the orbit, from its start",
  },
  {
    name: "orbit_region",
    unit: "",
    type: "str",
    source: node("region"),
    resolution: 1,
    description: "sunlit, penumbra or umbra",
  },
  {
    name: "orbit_illumination_pct",
    unit: "%",
    type: "num",
    source: node("illumination"),
    scale: 100,
    resolution: 0.01,
    description: "share of full sunlight on the array (0 in umbra, between in penumbra)",
  },
  ...SAT_POWER.map(
    ([name, field, description]): ColumnDef => ({
      name,
      unit: "kW",
      type: "num",
      source: node(field),
      scale: KW,
      resolution: 0.001,
      description,
    }),
  ),
  {
    name: "sat_battery_kWh",
    unit: "kWh",
    type: "num",
    source: node("batteryWh"),
    scale: KW,
    resolution: 0.001,
    description: "energy in the battery",
  },
  {
    name: "sat_battery_ocv_V",
    unit: "V",
    type: "num",
    source: node("batteryOcvV"),
    resolution: 0.001,
    description: "battery open-circuit voltage",
  },
  ...SAT_PERCENT.map(
    ([name, field, description]): ColumnDef => ({
      name,
      unit: "%",
      type: "num",
      source: node(field),
      scale: 100,
      resolution: 0.01,
      description,
    }),
  ),
  {
    name: "sat_node_temp_C",
    unit: "°C",
    type: "num",
    source: node("nodeTempC"),
    resolution: 0.01,
    description: "compute node temperature",
  },
  {
    name: "sat_session_max_node_temp_C",
    unit: "°C",
    type: "num",
    source: node("sessionMaxNodeTempC"),
    resolution: 0.01,
    description: "highest node temperature so far",
  },
  {
    name: "sat_work_accel_h",
    unit: "h",
    type: "num",
    source: node("workAccelS"),
    scale: 1 / 3600,
    resolution: 0.0001,
    description: "work delivered so far, accelerator-hours (full compute for one hour = 1)",
  },
  ...SAT_SECONDS.map(
    ([name, field, description]): ColumnDef => ({
      name,
      unit: "s",
      type: "num",
      source: node(field),
      resolution: 0.001,
      description,
    }),
  ),
  ...SAT_ENERGY.map(
    ([name, field, description]): ColumnDef => ({
      name,
      unit: "kWh",
      type: "num",
      source: node(field),
      scale: J_TO_KWH,
      resolution: 0.001,
      description: `${description}, since the session started`,
    }),
  ),
  {
    name: "sat_floor_violation",
    unit: "",
    type: "bool",
    source: node("floorViolation"),
    resolution: 1,
    description: "true while the battery is below the SoC floor",
  },
  {
    name: "sat_thermal_limit_exceeded",
    unit: "",
    type: "bool",
    source: node("thermalLimitExceeded"),
    resolution: 1,
    description: "true while the node is above its thermal limit",
  },
];

/**
 * Per-channel columns (a board with more than one INA219): `bench_ch<k>_<role>_` + suffix,
 * from the channel entry's field. On by default only when the board has two or more.
 */
export const CHANNEL_EXPORT_COLUMNS: ReadonlyArray<{
  suffix: string;
  unit: string;
  /** Index in the recorded channel entry (columns.channel). */
  index: number;
  resolution: Resolution;
  description: string;
}> = [
  { suffix: "bus_V", unit: "V", index: 3, resolution: 0.004, description: "bus voltage" },
  { suffix: "shunt_mV", unit: "mV", index: 4, resolution: 0.01, description: "shunt voltage" },
  {
    suffix: "current_mA",
    unit: "mA",
    index: 5,
    resolution: "ina219-current",
    description: "current",
  },
  { suffix: "power_mW", unit: "mW", index: 6, resolution: "ina219-power", description: "power" },
];

/** The channel columns' name for channel k of a role. */
export const channelColumnName = (k: number, role: string, suffix: string) =>
  `bench_ch${k}_${role}_${suffix}`;

/** A resolution as a step in the column's unit, for a recording's calibration. */
export function resolutionOf(r: Resolution, header?: Pick<RecordingHeader, "calibration">): number {
  if (typeof r === "number") return r;
  const cal = (header?.calibration ?? {}) as { shuntOhms?: unknown; maxCurrentA?: unknown };
  const shuntOhms = typeof cal.shuntOhms === "number" ? cal.shuntOhms : DEFAULT_CAL.shuntOhms;
  const maxCurrentA =
    typeof cal.maxCurrentA === "number" ? cal.maxCurrentA : DEFAULT_CAL.maxCurrentA;
  let c: { currentLsbA: number; powerLsbW: number };
  try {
    c = ina219Calibration({ shuntOhms, maxCurrentA });
  } catch {
    c = ina219Calibration(DEFAULT_CAL);
  }
  return r === "ina219-current" ? c.currentLsbA * 1000 : c.powerLsbW * 1000;
}

/** Decimal places that show a step: 0.004 -> 3, 0.0122 -> 2, 0.244 -> 1, 1 -> 0. */
export function decimalsFor(step: number): number {
  if (!(step > 0) || step >= 1) return 0;
  return Math.ceil(-Math.log10(step) - 1e-9);
}

/** One row of the column dictionary: what the sidecar file and the docs table show. */
export interface DictionaryEntry {
  name: string;
  unit: string;
  type: ColumnDef["type"];
  /** The step values are rounded to (its decimal place), in the unit. */
  resolution: number;
  description: string;
}

/**
 * The dictionary of columns as exported from a recording (with its channels and its
 * calibration's INA219 resolution); without a header, the columns every recording has and
 * the shipped rigs' calibration.
 */
export function columnDictionary(
  header?: Pick<RecordingHeader, "calibration" | "board">,
): DictionaryEntry[] {
  const out: DictionaryEntry[] = COLUMNS.map((c) => ({
    name: c.name,
    unit: c.unit,
    type: c.type,
    resolution: resolutionOf(c.resolution, header),
    description: c.description,
  }));
  const channels = header?.board?.channels ?? [];
  channels.forEach((ch, k) => {
    for (const c of CHANNEL_EXPORT_COLUMNS)
      out.push({
        name: channelColumnName(k, ch.role, c.suffix),
        unit: c.unit,
        type: "num",
        resolution: resolutionOf(c.resolution, header),
        description: `channel ${k} (${ch.role}) ${c.description}`,
      });
  });
  return out;
}

/** A resolution as the docs write it. */
function resolutionText(r: Resolution): string {
  if (typeof r === "number") return String(r);
  const which = r === "ina219-current" ? "current" : "power";
  const lsb = resolutionOf(r).toPrecision(3);
  return `INA219 ${which} LSB (${lsb} at ${DEFAULT_CAL.shuntOhms} Ω, ${DEFAULT_CAL.maxCurrentA} A)`;
}

/**
 * The table of exported columns as docs/recording.md shows it (between its
 * `<!-- columns:begin -->` and `<!-- columns:end -->` markers; tests/telemetry keeps them
 * equal, `npx tsx scripts/columns-doc.ts` rewrites them).
 */
export function columnsMarkdown(): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const rows = COLUMNS.map(
    (c) =>
      `| \`${c.name}\` | ${cell(c.unit || "—")} | ${resolutionText(c.resolution)} | ${cell(c.description)} |`,
  );
  const channel = CHANNEL_EXPORT_COLUMNS.map(
    (c) =>
      `| \`bench_ch<k>_<role>_${c.suffix}\` | ${c.unit} | ${resolutionText(c.resolution)} | channel k's ${c.description} (boards with two or more INA219s) |`,
  );
  return ["| column | unit | resolution | what |", "|---|---|---|---|", ...rows, ...channel].join(
    "\n",
  );
}
