/**
 * The parts of firmata-io and johnny-five that the Firmata board uses, typed (neither
 * ships types). Types only: the libraries themselves are loaded by ./firmata-board.ts,
 * their one home (tests/architecture/layers.test.ts), and handed to the session.
 */

/** The part of firmata-io's Firmata class we use (it ships no types). */
export interface FirmataIo {
  i2cConfig(options: { delay: number }): unknown;
  i2cWrite(address: number, register: number, bytes: number[]): unknown;
  i2cReadOnce(
    address: number,
    register: number,
    bytesToRead: number,
    callback: (bytes: number[]) => void,
  ): unknown;
  i2cRead(
    address: number,
    register: number,
    bytesToRead: number,
    callback: (bytes: number[]) => void,
  ): unknown;
  i2cStop(options: { address: number }): unknown;
  MODES: { PWM: number };
  firmware: { name?: string; version?: { major: number; minor: number } };
  version: { major?: number; minor?: number };
  analogRead(channel: number, callback: (raw: number) => void): unknown;
  setSamplingInterval(ms: number): unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeAllListeners(): unknown;
}

export interface FiveBoardLike {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeAllListeners(): unknown;
  /** The pins' capabilities, from StandardFirmata's capability report; set at "ready". */
  pins: { length: number; isPwm(pin: number): boolean } | null;
  /** johnny-five's own wall-clock "no ready" timer (lib/board.js, finalizeAndBroadcast). */
  timer?: ReturnType<typeof setTimeout>;
}

/** The part of johnny-five's Led we use (lib/led/led.js). */
export interface FiveLed {
  /** The pin mode it chose: PWM when the capability report says the pin can. */
  readonly mode: number | null;
  /** 0..255; written at once with analogWrite (no timer). */
  brightness(level: number): unknown;
  /** Stops any blink, pulse or animation (we start none). */
  stop(): unknown;
}

export interface FirmataLibs {
  Firmata: new (port: object, options: object) => FirmataIo;
  FiveBoard: new (options: object) => FiveBoardLike;
  Led: new (options: { pin: number; board: FiveBoardLike }) => FiveLed;
}
