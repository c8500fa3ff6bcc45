/**
 * One link lifecycle for the boards behind a port (SerialBoard, FirmataBoard):
 *
 *   idle -> connecting -> up -> reconnecting -> connecting -> up -> ... -> closed
 *
 * BoardLink wraps the transport in a ReconnectingTransport (unless told not to), opens it
 * with a one-line explanation when it will not open, and runs the driver's connect() on
 * open and after every loss until it succeeds. It watches for a board that went quiet with
 * the port still open, and it alone reports link-down, link-up and failed reconnect
 * attempts (board-error HANDSHAKE), and sets the LinkStats link state. What is said on the
 * wire (a protocol v1 handshake, a Firmata session) is the driver's.
 *
 * One gap, one link-down: a silence followed by the port dropping, or a drop while a
 * reconnect attempt is under way, is the same gap, and the link-up that ends it is the one
 * counted in LinkStats.reconnects. Only a link that was up can go down: a loss during the
 * first open fails open() instead.
 */
import type { BoardEvent, LinkStats } from "../core/board.js";
import type { Clock } from "../core/clock.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { openOrExplain } from "../transport/open-error.js";
import {
  type BackoffOptions,
  type LinkChange,
  ReconnectingTransport,
} from "../transport/reconnecting.js";
import type { Transport } from "../transport/types.js";
import { LinkStatsTracker } from "./link-stats.js";

export type LinkPhase = "idle" | "connecting" | "up" | "reconnecting" | "closed";

/** One connect attempt. It stops being current when the link is lost or closed meanwhile. */
export interface LinkAttempt {
  readonly current: boolean;
}

/** What a driver does at each step of the lifecycle. */
export interface LinkDriver {
  /**
   * Makes the board usable on the open transport (handshake, session, settings); rejects
   * when it could not. Called by open() with reconnect false and after every loss with
   * reconnect true. Check attempt.current before keeping anything: a stale attempt's
   * result is thrown away.
   */
  connect(reconnect: boolean, attempt: LinkAttempt): Promise<void>;
  /** The link is up: start the periodic work (heartbeats, synthesised frames). */
  started(): void;
  /** Lost, closed, or an attempt abandoned: stop the periodic work, drop the session, fail pending commands with `error`. */
  stopped(error: OrbitrigError): void;
}

export interface BoardLinkOptions {
  /** Reconnect backoff of the port; false: a lost port closes the board. Default {}. */
  reconnect?: BackoffOptions | false;
  /** No data for this long with the port open and the link up: the board is lost. */
  silenceMs: number;
  /**
   * Pause before a reconnect attempt after a silence and after a failed attempt (not after
   * the port came back: the board is tried at once). Default 0.
   */
  retryDelayMs?: number;
}

const linkLost = (message: string) => new OrbitrigError("LINK_LOST", message, ExitCode.io);

export class BoardLink {
  /** The transport the driver reads and writes: the reconnecting wrapper when there is one. */
  readonly transport: Transport;
  readonly stats = new LinkStatsTracker();
  private readonly reconnecting: ReconnectingTransport | null;
  private phase_: LinkPhase = "idle";
  private wasUp = false;
  /** Bumped on every loss, close and return of the port: older attempts and timers are stale. */
  private generation = 0;
  private lastHeardMs = 0;
  private cancelSilence: (() => void) | null = null;
  private cancelRetry: (() => void) | null = null;

  constructor(
    transport: Transport,
    private readonly clock: Clock,
    private readonly driver: LinkDriver,
    private readonly emit: (event: BoardEvent) => void,
    private readonly options: BoardLinkOptions,
  ) {
    if (options.reconnect === false || transport instanceof ReconnectingTransport) {
      this.reconnecting = transport instanceof ReconnectingTransport ? transport : null;
      this.transport = transport;
    } else {
      this.reconnecting = new ReconnectingTransport(transport, clock, options.reconnect ?? {});
      this.transport = this.reconnecting;
    }
    this.reconnecting?.onLink((change) => this.onLinkChange(change));
    this.transport.onClose((err) => this.onClosed(err));
  }

  get phase(): LinkPhase {
    return this.phase_;
  }

  private get closed(): boolean {
    return this.phase_ === "closed";
  }

  get path(): string {
    return this.transport.path;
  }

  /** The link state as LinkStats reports it. */
  get state(): LinkStats["link"] {
    return this.stats.link;
  }

  /** Something arrived from the board (at nowMs of the link's clock): it is not silent. */
  heard(nowMs = this.clock.nowMs()): void {
    this.lastHeardMs = nowMs;
  }

  /** Opens the port and connects. On failure everything is undone and the port closed. */
  async open(): Promise<void> {
    if (this.phase_ !== "idle") throw new Error(`board on ${this.path} was already opened`);
    this.phase_ = "connecting";
    this.stats.setLink("connecting");
    try {
      await openOrExplain(this.transport);
    } catch (e) {
      this.phase_ = "closed";
      this.stats.setLink("closed");
      throw e;
    }
    try {
      await this.bringUp(false, this.generation);
    } catch (e) {
      // close() may have run meanwhile and stopped everything already.
      if (!this.closed) {
        this.phase_ = "closed";
        this.generation++;
        this.driver.stopped(linkLost(`opening ${this.path} failed`));
      }
      this.stats.setLink("closed");
      await this.transport.close().catch(() => {});
      throw e;
    }
  }

  /** Stops everything and closes the port. The driver turns outputs off before calling this. */
  async close(): Promise<void> {
    if (this.phase_ === "closed") return;
    this.phase_ = "closed";
    this.stopTimers();
    this.driver.stopped(linkLost("board closed"));
    await this.transport.close().catch(() => {});
    this.stats.setLink("closed");
  }

  private async bringUp(reconnect: boolean, generation: number): Promise<void> {
    const isCurrent = () => generation === this.generation && this.phase_ === "connecting";
    const attempt: LinkAttempt = {
      get current() {
        return isCurrent();
      },
    };
    await this.driver.connect(reconnect, attempt);
    if (!attempt.current) throw linkLost(`link to ${this.path} lost while connecting`);
    this.phase_ = "up";
    this.wasUp = true;
    this.stats.setLink("up");
    if (reconnect) this.stats.reconnected();
    this.driver.started();
    this.heard();
    this.watchSilence(generation);
    this.emit({ kind: "link-up", hostMs: this.clock.nowMs(), reconnect });
  }

  private watchSilence(generation: number): void {
    const waitMs = this.lastHeardMs + this.options.silenceMs - this.clock.nowMs();
    this.cancelSilence = this.clock.setTimeout(
      () => {
        this.cancelSilence = null;
        if (generation !== this.generation || this.phase_ !== "up") return;
        const quietMs = this.clock.nowMs() - this.lastHeardMs;
        if (quietMs >= this.options.silenceMs) this.silent(quietMs);
        else this.watchSilence(generation);
      },
      Math.max(1, waitMs),
    );
  }

  /** The port is open but the board says nothing: mark the gap and connect again. */
  private silent(quietMs: number): void {
    this.generation++;
    this.stopTimers();
    this.phase_ = "reconnecting";
    this.driver.stopped(linkLost(`board on ${this.path} silent`));
    this.stats.setLink("reconnecting");
    this.emit({
      kind: "link-down",
      hostMs: this.clock.nowMs(),
      reason: `no data from ${this.path} for ${Math.round(quietMs)} ms`,
    });
    this.scheduleAttempt(this.options.retryDelayMs ?? 0);
  }

  private onLinkChange(change: LinkChange): void {
    if (this.phase_ === "closed" || this.phase_ === "idle") return;
    if (change.state === "down") {
      this.generation++;
      this.stopTimers();
      this.driver.stopped(linkLost(`link to ${this.path} lost: ${change.reason}`));
      if (!this.wasUp) return; // the first open fails with the driver's error
      const inGap = this.phase_ !== "up";
      this.phase_ = "reconnecting";
      this.stats.setLink("down");
      if (!inGap)
        this.emit({ kind: "link-down", hostMs: this.clock.nowMs(), reason: change.reason });
    } else if (change.state === "retrying") {
      if (this.wasUp) this.stats.setLink("reconnecting");
    } else if (change.state === "up") {
      if (!this.wasUp || this.phase_ === "up") return;
      this.generation++;
      this.stopTimers();
      this.phase_ = "reconnecting";
      void this.tryReconnect(this.generation);
    }
  }

  private scheduleAttempt(delayMs: number): void {
    const generation = this.generation;
    if (delayMs <= 0) {
      void this.tryReconnect(generation);
      return;
    }
    this.cancelRetry = this.clock.setTimeout(() => {
      this.cancelRetry = null;
      void this.tryReconnect(generation);
    }, delayMs);
  }

  /** One reconnect attempt; a failed one is reported and tried again while the port is open. */
  private async tryReconnect(generation: number): Promise<void> {
    // The port may have been lost meanwhile: then its return starts the next attempt.
    if (generation !== this.generation || this.phase_ !== "reconnecting") return;
    if (!this.transport.isOpen) return;
    this.phase_ = "connecting";
    try {
      await this.bringUp(true, generation);
    } catch (e) {
      if (generation !== this.generation || this.phase_ !== "connecting") return;
      this.phase_ = "reconnecting";
      this.driver.stopped(linkLost(`reconnect to ${this.path} failed`));
      this.emit({
        kind: "board-error",
        hostMs: this.clock.nowMs(),
        code: "HANDSHAKE",
        detail: (e as Error).message,
      });
      this.scheduleAttempt(this.options.retryDelayMs ?? 0);
    }
  }

  private onClosed(err?: Error): void {
    if (this.phase_ === "closed") return;
    // Closed for good: not reconnecting (option off, gave up, or the other end stopped).
    const wasIdle = this.phase_ === "idle";
    this.phase_ = "closed";
    this.generation++;
    this.stopTimers();
    this.stats.setLink("closed");
    if (wasIdle) return;
    this.driver.stopped(linkLost(`link to ${this.path} closed${err ? `: ${err.message}` : ""}`));
    if (!this.wasUp) return;
    this.emit({
      kind: "link-down",
      hostMs: this.clock.nowMs(),
      reason: err?.message ?? "closed by the other end",
    });
  }

  private stopTimers(): void {
    this.cancelSilence?.();
    this.cancelSilence = null;
    this.cancelRetry?.();
    this.cancelRetry = null;
  }
}
