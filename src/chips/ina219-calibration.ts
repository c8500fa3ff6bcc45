/**
 * INA219 calibration: from a shunt and the largest current expected to the calibration
 * and configuration registers and the LSBs the chip then applies.
 *
 * Source: TI SBOS448G (INA219 datasheet, rev. G, December 2015):
 * - 8.5.1 "Programming the Calibration Register":
 *   Cal = trunc(0.04096 / (Current_LSB x R_SHUNT))       (equation 1)
 *   Current_LSB = Maximum Expected Current / 2^15         (equation 2)
 *   Power_LSB = 20 x Current_LSB                          (equation 3)
 *   0.04096 is the chip's internal fixed scaling value.
 * - 8.6.4.1 Calibration Register (05h): FS15..FS1; bit 0 is not used and reads 0.
 * - 8.6.2.1, table "PG Bit Settings": the PGA ranges the shunt voltage must fit.
 * - 9.2 (typical application): 2 mOhm, 10 A, Current_LSB 1 mA -> Cal 20480, Power_LSB 20 mW.
 */
import { ExitCode, OrbitrigError } from "../core/errors.js";
import {
  type BusRangeV,
  encodeIna219Config,
  type Ina219Adc,
  POWER_LSB_PER_CURRENT_LSB,
  SHUNT_RANGES_MV,
  type ShuntRangeMv,
} from "./ina219.js";

/** The chip's internal fixed value in equation 1, volts. */
export const CAL_SCALE_V = 0.04096;
/** Largest calibration value: FS15..FS1 set, FS0 reads 0 (8.6.4.1). */
export const CAL_MAX = 0xfffe;

/**
 * Equation 1 as written: the calibration register for a current LSB and shunt. The
 * 1e-9 keeps an exact quotient (0.04096 / (1e-4 x 0.1) = 4096) from truncating to 4095
 * through floating-point rounding.
 */
export function calibrationRegister(currentLsbA: number, shuntOhms: number): number {
  return Math.trunc(CAL_SCALE_V / (currentLsbA * shuntOhms) + 1e-9);
}

/** The current LSB a calibration value really gives on a shunt (equation 1 inverted). */
export function currentLsbForCal(cal: number, shuntOhms: number): number {
  return CAL_SCALE_V / (cal * shuntOhms);
}

/** The smallest PGA range that holds maxShuntMv, or null when even 320 mV does not. */
export function shuntRangeFor(maxShuntMv: number): ShuntRangeMv | null {
  // 0.4 A x 0.1 ohm is 40.000000000000001 mV in floating point: it still fits 40 mV.
  return SHUNT_RANGES_MV.find((r) => r >= maxShuntMv * (1 - 1e-12)) ?? null;
}

export interface Ina219CalibrationInput {
  shuntOhms: number;
  /** Largest current expected through the shunt. */
  maxCurrentA: number;
  /** Current LSB to use instead of the smallest workable one (TI's 9.2 example picks 1 mA). */
  currentLsbA?: number;
  /** Default 32. */
  busRangeV?: BusRangeV;
  /** Bus and shunt ADC setting. Default ADC_FOR_PWM (12-bit, 8-sample averaging). */
  adc?: Ina219Adc;
}

/**
 * The ADC setting orbitrig calibrates with: 12-bit, 8 samples averaged (4.26 ms per
 * result, 8.6.2.1 "ADC Settings"). The benches drive lamp and load by 3.9 kHz PWM; a single
 * 532 us conversion reads whichever part of a period it falls on, an 8-sample average spans
 * about 17 periods and reads the mean. It is the uno-ina219 firmware's own boot setting
 * (config.h INA_DEFAULT_CONFIG 0x05DF), which a calibration must not undo; a result every
 * 8.5 ms (bus and shunt) still outpaces the firmware's fastest telemetry (70 Hz).
 */
export const ADC_FOR_PWM: Ina219Adc = { averageSamples: 8 };

export interface Ina219Calibration {
  /** Calibration register (05h) value, even (FS0 reads 0). */
  cal: number;
  /**
   * Configuration register (00h) value: the PGA range fitted to the shunt voltage, the ADCs
   * at `adc`, continuous shunt and bus conversion.
   */
  config: number;
  shuntRangeMv: ShuntRangeMv;
  /** The LSB the chip really applies with this `cal`: 0.04096 / (cal * R). */
  currentLsbA: number;
  /** currentLsbA in whole nanoamps, as protocol v1's CAL command carries it. */
  currentLsbNa: number;
  powerLsbW: number;
  /** Largest current the setup can report: limited by the PGA range and the 15-bit register. */
  maxMeasurableA: number;
}

function invalid(message: string): OrbitrigError {
  return new OrbitrigError("RIG_INVALID", `calibration: ${message}`, ExitCode.usage);
}

/** INA219 calibration per 8.5.1. Throws RIG_INVALID for impossible setups. */
export function ina219Calibration(input: Ina219CalibrationInput): Ina219Calibration {
  const { shuntOhms, maxCurrentA } = input;
  if (!(shuntOhms > 0) || !(maxCurrentA > 0)) {
    throw invalid(`shuntOhms and maxCurrentA must be > 0 (got ${shuntOhms}, ${maxCurrentA})`);
  }
  const maxShuntMv = maxCurrentA * shuntOhms * 1000;
  const shuntRangeMv = shuntRangeFor(maxShuntMv);
  if (shuntRangeMv === null) {
    throw invalid(
      `maxCurrentA ${maxCurrentA} A x shuntOhms ${shuntOhms} ohm = ${maxShuntMv.toFixed(1)} mV exceeds the INA219's 320 mV shunt range`,
    );
  }
  // The smallest LSB that still covers maxCurrentA in 15 bits (equation 2), but not so
  // small that Cal would overflow its register.
  const minLsbA = Math.max(maxCurrentA / 2 ** 15, currentLsbForCal(CAL_MAX, shuntOhms));
  const nominalLsbA = input.currentLsbA ?? minLsbA;
  if (nominalLsbA < minLsbA * (1 - 1e-9)) {
    throw invalid(
      `currentLsbA ${nominalLsbA} A is below the minimum ${minLsbA.toExponential(3)} A for this shunt and current`,
    );
  }
  const cal = Math.min(CAL_MAX, calibrationRegister(nominalLsbA, shuntOhms)) & CAL_MAX;
  if (cal < 2) {
    throw invalid(
      `current LSB ${nominalLsbA} A is too coarse for a ${shuntOhms} ohm shunt (Cal < 2)`,
    );
  }
  const currentLsbA = currentLsbForCal(cal, shuntOhms);
  return {
    cal,
    config: encodeIna219Config({
      busRangeV: input.busRangeV ?? 32,
      shuntRangeMv,
      busAdc: input.adc ?? ADC_FOR_PWM,
      shuntAdc: input.adc ?? ADC_FOR_PWM,
    }),
    shuntRangeMv,
    currentLsbA,
    currentLsbNa: Math.max(1, Math.round(currentLsbA * 1e9)),
    powerLsbW: POWER_LSB_PER_CURRENT_LSB * currentLsbA,
    maxMeasurableA: Math.min(shuntRangeMv / 1000 / shuntOhms, currentLsbA * 32767),
  };
}
