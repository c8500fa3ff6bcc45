/**
 * TI INA219 zero-drift, bidirectional current/power monitor: the register map, the
 * configuration register's fields, the ADC conversion times and the register <-> SI
 * conversions, written once for the host drivers (src/board/) and the emulated chip
 * (src/emulator/ina219.ts). Calibration arithmetic is ./ina219-calibration.ts.
 *
 * Source: TI SBOS448G, "INA219 Zero-Drift, Bidirectional Current/Power Monitor With I2C
 * Interface", rev. G, December 2015. Sections are cited at each constant; tables are
 * named by title, since their numbers shift between revisions.
 */

/** Register pointer addresses (8.6.1, table "Summary of Register Set"). */
export const Ina219Register = {
  config: 0x00,
  shuntVoltage: 0x01,
  busVoltage: 0x02,
  power: 0x03,
  current: 0x04,
  calibration: 0x05,
} as const;
export type Ina219RegisterName = keyof typeof Ina219Register;

/** Configuration register at power-on and after RST: 0x399F (8.6.2.1, "[reset = 399Fh]"). */
export const INA219_CONFIG_POR = 0x399f;
/** RST, bit 15 of the configuration register: resets every register, self-clears (8.6.2.1). */
export const INA219_CONFIG_RESET = 0x8000;

/** Shunt voltage register LSB: 10 uV at every PGA setting (8.6.3.1). */
export const SHUNT_LSB_V = 10e-6;
export const SHUNT_LSB_MV = SHUNT_LSB_V * 1000;
/** Bus voltage register: BD12..BD0 in bits 15..3, LSB 4 mV (8.6.3.2). */
export const BUS_LSB_V = 4e-3;
export const BUS_SHIFT = 3;
/** Largest bus code: 13 bits (8.6.3.2). */
export const BUS_CODE_MAX = 0x1fff;
/** CNVR, bit 1 of the bus register: a conversion has completed (8.6.3.2). */
export const BUS_CNVR = 0b10;
/** OVF, bit 0 of the bus register: the current or power calculation is out of range (8.6.3.2). */
export const BUS_OVF = 0b01;

/** PGA full-scale shunt ranges, mV, in PG-code order (8.6.2.1, table "PG Bit Settings"). */
export const SHUNT_RANGES_MV = [40, 80, 160, 320] as const;
export type ShuntRangeMv = (typeof SHUNT_RANGES_MV)[number];
/** Bus full-scale ranges, V, in BRNG-code order (8.6.2.1, BRNG: 0 = 16 V, 1 = 32 V). */
export const BUS_RANGES_V = [16, 32] as const;
export type BusRangeV = (typeof BUS_RANGES_V)[number];

/** Operating modes, MODE bits 2..0 (8.6.2.1, table "Mode Settings"). */
export const Ina219Mode = {
  powerDown: 0b000,
  shuntTriggered: 0b001,
  busTriggered: 0b010,
  shuntAndBusTriggered: 0b011,
  adcOff: 0b100,
  shuntContinuous: 0b101,
  busContinuous: 0b110,
  shuntAndBusContinuous: 0b111,
} as const;

/** What a MODE value converts: bit 0 the shunt, bit 1 the bus, bit 2 continuously. */
export function modeConverts(mode: number): { shunt: boolean; bus: boolean; continuous: boolean } {
  return { shunt: (mode & 1) !== 0, bus: (mode & 2) !== 0, continuous: (mode & 4) !== 0 };
}

/** ADC setting: 9..12-bit single sample, or 12-bit averaged over 2..128 samples. */
export type Ina219Adc =
  | { bits: 9 | 10 | 11 | 12 }
  | { averageSamples: 2 | 4 | 8 | 16 | 32 | 64 | 128 };

/**
 * The BADC/SADC codes and their conversion times (8.6.2.1, table "ADC Settings"). Codes
 * 0b01xx read as 0b00xx (the table's "X = don't care"); 0b1000 is 12-bit again.
 */
export const ADC_SETTINGS: readonly { code: number; adc: Ina219Adc; conversionUs: number }[] = [
  { code: 0b0000, adc: { bits: 9 }, conversionUs: 84 },
  { code: 0b0001, adc: { bits: 10 }, conversionUs: 148 },
  { code: 0b0010, adc: { bits: 11 }, conversionUs: 276 },
  { code: 0b0011, adc: { bits: 12 }, conversionUs: 532 },
  { code: 0b1000, adc: { bits: 12 }, conversionUs: 532 },
  { code: 0b1001, adc: { averageSamples: 2 }, conversionUs: 1060 },
  { code: 0b1010, adc: { averageSamples: 4 }, conversionUs: 2130 },
  { code: 0b1011, adc: { averageSamples: 8 }, conversionUs: 4260 },
  { code: 0b1100, adc: { averageSamples: 16 }, conversionUs: 8510 },
  { code: 0b1101, adc: { averageSamples: 32 }, conversionUs: 17020 },
  { code: 0b1110, adc: { averageSamples: 64 }, conversionUs: 34050 },
  { code: 0b1111, adc: { averageSamples: 128 }, conversionUs: 68100 },
];

function adcRow(code: number) {
  const c = code & 0b1000 ? code & 0b1111 : code & 0b0011;
  // Every 4-bit code has a row once 0b01xx folds onto 0b00xx.
  return ADC_SETTINGS.find((r) => r.code === c) as (typeof ADC_SETTINGS)[number];
}

/** ADC setting -> its 4-bit BADC/SADC code. */
export function adcCode(adc: Ina219Adc): number {
  if ("bits" in adc) return adc.bits - 9;
  return 0b1000 | Math.log2(adc.averageSamples);
}

/** 4-bit BADC/SADC code -> ADC setting. */
export function decodeAdc(code: number): Ina219Adc {
  return adcRow(code).adc;
}

/** Conversion time of one ADC setting, microseconds. */
export function adcConversionUs(adc: Ina219Adc): number {
  return adcRow(adcCode(adc)).conversionUs;
}

/** Resolution of one ADC setting in bits (averaged results are 12-bit). */
export function adcResolutionBits(adc: Ina219Adc): number {
  return "bits" in adc ? adc.bits : 12;
}

/** The configuration register's fields (8.6.2.1). */
export interface Ina219ConfigFields {
  /** RST: reset every register to its power-on value (reads back 0). */
  reset: boolean;
  busRangeV: BusRangeV;
  shuntRangeMv: ShuntRangeMv;
  busAdc: Ina219Adc;
  shuntAdc: Ina219Adc;
  /** MODE bits, 0..7: see Ina219Mode. */
  mode: number;
}

/** Lowest bit of each field: RST 15, BRNG 13, PG 12..11, BADC 10..7, SADC 6..3, MODE 2..0. */
const SHIFT = { rst: 15, brng: 13, pg: 11, badc: 7, sadc: 3 } as const;

/** Fields -> configuration register. Omitted fields take their power-on values. */
export function encodeIna219Config(f: Partial<Ina219ConfigFields> = {}): number {
  const por = decodeIna219Config(INA219_CONFIG_POR);
  const brng = BUS_RANGES_V.indexOf(f.busRangeV ?? por.busRangeV);
  const pg = SHUNT_RANGES_MV.indexOf(f.shuntRangeMv ?? por.shuntRangeMv);
  return (
    ((f.reset ? 1 : 0) << SHIFT.rst) |
    (brng << SHIFT.brng) |
    (pg << SHIFT.pg) |
    (adcCode(f.busAdc ?? por.busAdc) << SHIFT.badc) |
    (adcCode(f.shuntAdc ?? por.shuntAdc) << SHIFT.sadc) |
    ((f.mode ?? por.mode) & 0b111)
  );
}

/** Configuration register -> fields. */
export function decodeIna219Config(raw: number): Ina219ConfigFields {
  return {
    reset: ((raw >> SHIFT.rst) & 1) === 1,
    busRangeV: BUS_RANGES_V[(raw >> SHIFT.brng) & 1] as BusRangeV,
    shuntRangeMv: SHUNT_RANGES_MV[(raw >> SHIFT.pg) & 0b11] as ShuntRangeMv,
    busAdc: decodeAdc((raw >> SHIFT.badc) & 0b1111),
    shuntAdc: decodeAdc((raw >> SHIFT.sadc) & 0b1111),
    mode: raw & 0b111,
  };
}

/** Largest shunt register magnitude at a PGA range: the range in 10 uV LSBs (8.6.3.1). */
export function shuntFullScaleCode(rangeMv: ShuntRangeMv): number {
  return rangeMv * 100;
}

/** Reads a 16-bit register value as two's complement. */
export function toSigned16(raw: number): number {
  const v = raw & 0xffff;
  return v >= 0x8000 ? v - 0x10000 : v;
}

/** Shunt voltage register (01h, two's complement) -> millivolts (8.6.3.1). */
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

/** Bus voltage register (02h) -> volts and the two status bits (8.6.3.2). */
export function busRegisterToV(raw: number): BusReading {
  const v = raw & 0xffff;
  return {
    busV: (v >> BUS_SHIFT) * BUS_LSB_V,
    conversionReady: (v & BUS_CNVR) !== 0,
    overflow: (v & BUS_OVF) !== 0,
  };
}

/** Bus code (0..0x1FFF) and status bits -> the bus voltage register as the chip presents it. */
export function busRegister(code: number, conversionReady: boolean, overflow: boolean): number {
  return (
    ((code << BUS_SHIFT) | (conversionReady ? BUS_CNVR : 0) | (overflow ? BUS_OVF : 0)) & 0xffff
  );
}

/** Current register (04h, two's complement) -> milliamps, given the current LSB (8.6.3.4). */
export function currentRegisterToMa(raw: number, currentLsbA: number): number {
  return toSigned16(raw) * currentLsbA * 1000;
}

/** Power LSB = 20 x Current LSB (8.5.1). */
export const POWER_LSB_PER_CURRENT_LSB = 20;

/** Power register (03h, unsigned) -> milliwatts, given the current LSB (8.6.3.3). */
export function powerRegisterToMw(raw: number, currentLsbA: number): number {
  return (raw & 0xffff) * POWER_LSB_PER_CURRENT_LSB * currentLsbA * 1000;
}

/** Current = Shunt x Cal / 4096; Power = Current x Bus / 5000 (8.5.1). */
export const CURRENT_DIVISOR = 4096;
export const POWER_DIVISOR = 5000;

export interface Ina219Products {
  /** Current register value, saturated to int16. */
  current: number;
  /** Power register value, saturated to uint16. */
  power: number;
  /** OVF: one of the two did not fit. */
  overflow: boolean;
}

/**
 * What the chip's multipliers put in the current and power registers from its shunt code,
 * bus code (bits 15..3 shifted down) and calibration (8.5.1; both truncate). Power is
 * unsigned: the chip reports the magnitude.
 */
export function ina219Products(shuntCode: number, busCode: number, cal: number): Ina219Products {
  const current = Math.trunc((shuntCode * cal) / CURRENT_DIVISOR);
  const power = Math.trunc((Math.abs(current) * busCode) / POWER_DIVISOR);
  return {
    current: Math.max(-32768, Math.min(32767, current)),
    power: Math.min(65535, power),
    overflow: current > 32767 || current < -32768 || power > 65535,
  };
}
