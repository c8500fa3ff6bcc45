/**
 * The virtual bench: lamp -> irradiance -> panel (single-diode) -> shunts -> loads, with
 * the panel's temperature and its sensor. One step(dtS, drives) advances it; the INA219s
 * and the ADC read its truth. Circuit (bus node B, all INA219 shunts on the high side):
 *
 *   panel+ --[array shunt]-- B --+-- baseLoadOhms -------------------- GND
 *                                +--[load shunt]-- computeLoadOhms/d - GND  (d = load duty)
 *
 * Each INA219 sees its shunt's differential voltage and its IN- node as bus voltage, so
 * the array and load channels agree as on a real bench (array current = base + load).
 */
import { tmp36OutputV } from "../chips/tmp36.js";
import type { BenchConfig } from "../config/schema/bench.js";
import { initialLamp, irradianceWm2, type LampState, stepLamp } from "./lamp.js";
import { ntcDividerV, stepPanelTemp } from "./panel-thermal.js";
import { solveOperatingPoint } from "./solar-cell.js";

export interface BenchDrives {
  /** Lamp pin duty, 0..1. */
  lamp: number;
  /** Load pin duty, 0..1. */
  load: number;
}

/** The bench's physical state at one instant: what an ideal meter would read. */
export interface BenchTruth {
  irradianceWm2: number;
  panelTempC: number;
  /** Panel terminal voltage. */
  panelV: number;
  arrayCurrentA: number;
  /** Bus node B. */
  busV: number;
  loadCurrentA: number;
  baseCurrentA: number;
  /** Voltage on A0 from the panel sensor. */
  sensorV: number;
}

export interface BenchFaults {
  /** The lamp stays lit whatever the pin says. */
  lampStuckOn: boolean;
  /** The panel sensor voltage frozen at this value (V), or null. */
  sensorStuckV: number | null;
}

export class VirtualBench {
  private lamp: LampState = initialLamp;
  private panelTempC: number;
  private truth_: BenchTruth;
  readonly faults: BenchFaults = { lampStuckOn: false, sensorStuckV: null };
  /** Drives last applied (after faults). */
  drives: BenchDrives = { lamp: 0, load: 0 };

  constructor(readonly config: BenchConfig) {
    this.panelTempC = config.ambientC;
    this.truth_ = this.solve();
  }

  get truth(): BenchTruth {
    return this.truth_;
  }

  /** Advances lamp and panel temperature by dtS under the given pin duties, then re-solves the circuit. */
  step(dtS: number, drives: BenchDrives): BenchTruth {
    const lampDrive = this.faults.lampStuckOn ? Math.max(drives.lamp, 1) : drives.lamp;
    this.drives = { lamp: lampDrive, load: Math.min(1, Math.max(0, drives.load)) };
    this.lamp = stepLamp(this.config.lamp, this.lamp, dtS, lampDrive);
    const g = irradianceWm2(this.config.lamp, this.lamp);
    this.panelTempC = stepPanelTemp(
      this.config.panel,
      this.panelTempC,
      dtS,
      g,
      this.config.ambientC,
    );
    this.truth_ = this.solve();
    return this.truth_;
  }

  /** Shunt resistance of the first INA219 on a branch (0 when none is fitted there). */
  private shunt(branch: "array" | "load"): number {
    return this.config.inas.find((i) => i.branch === branch)?.shuntOhms ?? 0;
  }

  private solve(): BenchTruth {
    const c = this.config;
    const g = irradianceWm2(c.lamp, this.lamp);
    const rArrayShunt = this.shunt("array");
    const rLoadShunt = this.shunt("load");
    const d = this.drives.load;
    const gBus = 1 / c.baseLoadOhms + (d > 0 ? 1 / (c.computeLoadOhms / d + rLoadShunt) : 0);
    const rTotal = rArrayShunt + 1 / gBus;
    const op = solveOperatingPoint(c.panel, g, this.panelTempC, rTotal);
    const busV = op.voltageV - op.currentA * rArrayShunt;
    const baseCurrentA = busV / c.baseLoadOhms;
    const loadCurrentA = Math.max(0, op.currentA - baseCurrentA);
    const live =
      c.panel.sensor === "tmp36" ? tmp36OutputV(this.panelTempC) : ntcDividerV(this.panelTempC);
    return {
      irradianceWm2: g,
      panelTempC: this.panelTempC,
      panelV: op.voltageV,
      arrayCurrentA: op.currentA,
      busV,
      loadCurrentA,
      baseCurrentA,
      sensorV: this.faults.sensorStuckV ?? live,
    };
  }

  /** What an INA219 on a branch sees: shunt differential voltage and IN- voltage. */
  inaInputs(branch: "array" | "load", shuntOhms: number): { shuntV: number; busV: number } {
    const t = this.truth_;
    const i = branch === "array" ? t.arrayCurrentA : t.loadCurrentA;
    const inMinus = branch === "array" ? t.busV : t.busV - i * shuntOhms;
    return { shuntV: i * shuntOhms, busV: inMinus };
  }

  /** MCU die temperature (ADC channel 8). */
  dieTempC(): number {
    return this.config.ambientC + this.config.dieRiseC;
  }
}
