/**
 * Single-event upsets: a charged particle (a cosmic ray, a proton of the South Atlantic
 * Anomaly) deposits enough charge in a memory cell or a flip-flop to flip the bit it holds.
 * The "seu" fault flips bits of the running firmware's state at a chosen rate: the 2048
 * bytes of SRAM (variables, buffers, the stack) and the core's registers (r0..r31, the stack
 * pointer and SREG), each bit equally likely, as the particle's aim is random.
 *
 * Upsets arrive as a Poisson process in emulated time (exponential gaps drawn from the
 * emulator's seeded generator), so a run is reproducible and its count over a long run is
 * hz x duration. Flash (the program) and EEPROM are left alone: their cells need far more
 * charge to flip (docs/physics.md §9). What the firmware does with a flipped bit is its own
 * business: a corrupted line leaves with a valid CRC of wrong data, or a byte waiting in the
 * transmit buffer changes and the host rejects the line; a flipped return address or stack
 * pointer sends the program astray until the AVR watchdog resets it.
 */
import type { Prng } from "./prng.js";

/** ATmega328P data space (datasheet DS40002061A section 8.3): registers, SP, SREG, SRAM. */
const REGISTERS = 32;
/** SPL, SPH and SREG sit at 0x5D..0x5F. */
const SPL = 0x5d;
const SRAM_START = 0x100;
const SRAM_BYTES = 2048;
/** Bytes upsets can hit: r0..r31, SPL, SPH, SREG, then the SRAM. */
export const UPSET_TARGET_BYTES = REGISTERS + 3 + SRAM_BYTES;

/** Where a seu fault's upsets land: everywhere, or only in the SRAM or the core's registers. */
export type UpsetTarget = "all" | "sram" | "registers";
export const UPSET_TARGETS: readonly UpsetTarget[] = ["all", "sram", "registers"];

/** First target byte and how many, for each target. */
const RANGE: Record<UpsetTarget, [number, number]> = {
  all: [0, UPSET_TARGET_BYTES],
  registers: [0, REGISTERS + 3],
  sram: [REGISTERS + 3, SRAM_BYTES],
};

/** The data-space address of the i-th byte upsets can hit. */
export function upsetAddress(i: number): number {
  if (i < REGISTERS) return i;
  if (i < REGISTERS + 3) return SPL + (i - REGISTERS);
  return SRAM_START + (i - REGISTERS - 3);
}

export interface UpsetCounts {
  /** Bits flipped, and how many of them in the registers (r0..r31, SP, SREG). */
  flips: number;
  registerFlips: number;
}

/** One seu fault's arrivals: call due() as emulated time passes; it flips what is due. */
export class UpsetStream {
  private nextMs: number;

  constructor(
    private readonly hz: number,
    startMs: number,
    private readonly prng: Prng,
    private readonly target: UpsetTarget = "all",
  ) {
    this.nextMs = startMs + this.gapMs();
  }

  private gapMs(): number {
    // Exponential gaps: 1 - u is in (0, 1], so the log is finite.
    return (-Math.log(1 - this.prng()) / this.hz) * 1000;
  }

  /** Flips every upset due by nowMs (before endMs) in `data`; adds them to counts. */
  due(nowMs: number, endMs: number, data: Uint8Array, counts: UpsetCounts): void {
    while (this.nextMs <= nowMs && this.nextMs < endMs) {
      const [first, bytes] = RANGE[this.target];
      const bit = Math.floor(this.prng() * bytes * 8);
      const byte = first + (bit >> 3);
      data[upsetAddress(byte)]! ^= 1 << (bit & 7);
      counts.flips++;
      if (byte < REGISTERS + 3) counts.registerFlips++;
      this.nextMs += this.gapMs();
    }
  }
}
