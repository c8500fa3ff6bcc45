/**
 * INA219 arithmetic, pure: calibration, configuration register, and register -> SI
 * conversions. Source: TI SBOS448 (INA219 datasheet, rev. G, Dec 2015):
 * - 8.5.1 "Programming the Calibration Register": Current_LSB = MaxExpected_I / 2^15,
 *   Cal = trunc(0.04096 / (Current_LSB * R_SHUNT)), Power_LSB = 20 * Current_LSB;
 * - 8.6.2.1 Configuration Register 00h: RST(15) BRNG(13) PG(12:11) BADC(10:7)
 *   SADC(6:3) MODE(2:0), power-on value 0x399F;
 * - 8.6.3.1 Shunt Voltage Register 01h: two's complement, LSB 10 uV;
 * - 8.6.3.2 Bus Voltage Register 02h: BD12..BD0 in bits 15:3, LSB 4 mV, CNVR bit 1,
 *   OVF bit 0;
 * - 8.6.3.3 Power Register 03h: LSB = 20 * Current_LSB;
 * - 8.6.3.4 Current Register 04h: two's complement, Current = Shunt * Cal / 4096;
 * - 8.6.3.5 Calibration Register 05h: bit 0 (FS0) is not used and reads 0.
 */
import { ExitCode, OrbitrigError } from "../core/errors.js";

export const Ina219Register = {
  config: 0x00,
  shuntVoltage: 0x01,
  busVoltage: 0x02,
  power: 0x03,
  current: 0x04,
  calibration: 0x05,
} as const;

/** Configuration register value at power-on (SBOS448 Table 6). */
export const INA219_CONFIG_POR = 0x399f;
export const SHUNT_LSB_MV = 0.01;
export const BUS_LSB_V = 0.004;
/** PGA full-scale shunt ranges (SBOS448 Table 4), mV, and their PG bits. */
export const SHUNT_RANGES_MV = [40, 80, 160, 320] as const;
export type ShuntRangeMv = (typeof SHUNT_RANGES_MV)[number];

/** ADC setting: 9..12-bit single sample, or 12-bit averaged over 2..128 samples (Table 5). */
export type Ina219Adc =
  | { bits: 9 | 10 | 11 | 12 }
  | { averageSamples: 2 | 4 | 8 | 16 | 32 | 64 | 128 };

function adcCode(adc: Ina219Adc): number {
  if ("bits" in adc) return adc.bits - 9; // 0b0000..0b0011
  return 0b1000 | Math.log2(adc.averageSamples); // 2 -> 0b1001 ... 128 -> 0b1111
}

/** ADC conversion time in microseconds (SBOS448 Table 5). */
export function adcConversionUs(adc: Ina219Adc): number {
  if ("bits" in adc) return { 9: 84, 10: 148, 11: 276, 12: 532 }[adc.bits];
  return { 2: 1060, 4: 2130, 8: 4260, 16: 8510, 32: 17020, 64: 34050, 128: 68100 }[
    adc.averageSamples
  ];
}

export interface Ina219ConfigOptions {
  /** Bus voltage range: 16 V or 32 V. Default 32. */
  busRangeV?: 16 | 32;
  /** PGA range. Default 320 mV. */
  shuntRangeMv?: ShuntRangeMv;
  /** Default 12-bit. */
  busAdc?: Ina219Adc;
  shuntAdc?: Ina219Adc;
  /** Operating mode bits (0..7). Default 0b111, shunt and bus continuous. */
  mode?: number;
}

/** Builds the configuration register (00h). */
export function ina219Config(o: Ina219ConfigOptions = {}): number {
  const brng = (o.busRangeV ?? 32) === 32 ? 1 : 0;
  const pg = SHUNT_RANGES_MV.indexOf(o.shuntRangeMv ?? 320);
  const badc = adcCode(o.busAdc ?? { bits: 12 });
  const sadc = adcCode(o.shuntAdc ?? { bits: 12 });
  const mode = o.mode ?? 0b111;
  return (brng << 13) | (pg << 11) | (badc << 7) | (sadc << 3) | (mode & 0b111);
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
  /** Current LSB to use instead of the smallest workable one (TI's example rounds to 100 uA). */
  currentLsbA?: number;
  busRangeV?: 16 | 32;
}

export interface Ina219Calibration {
  /** Calibration register (05h) value, even (FS0 reads 0). */
  cal: number;
  /** Configuration register (00h) value with the PGA range fitted to the shunt voltage. */
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

const CAL_MAX = 0xfffe;

/** INA219 calibration per SBOS448 8.5.1. Throws RIG_INVALID for impossible setups. */
export function ina219Calibration(input: Ina219CalibrationInput): Ina219Calibration {
  const { shuntOhms, maxCurrentA } = input;
  if (!(shuntOhms > 0) || !(maxCurrentA > 0)) {
    throw new OrbitrigError(
      "RIG_INVALID",
      `calibration: shuntOhms and maxCurrentA must be > 0 (got ${shuntOhms}, ${maxCurrentA})`,
      ExitCode.usage,
    );
  }
  const maxShuntMv = maxCurrentA * shuntOhms * 1000;
  const shuntRangeMv = shuntRangeFor(maxShuntMv);
  if (shuntRangeMv === null) {
    throw new OrbitrigError(
      "RIG_INVALID",
      `calibration: maxCurrentA ${maxCurrentA} A x shuntOhms ${shuntOhms} ohm = ${maxShuntMv.toFixed(1)} mV exceeds the INA219's 320 mV shunt range`,
      ExitCode.usage,
    );
  }
  // The smallest LSB that still covers maxCurrentA in 15 bits, but not so small that Cal
  // would overflow its register.
  const minLsbA = Math.max(maxCurrentA / 2 ** 15, 0.04096 / (CAL_MAX * shuntOhms));
  const nominalLsbA = input.currentLsbA ?? minLsbA;
  if (nominalLsbA < minLsbA * (1 - 1e-9)) {
    throw new OrbitrigError(
      "RIG_INVALID",
      `calibration: currentLsbA ${nominalLsbA} A is below the minimum ${minLsbA.toExponential(3)} A for this shunt and current`,
      ExitCode.usage,
    );
  }
  const cal = Math.min(CAL_MAX, Math.trunc(0.04096 / (nominalLsbA * shuntOhms) + 1e-9)) & 0xfffe;
  if (cal < 2) {
    throw new OrbitrigError(
      "RIG_INVALID",
      `calibration: current LSB ${nominalLsbA} A is too coarse for a ${shuntOhms} ohm shunt (Cal < 2)`,
      ExitCode.usage,
    );
  }
  const currentLsbA = 0.04096 / (cal * shuntOhms);
  return {
    cal,
    config: ina219Config({ busRangeV: input.busRangeV ?? 32, shuntRangeMv }),
    shuntRangeMv,
    currentLsbA,
    currentLsbNa: Math.max(1, Math.round(currentLsbA * 1e9)),
    powerLsbW: 20 * currentLsbA,
    maxMeasurableA: Math.min(shuntRangeMv / 1000 / shuntOhms, currentLsbA * 32767),
  };
}

/** Reads a 16-bit register value as two's complement. */
export function toSigned16(raw: number): number {
  const v = raw & 0xffff;
  return v >= 0x8000 ? v - 0x10000 : v;
}

/** Shunt voltage register (01h) -> millivolts. */
export function shuntRegisterToMv(raw: number): number {
  return toSigned16(raw) * SHUNT_LSB_MV;
}

export interface BusReading {
  busV: number;
  /** Conversion ready (CNVR). */
  conversionReady: boolean;
  /** Math overflow (OVF): current and power are not valid. */
  overflow: boolean;
}

/** Bus voltage register (02h) -> volts and the two status bits. */
export function busRegisterToV(raw: number): BusReading {
  const v = raw & 0xffff;
  return {
    busV: (v >> 3) * BUS_LSB_V,
    conversionReady: (v & 0b10) !== 0,
    overflow: (v & 0b1) !== 0,
  };
}

/** Current register (04h) -> milliamps, given the calibration's current LSB. */
export function currentRegisterToMa(raw: number, currentLsbA: number): number {
  return toSigned16(raw) * currentLsbA * 1000;
}

/** Power register (03h, unsigned) -> milliwatts, given the calibration's current LSB. */
export function powerRegisterToMw(raw: number, currentLsbA: number): number {
  return (raw & 0xffff) * 20 * currentLsbA * 1000;
}
