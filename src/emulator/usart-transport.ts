/**
 * The emulated board's USART0 as a Transport (src/transport/types.ts): what a board
 * driver gets instead of a serial port. Like an Uno's USB serial port, opening it pulses
 * the reset line (DTR auto-reset) unless `resetOnOpen` is false, so the firmware boots
 * and greets the host that just opened it. Bytes are delivered in emulated time: writes
 * queue at the USART's baud rate; received bytes arrive in chunks as the run loop flushes.
 */
import type { Transport } from "../transport/types.js";

export interface UsartPort {
  /** Host -> board bytes (after fault injection). */
  sendToBoard(bytes: Uint8Array): void;
  /** Pulses the reset line. */
  resetBoard(): void;
}

const encoder = new TextEncoder();

export class UsartTransport implements Transport {
  readonly path = "emulator";
  private open_ = false;
  private readonly dataListeners = new Set<(chunk: Uint8Array) => void>();
  private readonly closeListeners = new Set<(err?: Error) => void>();
  /** Board -> host bytes delivered while open. */
  bytesReceived = 0;
  /** Board -> host bytes lost because the port was closed. */
  bytesLostClosed = 0;

  constructor(
    private readonly port: UsartPort,
    private readonly resetOnOpen = true,
  ) {}

  get isOpen(): boolean {
    return this.open_;
  }

  async open(): Promise<void> {
    if (this.open_) throw new Error("emulator port is already open");
    this.open_ = true;
    if (this.resetOnOpen) this.port.resetBoard();
  }

  async write(data: Uint8Array | string): Promise<void> {
    if (!this.open_) throw new Error("emulator port is not open");
    this.port.sendToBoard(typeof data === "string" ? encoder.encode(data) : Uint8Array.from(data));
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (err?: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (!this.open_) return;
    this.open_ = false;
    for (const l of [...this.closeListeners]) l();
  }

  /**
   * The cable is pulled: the port closes with an error, as a serial port reports a USB
   * disconnect, so the host reconnects (the reliability campaign's unplug/replug).
   */
  lose(error: Error): void {
    if (!this.open_) return;
    this.open_ = false;
    for (const l of [...this.closeListeners]) l(error);
  }

  /** Called by the emulator's run loop with the bytes the board sent since the last flush. */
  deliver(chunk: Uint8Array): void {
    if (!this.open_) {
      this.bytesLostClosed += chunk.length;
      return;
    }
    this.bytesReceived += chunk.length;
    for (const l of [...this.dataListeners]) l(chunk);
  }
}
