/**
 * A Transport that survives unplug/replug: when the inner transport is lost (closed with
 * an error), it reports link-down, then reopens the inner transport with exponential
 * backoff on the injected Clock until it comes back (link-up) or maxAttempts is spent.
 * Jitter spreads the retries of many rigs in a classroom; it is drawn from an injected
 * random() so tests are deterministic.
 */
import type { Clock } from "../core/clock.js";
import type { Transport } from "./types.js";

export interface BackoffOptions {
  /** Delay before the first retry. Default 250 ms. */
  initialDelayMs?: number;
  /** Ceiling of the delay. Default 5000 ms. */
  maxDelayMs?: number;
  /** Growth per failed attempt. Default 2. */
  factor?: number;
  /** Each delay is reduced by up to this fraction, at random. Default 0.2. */
  jitterFraction?: number;
  /** Attempts before giving up (then onClose fires with the last error). Default: never give up. */
  maxAttempts?: number;
  /** Source of jitter in [0, 1). Default Math.random. */
  random?: () => number;
}

/** Delay before retry number `attempt` (0-based). Pure. */
export function backoffDelayMs(
  attempt: number,
  options: BackoffOptions = {},
  random01 = 0,
): number {
  const initial = options.initialDelayMs ?? 250;
  const max = options.maxDelayMs ?? 5000;
  const factor = options.factor ?? 2;
  const jitter = options.jitterFraction ?? 0.2;
  const base = Math.min(max, initial * factor ** attempt);
  return Math.round(base * (1 - jitter * random01));
}

export type LinkChange =
  | { state: "down"; reason: string }
  | { state: "retrying"; attempt: number; delayMs: number; lastError: string | null }
  | { state: "up"; attempts: number }
  | { state: "gave-up"; attempts: number; lastError: string };

type DataListener = (chunk: Uint8Array) => void;
type CloseListener = (err?: Error) => void;

export class ReconnectingTransport implements Transport {
  private readonly dataListeners = new Set<DataListener>();
  private readonly closeListeners = new Set<CloseListener>();
  private readonly linkListeners = new Set<(change: LinkChange) => void>();
  private cancelRetry: (() => void) | null = null;
  private wanted = false;
  private attempt = 0;
  private lastError: string | null = null;
  /** Between a reported loss and the link coming back. */
  private down = false;
  /** Number of times the link came back. */
  reconnects = 0;

  constructor(
    readonly inner: Transport,
    private readonly clock: Clock,
    private readonly options: BackoffOptions = {},
  ) {
    inner.onData((chunk) => {
      for (const l of [...this.dataListeners]) l(chunk);
    });
    inner.onClose((err) => this.innerClosed(err));
  }

  get path(): string {
    return this.inner.path;
  }

  get isOpen(): boolean {
    return this.inner.isOpen;
  }

  /** True while the link is lost and being retried. */
  get reconnecting(): boolean {
    return this.wanted && !this.inner.isOpen;
  }

  /** The first open is not retried: a wrong path should fail at once. */
  async open(): Promise<void> {
    await this.inner.open();
    this.wanted = true;
  }

  write(data: Uint8Array | string): Promise<void> {
    return this.inner.write(data);
  }

  onData(listener: DataListener): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: CloseListener): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  onLink(listener: (change: LinkChange) => void): () => void {
    this.linkListeners.add(listener);
    return () => this.linkListeners.delete(listener);
  }

  async close(): Promise<void> {
    const wasWanted = this.wanted;
    this.wanted = false;
    this.cancelRetry?.();
    this.cancelRetry = null;
    if (this.inner.isOpen) {
      await this.inner.close(); // innerClosed() reports the close
    } else if (wasWanted) {
      this.emitClose(undefined);
    }
  }

  private innerClosed(err?: Error): void {
    if (!this.wanted) {
      this.emitClose(undefined);
      return;
    }
    if (!err) {
      // Closed by the other side without an error (the emulator stopped): nothing to retry.
      this.wanted = false;
      this.emitClose(undefined);
      return;
    }
    if (this.down) return; // already reported and retrying
    this.down = true;
    this.attempt = 0;
    this.lastError = err.message;
    this.emitLink({ state: "down", reason: err.message });
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const max = this.options.maxAttempts ?? Number.POSITIVE_INFINITY;
    if (this.attempt >= max) {
      this.wanted = false;
      this.down = false;
      const lastError = this.lastError ?? "unknown error";
      this.emitLink({ state: "gave-up", attempts: this.attempt, lastError });
      this.emitClose(
        new Error(
          `${this.path}: link lost and not back after ${this.attempt} attempts (${lastError})`,
        ),
      );
      return;
    }
    const random = this.options.random ?? Math.random;
    const delayMs = backoffDelayMs(this.attempt, this.options, random());
    this.emitLink({
      state: "retrying",
      attempt: this.attempt + 1,
      delayMs,
      lastError: this.lastError,
    });
    this.cancelRetry = this.clock.setTimeout(() => {
      this.cancelRetry = null;
      void this.tryOpen();
    }, delayMs);
  }

  private async tryOpen(): Promise<void> {
    if (!this.wanted) return;
    this.attempt++;
    try {
      await this.inner.open();
    } catch (e) {
      this.lastError = (e as Error).message;
      if (this.wanted) this.scheduleRetry();
      return;
    }
    if (!this.wanted) {
      await this.inner.close();
      return;
    }
    this.down = false;
    this.reconnects++;
    this.emitLink({ state: "up", attempts: this.attempt });
  }

  private emitLink(change: LinkChange): void {
    for (const l of [...this.linkListeners]) l(change);
  }

  private emitClose(err: Error | undefined): void {
    for (const l of [...this.closeListeners]) l(err);
  }
}
