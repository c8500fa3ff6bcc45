/**
 * An INA219 read over Firmata I2C: a reusable part (johnny-five has no INA219). It
 * configures and calibrates the chip (TI SBOS448 8.5.1 and 8.6.2), checks that it
 * answers by reading the configuration back, and reads shunt, bus, current and power
 * either once (i2cReadOnce) or continuously (i2cRead: StandardFirmata re-reads each
 * register every sampling interval and reports it). The INA219 does not auto-increment
 * its register pointer, so each register is its own 2-byte read (SBOS448 8.5.6).
 * The register map, calibration and register -> SI conversions are src/chips/.
 */
import {
  busRegisterToV,
  currentRegisterToMa,
  Ina219Register,
  powerRegisterToMw,
  shuntRegisterToMv,
} from "../chips/ina219.js";
import {
  type Ina219Calibration,
  type Ina219CalibrationInput,
  ina219Calibration,
} from "../chips/ina219-calibration.js";
import type { Clock } from "../core/clock.js";

/**
 * The I2C calls the part needs, with failed reads reported as null. Over Firmata, see
 * firmataI2cBus (./firmata-session.ts): StandardFirmata answers a read from a chip that
 * NACKs with a string warning and a reply full of stale bytes, so the bus adapter is what
 * tells a failed read from a good one.
 */
export interface I2cBus {
  write(address: number, register: number, bytes: number[]): void;
  readOnce(
    address: number,
    register: number,
    bytesToRead: number,
    callback: (bytes: number[] | null) => void,
  ): void;
  /** Repeated reads, each reported through callback, until stop(address). */
  readContinuous(
    address: number,
    register: number,
    bytesToRead: number,
    callback: (bytes: number[] | null) => void,
  ): void;
  stop(address: number): void;
}

export interface Ina219Reading {
  busV: number;
  shuntMv: number;
  currentMa: number;
  powerMw: number;
  /** OVF: current and power are not valid (SBOS448 8.6.3.2). */
  overflow: boolean;
  /** Clock time the last register of this reading arrived. */
  atMs: number;
}

export interface Ina219PartOptions extends Ina219CalibrationInput {
  /** 7-bit address, 0x40..0x4F. */
  address: number;
  /** How long to wait for an I2C reply. StandardFirmata sends none when the chip NACKs. Default 250 ms. */
  replyTimeoutMs?: number;
}

const READ_REGISTERS = [
  Ina219Register.shuntVoltage,
  Ina219Register.busVoltage,
  Ina219Register.power,
  Ina219Register.current,
] as const;

const word = (bytes: readonly number[]): number =>
  (((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0)) & 0xffff;

export class Ina219Part {
  readonly address: number;
  readonly calibration: Ina219Calibration;
  /** The chip answered when last configured. */
  present = false;
  private readonly raw = new Map<number, { value: number; atMs: number }>();
  private continuous = false;

  constructor(
    private readonly io: I2cBus,
    private readonly clock: Clock,
    private readonly options: Ina219PartOptions,
  ) {
    this.address = options.address;
    this.calibration = ina219Calibration(options);
  }

  /** Writes configuration and calibration, then reads the configuration back. Resolves to presence. */
  async configure(): Promise<boolean> {
    const { config, cal } = this.calibration;
    this.io.write(this.address, Ina219Register.config, [config >> 8, config & 0xff]);
    this.io.write(this.address, Ina219Register.calibration, [cal >> 8, cal & 0xff]);
    const back = await this.readRegister(Ina219Register.config);
    // RST (bit 15) self-clears; everything else must read as written.
    this.present = back !== null && (back & 0x7fff) === (config & 0x7fff);
    return this.present;
  }

  /** Reads one register once; null when the chip does not answer in time. */
  readRegister(register: number): Promise<number | null> {
    return new Promise((resolve) => {
      let done = false;
      const cancel = this.clock.setTimeout(() => {
        if (done) return;
        done = true;
        resolve(null);
      }, this.options.replyTimeoutMs ?? 250);
      this.io.readOnce(this.address, register, 2, (bytes) => {
        if (done) return;
        done = true;
        cancel();
        resolve(bytes === null ? null : word(bytes));
      });
    });
  }

  /** Reads all four measurement registers once; null when the chip does not answer. */
  async readOnce(): Promise<Ina219Reading | null> {
    for (const reg of READ_REGISTERS) {
      const v = await this.readRegister(reg);
      if (v === null) return null;
      this.raw.set(reg, { value: v, atMs: this.clock.nowMs() });
    }
    return this.latest();
  }

  /** Asks StandardFirmata to report the four registers every sampling interval. */
  startContinuous(): void {
    if (this.continuous) return;
    this.continuous = true;
    for (const reg of READ_REGISTERS) {
      this.io.readContinuous(this.address, reg, 2, (bytes) => {
        // A failed read forgets the register, so the channel reads as absent until it answers again.
        if (bytes === null) this.raw.delete(reg);
        else this.raw.set(reg, { value: word(bytes), atMs: this.clock.nowMs() });
      });
    }
  }

  stopContinuous(): void {
    if (!this.continuous) return;
    this.continuous = false;
    this.io.stop(this.address);
  }

  /** Number of Firmata continuous-read queries this part uses (StandardFirmata allows 8 in all). */
  static readonly QUERIES = READ_REGISTERS.length;

  /** The newest value of each register, converted; null until all four have arrived. */
  latest(): Ina219Reading | null {
    const get = (reg: number) => this.raw.get(reg);
    const shunt = get(Ina219Register.shuntVoltage);
    const bus = get(Ina219Register.busVoltage);
    const power = get(Ina219Register.power);
    const current = get(Ina219Register.current);
    if (!shunt || !bus || !power || !current) return null;
    const lsbA = this.calibration.currentLsbA;
    const b = busRegisterToV(bus.value);
    return {
      busV: b.busV,
      shuntMv: shuntRegisterToMv(shunt.value),
      currentMa: currentRegisterToMa(current.value, lsbA),
      powerMw: powerRegisterToMw(power.value, lsbA),
      overflow: b.overflow,
      atMs: Math.max(shunt.atMs, bus.atMs, power.atMs, current.atMs),
    };
  }
}
