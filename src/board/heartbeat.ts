/**
 * Keeps the firmware's watchdog fed and watches for a board that went quiet. Every
 * periodMs it sends a heartbeat when no other command is in flight (any accepted command
 * feeds the watchdog), and when no line at all has arrived for silenceMs it stops and
 * reports the silence instead.
 */
import type { Clock } from "../core/clock.js";

export interface HeartbeatHooks {
  /** True when nothing is queued, so a heartbeat is needed. */
  idle(): boolean;
  sendHeartbeat(): void;
  /** The board said nothing for quietMs: the heartbeat has stopped. */
  silent(quietMs: number): void;
}

export class Heartbeat {
  private cancel: (() => void) | null = null;
  private lastLineMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly hooks: HeartbeatHooks,
  ) {}

  /** Something arrived from the board. */
  noteLine(): void {
    this.lastLineMs = this.clock.nowMs();
  }

  start(periodMs: number, silenceMs: number): void {
    this.stop();
    this.lastLineMs = this.clock.nowMs();
    const tick = () => {
      const quietMs = this.clock.nowMs() - this.lastLineMs;
      if (quietMs >= silenceMs) {
        this.cancel = null;
        this.hooks.silent(quietMs);
        return;
      }
      this.cancel = this.clock.setTimeout(tick, periodMs);
      if (this.hooks.idle()) this.hooks.sendHeartbeat();
    };
    this.cancel = this.clock.setTimeout(tick, periodMs);
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }
}
