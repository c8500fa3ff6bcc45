/**
 * The firmware's clock against the emulated chip's. A hex built for another F_CPU runs in
 * the emulator without complaint: every delay and baud rate scales with the emulated
 * 16 MHz, and the emulator's USART hands bytes over whatever their timing. On a desk the
 * host, listening at the declared baud rate, would read garbage. Two checks close the gap:
 * - the profile's fCpuHz must be the emulated ATmega328P's (an Uno's 16 MHz crystal),
 *   checked before anything runs (refused, exit 69);
 * - once the firmware enables its transmitter, the baud rate its USART really runs at on
 *   the 16 MHz chip (UBRR0 and U2X0, datasheet USART0 "Baud Rate Generator") must be
 *   within what a receiver at the profile's baud still reads; otherwise it is reported (a
 *   profile that says 16 MHz for an 8 MHz build).
 */
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { CPU_HZ } from "./atmega328p.js";

/** What a firmware profile says about the clock its hex was built for (profile.json). */
export interface FirmwareClock {
  fCpuHz: number;
  /** The serial link's baud rate. */
  baud: number;
  /** Where that was said (the profile file), for messages. */
  source: string;
}

/**
 * Largest relative error between the firmware's baud and the receiver's: an 8N1 receiver
 * resynchronises on each start bit and samples mid-bit, so the error may pile up over 9.5
 * bits before the stop bit is misread, less the receiver's own error (datasheet USART0,
 * "Asynchronous Operational Range": about +-4.5 % at 8 data bits). An Uno at 115200 baud
 * runs 2.1 % fast.
 */
export const MAX_BAUD_ERROR = 0.045;

/** Throws FIRMWARE_PROFILE (exit 69) unless the firmware was built for the emulated clock. */
export function checkFirmwareClock(c: FirmwareClock): void {
  if (c.fCpuHz === CPU_HZ) return;
  const ratio = CPU_HZ / c.fCpuHz;
  const speed =
    ratio === 2
      ? "twice the speed"
      : ratio === 0.5
        ? "half the speed"
        : `${ratio.toPrecision(3)} times the speed`;
  throw new OrbitrigError(
    "FIRMWARE_PROFILE",
    `${c.source}: fCpuHz is ${c.fCpuHz} but the emulated ATmega328P runs at ${CPU_HZ} Hz (an Uno's crystal): on a real Uno this firmware's serial port and timers would run at ${speed} it expects; build it for ${CPU_HZ / 1e6} MHz`,
    ExitCode.unavailable,
  );
}

/** The warning for a USART the firmware set to another baud than declared, or null. */
export function baudMismatch(actualBaud: number, c: FirmwareClock): string | null {
  if (Math.abs(actualBaud / c.baud - 1) <= MAX_BAUD_ERROR) return null;
  return `the firmware set its serial port to ${actualBaud} baud, but ${c.source} says ${c.baud}: it was built for another clock (F_CPU); on a real Uno the host would read garbage`;
}

/**
 * Watches USART0's baud against the profile's. Judged at the first byte sent after a
 * configuration change, so a setup written in any order (baud before or after enabling the
 * transmitter) is judged once it is complete; reported once.
 */
export class BaudWatch {
  /** The baud the firmware's USART runs at on the emulated clock, while TX is on. */
  baud: number | null = null;
  private judged = true;
  private warned = false;

  constructor(
    private readonly clock: FirmwareClock | null,
    private readonly warn: (text: string) => void,
  ) {}

  configured(baud: number, txEnabled: boolean): void {
    this.baud = txEnabled ? baud : null;
    this.judged = false;
  }

  byteSent(): void {
    if (this.judged) return;
    this.judged = true;
    if (!this.clock || this.baud === null || this.warned) return;
    const warning = baudMismatch(this.baud, this.clock);
    if (warning) {
      this.warned = true;
      this.warn(warning);
    }
  }
}
