/**
 * Runs an Emulator against the wall clock: paced (emulated time = wall time x speed) or
 * free-running (as fast as the CPU allows). This is the one place in src/emulator that
 * reads the wall clock (real timers: here and in the lockstep pacers' ./slice-loop.ts); the
 * model itself only moves in runFor().
 * Work is done in slices of at most `sliceWallMs` so the Node event loop (serial ports,
 * the dashboard, signals) keeps running between them.
 */
import type { Emulator } from "./emulator.js";

export interface PacerOptions {
  /** Emulated ms per wall ms (1 = real time), or "max" to free-run. Default 1. */
  speed?: number | "max";
  /** Longest stretch of emulation between yields to the event loop, wall ms. Default 20. */
  sliceWallMs?: number;
}

export interface PacerStatus {
  running: boolean;
  /** Emulated ms per wall ms achieved since start. */
  achievedSpeed: number;
  /** True when a paced run cannot keep up with the asked speed. */
  behind: boolean;
}

export class Pacer {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private wall0 = 0;
  private emu0 = 0;
  private behind = false;

  constructor(
    private readonly emulator: Emulator,
    private readonly options: PacerOptions = {},
  ) {
    const s = options.speed ?? 1;
    if (s !== "max" && !(s > 0)) throw new RangeError(`speed must be > 0 or "max", got ${s}`);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wall0 = performance.now();
    this.emu0 = this.emulator.nowMs();
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  get status(): PacerStatus {
    const wall = performance.now() - this.wall0;
    return {
      running: this.running,
      achievedSpeed: wall > 0 ? (this.emulator.nowMs() - this.emu0) / wall : 0,
      behind: this.behind,
    };
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => this.slice(), delayMs);
  }

  private slice(): void {
    if (!this.running) return;
    const speed = this.options.speed ?? 1;
    const sliceWall = this.options.sliceWallMs ?? 20;
    const start = performance.now();
    if (speed === "max") {
      while (this.running && performance.now() - start < sliceWall) this.emulator.runFor(2);
      this.schedule(0);
      return;
    }
    const targetMs = this.emu0 + (start - this.wall0) * speed;
    while (
      this.running &&
      this.emulator.nowMs() < targetMs &&
      performance.now() - start < sliceWall
    ) {
      this.emulator.runFor(Math.min(2, targetMs - this.emulator.nowMs()));
    }
    this.behind = this.emulator.nowMs() < targetMs - 50 * speed;
    this.schedule(this.emulator.nowMs() >= targetMs ? 5 : 0);
  }
}
