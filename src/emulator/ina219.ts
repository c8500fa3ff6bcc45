/**
 * INA219 zero-drift bidirectional current/power monitor with I2C interface, modelled
 * register by register after TI SBOS448G (rev. December 2015):
 * - 8.5.1 register pointer: a write transaction's first byte sets the pointer, two more
 *   bytes (MSB first) write that register; a read returns the pointed register MSB first.
 * - 8.6.2.1 configuration (00h): RST, BRNG (16/32 V), PG (+-40/80/160/320 mV), BADC, SADC,
 *   MODE; power-on value 0x399F. Writing RST restores every register to its POR value.
 * - 8.6.3.1 shunt voltage (01h): LSB 10 uV, two's complement, clipped to the PGA range.
 * - 8.6.3.2 bus voltage (02h): bits 15..3, LSB 4 mV; CNVR (bit 1) set when a conversion
 *   completes, cleared by reading the power register or writing the configuration;
 *   OVF (bit 0) set when the power or current calculation is out of range.
 * - 8.6.3.3/8.6.3.4 power (03h) and current (04h): Current = Shunt * Cal / 4096,
 *   Power = Current * Bus / 5000, both truncated to integers; 0 until calibrated.
 * - 8.6.3.5 calibration (05h): bit 0 is not used and reads 0.
 * - Table 5: conversion time per ADC setting (84/148/276/532 us, 2..128 averaged samples).
 * Results are refreshed at the end of each conversion cycle, from the circuit's truth at
 * that instant, with noise at the LSB level from a seeded PRNG (tests stay deterministic).
 */
import type { I2cDevice } from "./i2c-bus.js";
import { gaussian, type Prng } from "./prng.js";

export const INA219_POR_CONFIG = 0x399f;
export const Ina219Register = {
  config: 0,
  shunt: 1,
  bus: 2,
  power: 3,
  current: 4,
  calibration: 5,
} as const;

/** What the chip's inputs see: shunt differential voltage and bus voltage (IN- to GND). */
export interface Ina219Inputs {
  shuntV: number;
  busV: number;
}

export interface Ina219Options {
  address: number;
  /** Returns the circuit's truth at the given emulated time. */
  inputs: (nowS: number) => Ina219Inputs;
  /** Emulated time source, seconds. */
  nowS: () => number;
  prng: Prng;
  /** Noise standard deviation, in LSBs of the shunt (10 uV) and bus (4 mV) registers. */
  noiseLsb?: number;
}

/** Conversion time in seconds of one ADC setting (BADC/SADC field, table 5). */
export function conversionTimeS(adcField: number): number {
  if ((adcField & 0x8) === 0) return [84e-6, 148e-6, 276e-6, 532e-6][adcField & 0x3] ?? 532e-6;
  const samples = 1 << (adcField & 0x7);
  return samples <= 1
    ? 532e-6
    : ([532e-6, 1.06e-3, 2.13e-3, 4.26e-3, 8.51e-3, 17.02e-3, 34.05e-3, 68.1e-3][adcField & 0x7] ??
        532e-6);
}

/** Shunt ADC resolution in bits of one ADC setting (averaging modes are 12-bit). */
function resolutionBits(adcField: number): number {
  return adcField & 0x8 ? 12 : 9 + (adcField & 0x3);
}

export class Ina219 implements I2cDevice {
  readonly address: number;
  /** When false the chip does not acknowledge its address (absent / unplugged). */
  present = true;
  /** When true the result registers stop updating (a hung chip). */
  stuck = false;
  private config = INA219_POR_CONFIG;
  private cal = 0;
  private shuntReg = 0;
  private busReg = 0;
  private currentReg = 0;
  private powerReg = 0;
  private ovf = false;
  private cnvr = false;
  private pointer = 0;
  private writeBytes: number[] = [];
  private readIndex = 0;
  /** Start of the current conversion series (config write or power-on). */
  private seriesStartS = 0;
  /** Index of the last conversion whose results are in the registers. */
  private lastConversion = -1;
  private readonly opts: Ina219Options;

  constructor(opts: Ina219Options) {
    this.opts = opts;
    this.address = opts.address;
    this.seriesStartS = opts.nowS();
  }

  /** Register value as the chip would return it now. */
  readRegister(reg: number): number {
    this.update();
    switch (reg) {
      case Ina219Register.config:
        return this.config;
      case Ina219Register.shunt:
        return this.shuntReg & 0xffff;
      case Ina219Register.bus:
        return ((this.busReg << 3) | (this.cnvr ? 2 : 0) | (this.ovf ? 1 : 0)) & 0xffff;
      case Ina219Register.power:
        this.cnvr = false;
        return this.powerReg & 0xffff;
      case Ina219Register.current:
        return this.currentReg & 0xffff;
      case Ina219Register.calibration:
        return this.cal;
      default:
        return 0;
    }
  }

  writeRegister(reg: number, value: number): void {
    this.update();
    if (reg === Ina219Register.config) {
      if (value & 0x8000) {
        this.config = INA219_POR_CONFIG;
        this.cal = 0;
        this.shuntReg = this.busReg = this.currentReg = this.powerReg = 0;
        this.ovf = false;
      } else {
        this.config = value & 0x7fff;
      }
      this.cnvr = false;
      this.seriesStartS = this.opts.nowS();
      this.lastConversion = -1;
    } else if (reg === Ina219Register.calibration) {
      this.cal = value & 0xfffe;
      this.recompute();
    }
  }

  // I2cDevice: bus-level behaviour.
  ack(): boolean {
    return this.present;
  }
  start(_read: boolean): void {
    this.writeBytes = [];
    this.readIndex = 0;
  }
  write(byte: number): boolean {
    this.writeBytes.push(byte);
    if (this.writeBytes.length === 1) this.pointer = byte & 0x07;
    if (this.writeBytes.length === 3) {
      this.writeRegister(
        this.pointer,
        ((this.writeBytes[1] ?? 0) << 8) | (this.writeBytes[2] ?? 0),
      );
    }
    return this.present;
  }
  read(): number {
    if (!this.present) return 0xff;
    const value = this.readRegister(this.pointer);
    const byte = this.readIndex % 2 === 0 ? value >> 8 : value & 0xff;
    this.readIndex++;
    return byte;
  }
  stop(): void {}

  private get mode(): number {
    return this.config & 0x7;
  }

  /** Seconds per conversion cycle in the current mode (shunt and/or bus). */
  private cycleS(): number {
    const badc = (this.config >> 7) & 0xf;
    const sadc = (this.config >> 3) & 0xf;
    const m = this.mode;
    return (m & 1 ? conversionTimeS(sadc) : 0) + (m & 2 ? conversionTimeS(badc) : 0);
  }

  /** Brings the result registers up to date with conversions completed by now. */
  private update(): void {
    const m = this.mode;
    if (this.stuck || m === 0 || m === 4) return;
    const now = this.opts.nowS();
    const cycle = this.cycleS();
    const done = Math.floor((now - this.seriesStartS) / cycle) - 1;
    if (done <= this.lastConversion) return;
    // Triggered modes (1..3) convert once per configuration write.
    if (m < 4 && this.lastConversion >= 0) return;
    this.lastConversion = m < 4 ? 0 : done;
    this.convert(now, m);
  }

  private convert(nowS: number, mode: number): void {
    const { shuntV, busV } = this.opts.inputs(nowS);
    const noise = this.opts.noiseLsb ?? 0.5;
    const pg = (this.config >> 11) & 0x3;
    const shuntFull = 4000 << pg; // +-40 mV << pg in 10 uV LSBs
    if (mode & 1) {
      const sadc = (this.config >> 3) & 0xf;
      // 12-bit conversions resolve the 10 uV LSB; each bit less doubles the step.
      const step = 2 ** (12 - resolutionBits(sadc));
      let code = Math.round((shuntV / 10e-6 + gaussian(this.opts.prng) * noise) / step) * step;
      code = Math.max(-shuntFull, Math.min(shuntFull, code));
      this.shuntReg = code;
    }
    if (mode & 2) {
      const fullV = this.config & 0x2000 ? 32 : 16;
      const v = Math.max(0, Math.min(fullV, busV));
      this.busReg = Math.max(
        0,
        Math.min(0x1fff, Math.round(v / 4e-3 + gaussian(this.opts.prng) * noise)),
      );
    }
    this.cnvr = true;
    this.recompute();
  }

  /** Current and power registers as the chip computes them from shunt, bus and cal. */
  private recompute(): void {
    const current = Math.trunc((this.shuntReg * this.cal) / 4096);
    const power = Math.trunc((Math.abs(current) * this.busReg) / 5000);
    this.ovf = current > 32767 || current < -32768 || power > 65535;
    this.currentReg = Math.max(-32768, Math.min(32767, current));
    this.powerReg = Math.min(65535, power);
  }
}
