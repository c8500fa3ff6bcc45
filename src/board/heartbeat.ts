/**
 * Keeps the firmware's watchdog fed: every periodMs it sends a heartbeat when no other
 * command is in flight (any accepted command feeds the watchdog). A board that stops
 * answering is noticed by the link's silence watch (./link.ts), not here.
 */
import type { Clock } from "../core/clock.js";

export interface HeartbeatHooks {
  /** True when nothing is queued, so a heartbeat is needed. */
  idle(): boolean;
  sendHeartbeat(): void;
}

export class Heartbeat {
  private cancel: (() => void) | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly hooks: HeartbeatHooks,
  ) {}

  start(periodMs: number): void {
    this.stop();
    const tick = () => {
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
