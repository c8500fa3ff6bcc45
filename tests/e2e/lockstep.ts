/**
 * Lockstep pacing for end-to-end tests whose host runs in the test process: the emulator
 * runs at most MAX_LEAD_MS of emulated time past the moment bytes started crossing the
 * pseudo-terminals (handed to one end, not yet read at the other), then holds until they
 * arrive. A pty hop costs wall time, and how much depends on how busy the machine is; paced
 * by the wall clock alone, a loaded machine stretches each hop into tens or hundreds of
 * emulated milliseconds (late I2C replies, late lamp commands). In lockstep a hop costs at
 * most MAX_LEAD_MS of emulated time, so the bounds the tests state in emulated time hold
 * whatever the load.
 */
import type { Emulator } from "../../src/emulator/index.js";
import { SliceLoop } from "../../src/emulator/slice-loop.js";
import { SerialportTransport } from "../../src/transport/index.js";

/** The most emulated time a pty hop may cost (a USB-serial hop on a desk is about 1 ms). */
export const MAX_LEAD_MS = 5;

/**
 * Byte counts at both ends of the cable, in both directions, while the host's end is open
 * (bytes the board sent before that may or may not be waiting in the pty when it opens).
 */
export class CableMeter {
  private hostOpen = false;
  private toHost = 0;
  private atHost = 0;
  private toBoard = 0;
  private atBoard = 0;
  private idleListener: (() => void) | null = null;
  /** Emulated time when the oldest bytes now in flight were sent. */
  busySinceMs = 0;

  constructor(private readonly nowMs: () => number) {}

  get busy(): boolean {
    return this.hostOpen && (this.toHost > this.atHost || this.toBoard > this.atBoard);
  }

  setHostOpen(open: boolean): void {
    this.hostOpen = open;
    this.toHost = this.atHost = this.toBoard = this.atBoard = 0;
    if (!this.busy) this.idleListener?.();
  }

  /** Counts bytes and tells the pacer when the cable has gone quiet. */
  count(field: "toHost" | "atHost" | "toBoard" | "atBoard", bytes: number): void {
    if (!this.hostOpen) return;
    if (!this.busy) this.busySinceMs = this.nowMs();
    this[field] += bytes;
    // Bytes from before the host opened its end are not ours to wait for.
    this.atHost = Math.min(this.atHost, this.toHost);
    if (!this.busy) this.idleListener?.();
  }

  onIdle(listener: () => void): void {
    this.idleListener = listener;
  }
}

/** The host's end of the cable: a real serialport transport that the meter watches. */
export class MeteredTransport extends SerialportTransport {
  constructor(
    private readonly meter: CableMeter,
    options: { path: string; baudRate: number },
  ) {
    super(options);
    this.onData((chunk) => meter.count("atHost", chunk.length));
    this.onClose(() => meter.setHostOpen(false));
  }

  override async open(): Promise<void> {
    await super.open();
    this.meter.setHostOpen(true);
  }

  override write(data: Uint8Array | string): Promise<void> {
    // Strings go out as latin1, one byte per character.
    this.meter.count("toBoard", data.length);
    return super.write(data);
  }

  override async close(): Promise<void> {
    this.meter.setHostOpen(false);
    await super.close();
  }
}

/**
 * Runs the emulator at `speed` emulated ms per wall ms, and holds it once bytes have been in
 * flight for MAX_LEAD_MS of emulated time, until they arrive. Time spent holding is not made
 * up afterwards.
 */
export class LockstepPacer {
  private readonly loop = new SliceLoop(() => this.slice());
  private anchor: { wallMs: number; emuMs: number } | null = null;

  constructor(
    private readonly emulator: Emulator,
    private readonly meter: CableMeter,
    private readonly speed: number,
    private readonly sliceWallMs = 4,
  ) {
    meter.onIdle(() => this.loop.schedule());
  }

  start(): void {
    this.loop.start();
  }

  stop(): void {
    this.loop.stop();
  }

  private held(): boolean {
    return this.meter.busy && this.emulator.nowMs() - this.meter.busySinceMs >= MAX_LEAD_MS;
  }

  private slice(): void {
    if (this.held()) {
      // Hold; the meter's idle callback resumes us. Re-anchor so the wait is not caught up.
      this.anchor = null;
      return;
    }
    const start = performance.now();
    this.anchor ??= { wallMs: start, emuMs: this.emulator.nowMs() };
    const targetMs = this.anchor.emuMs + (start - this.anchor.wallMs) * this.speed;
    while (
      !this.held() &&
      this.emulator.nowMs() < targetMs &&
      performance.now() - start < this.sliceWallMs
    )
      this.emulator.runFor(Math.min(0.5, targetMs - this.emulator.nowMs()));
    if (this.held()) this.anchor = null;
    else this.loop.schedule(this.emulator.nowMs() >= targetMs ? 1 : 0);
  }
}
