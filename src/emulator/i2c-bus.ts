/**
 * The I2C bus behind the ATmega328P's TWI (datasheet DS40002061A section 22), with the
 * wire's timing: each START, address or data byte completes after the time it takes on
 * SCL (9 clocks per byte with its ACK, about 1 clock for START/STOP), computed from TWBR
 * and the prescaler as the chip does (SCL = F_CPU / (16 + 2 * TWBR * prescaler)).
 * Devices answer ACK/NACK and bytes through the small I2cDevice interface.
 */
import type { AVRTWI, CPU, TWIEventHandler } from "avr8js";

export interface I2cDevice {
  readonly address: number;
  /** Whether the device acknowledges its address right now (false: absent, NACK). */
  ack(): boolean;
  /** A START (or repeated START) addressed to this device. */
  start(read: boolean): void;
  /** A byte written by the master; returns ACK. */
  write(byte: number): boolean;
  /** A byte read by the master. */
  read(): number;
  stop(): void;
}

export interface I2cBusStats {
  transactions: number;
  nacks: number;
}

export class I2cBus {
  private readonly devices = new Map<number, I2cDevice>();
  private active: I2cDevice | null = null;
  readonly stats: I2cBusStats = { transactions: 0, nacks: 0 };

  add(device: I2cDevice): void {
    this.devices.set(device.address, device);
  }

  device(address: number): I2cDevice | undefined {
    return this.devices.get(address);
  }

  /** A TWI event handler for one (re)built AVRTWI; completions are delayed by the bus time. */
  handlerFor(twi: AVRTWI, cpu: CPU): TWIEventHandler {
    const bitCycles = () => Math.max(1, Math.round(16_000_000 / twi.sclFrequency));
    const later = (fn: () => void, bits: number) => cpu.addClockEvent(fn, bits * bitCycles());
    return {
      start: () => later(() => twi.completeStart(), 1),
      stop: () => {
        this.active?.stop();
        this.active = null;
        later(() => twi.completeStop(), 1);
      },
      connectToSlave: (addr: number, write: boolean) => {
        const dev = this.devices.get(addr);
        const ack = dev?.ack() ?? false;
        this.stats.transactions++;
        if (!ack) this.stats.nacks++;
        this.active = ack && dev ? dev : null;
        this.active?.start(!write);
        later(() => twi.completeConnect(ack), 9);
      },
      writeByte: (value: number) => {
        const ack = this.active?.write(value) ?? false;
        later(() => twi.completeWrite(ack), 9);
      },
      readByte: () => {
        const value = this.active ? this.active.read() : 0xff;
        later(() => twi.completeRead(value), 9);
      },
    };
  }
}
