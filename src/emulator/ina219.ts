/**
 * INA219 zero-drift bidirectional current/power monitor with I2C interface, modelled
 * register by register after TI SBOS448G (rev. December 2015). The register map, the
 * configuration fields, conversion times and the chip's current/power arithmetic are
 * src/chips/ina219.ts; this file adds what the chip does over time and on the bus:
 * - 8.5.6 register pointer: a write transaction's first byte sets the pointer, two more
 *   bytes (MSB first) write that register; a read returns the pointed register MSB first,
 *   both bytes from one value (the chip shifts out a register it has latched, so a
 *   conversion ending between the bytes cannot tear it).
 * - 8.6.2.1 configuration (00h): writing RST restores every register to its POR value.
 * - 8.6.3.1 shunt voltage (01h): clipped to the PGA range; 9..11-bit settings resolve
 *   2..8 LSBs per step.
 * - 8.6.3.2 bus voltage (02h): clipped to the BRNG range; CNVR set when a conversion
 *   completes, cleared by reading the power register or writing the configuration.
 * - 8.6.3.3/8.6.3.4 power (03h) and current (04h): 0 until calibrated.
 * - 8.6.4.1 calibration (05h): bit 0 is not used and reads 0.
 * Results are refreshed at the end of each conversion cycle, from the circuit's truth at
 * that instant, with noise at the LSB level from a seeded PRNG (tests stay deterministic).
 */
import {
  adcConversionUs,
  adcResolutionBits,
  BUS_CODE_MAX,
  BUS_LSB_V,
  busRegister,
  decodeIna219Config,
  INA219_CONFIG_POR,
  INA219_CONFIG_RESET,
  type Ina219ConfigFields,
  Ina219Register,
  ina219Products,
  modeConverts,
  SHUNT_LSB_V,
  shuntFullScaleCode,
} from "../chips/ina219.js";
import { CAL_MAX } from "../chips/ina219-calibration.js";
import type { I2cDevice } from "./i2c-bus.js";
import { gaussian, type Prng } from "./prng.js";

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

/** Seconds per conversion cycle: the shunt's and/or the bus's conversion, as MODE selects. */
function cycleSeconds(f: Ina219ConfigFields): number {
  const m = modeConverts(f.mode);
  return (
    (m.shunt ? adcConversionUs(f.shuntAdc) / 1e6 : 0) +
    (m.bus ? adcConversionUs(f.busAdc) / 1e6 : 0)
  );
}

export class Ina219 implements I2cDevice {
  readonly address: number;
  /** When false the chip does not acknowledge its address (absent / unplugged). */
  present = true;
  /** When true the result registers stop updating (a hung chip). */
  stuck = false;
  private config = INA219_CONFIG_POR;
  /** The configuration decoded, what it converts and how long a cycle takes: set with config. */
  private fields = decodeIna219Config(INA219_CONFIG_POR);
  private converts = modeConverts(this.fields.mode);
  private cycleS = cycleSeconds(this.fields);
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
  /** The register being shifted out, latched at its first byte. */
  private latched = 0;
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
      case Ina219Register.shuntVoltage:
        return this.shuntReg & 0xffff;
      case Ina219Register.busVoltage:
        return busRegister(this.busReg, this.cnvr, this.ovf);
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
      if (value & INA219_CONFIG_RESET) {
        this.config = INA219_CONFIG_POR;
        this.cal = 0;
        this.shuntReg = this.busReg = this.currentReg = this.powerReg = 0;
        this.ovf = false;
      } else {
        this.config = value & 0x7fff;
      }
      this.fields = decodeIna219Config(this.config);
      this.converts = modeConverts(this.fields.mode);
      this.cycleS = cycleSeconds(this.fields);
      this.cnvr = false;
      this.seriesStartS = this.opts.nowS();
      this.lastConversion = -1;
    } else if (reg === Ina219Register.calibration) {
      this.cal = value & CAL_MAX;
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
    // Both bytes of a word come from one value: reading the register again for the LSB
    // would pair the MSB of one conversion with the LSB of the next (0xFF08 from 0xFFF8
    // then 0x0008), and would clear CNVR twice on a power read.
    if (this.readIndex % 2 === 0) this.latched = this.readRegister(this.pointer);
    const byte = this.readIndex % 2 === 0 ? this.latched >> 8 : this.latched & 0xff;
    this.readIndex++;
    return byte;
  }
  stop(): void {}

  /** Brings the result registers up to date with conversions completed by now. */
  private update(): void {
    const m = this.converts;
    if (this.stuck || !(m.shunt || m.bus)) return;
    const now = this.opts.nowS();
    const done = Math.floor((now - this.seriesStartS) / this.cycleS) - 1;
    if (done <= this.lastConversion) return;
    // Triggered modes convert once per configuration write.
    if (!m.continuous && this.lastConversion >= 0) return;
    this.lastConversion = m.continuous ? done : 0;
    this.convert(now, m);
  }

  private convert(nowS: number, m: { shunt: boolean; bus: boolean }): void {
    const { shuntV, busV } = this.opts.inputs(nowS);
    const noise = this.opts.noiseLsb ?? 0.5;
    const f = this.fields;
    if (m.shunt) {
      const shuntFull = shuntFullScaleCode(f.shuntRangeMv);
      // 12-bit conversions resolve the 10 uV LSB; each bit less doubles the step.
      const step = 2 ** (12 - adcResolutionBits(f.shuntAdc));
      let code =
        Math.round((shuntV / SHUNT_LSB_V + gaussian(this.opts.prng) * noise) / step) * step;
      code = Math.max(-shuntFull, Math.min(shuntFull, code));
      this.shuntReg = code;
    }
    if (m.bus) {
      const v = Math.max(0, Math.min(f.busRangeV, busV));
      this.busReg = Math.max(
        0,
        Math.min(BUS_CODE_MAX, Math.round(v / BUS_LSB_V + gaussian(this.opts.prng) * noise)),
      );
    }
    this.cnvr = true;
    this.recompute();
  }

  /** Current and power registers as the chip computes them from shunt, bus and cal. */
  private recompute(): void {
    const p = ina219Products(this.shuntReg, this.busReg, this.cal);
    this.ovf = p.overflow;
    this.currentReg = p.current;
    this.powerReg = p.power;
  }
}
