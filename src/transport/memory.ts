/**
 * An in-memory serial cable: two linked Transports, like serialport's binding-mock.
 * The host end behaves as a port the host opens and closes; the device end is what a
 * fake board (src/board/mock-board.ts) or a test talks through. Bytes written on one end
 * arrive on the other in order, a microtask later (never re-entrantly), and only while
 * both ends are open: like a wire, a byte sent to a closed end is gone.
 *
 * unplug() closes both ends with an error (what a USB cable pulled out does), and the
 * host end cannot be opened until replug(). The device end is reopened by replug().
 */
import type { Transport } from "./types.js";

type DataListener = (chunk: Uint8Array) => void;
type CloseListener = (err?: Error) => void;

const encoder = new TextEncoder();

export class MemoryTransport implements Transport {
  private open_ = false;
  private readonly dataListeners = new Set<DataListener>();
  private readonly closeListeners = new Set<CloseListener>();
  private readonly openListeners = new Set<() => void>();
  /** Set by MemoryLink. */
  peer: MemoryTransport | null = null;
  /** Checked by open(): false while the cable is unplugged. */
  canOpen: () => boolean = () => true;
  /** Total bytes written through this end. */
  bytesWritten = 0;

  constructor(readonly path: string) {}

  get isOpen(): boolean {
    return this.open_;
  }

  async open(): Promise<void> {
    if (this.open_) throw new Error(`${this.path} is already open`);
    if (!this.canOpen()) throw new Error(`cannot open ${this.path}: no such device (unplugged)`);
    this.open_ = true;
    for (const l of [...this.openListeners]) l();
  }

  async write(data: Uint8Array | string): Promise<void> {
    if (!this.open_) throw new Error(`${this.path} is not open`);
    const bytes = typeof data === "string" ? encoder.encode(data) : Uint8Array.from(data);
    this.bytesWritten += bytes.length;
    const peer = this.peer;
    queueMicrotask(() => {
      if (this.open_ && peer?.open_) peer.deliver(bytes);
    });
  }

  onData(listener: DataListener): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: CloseListener): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Called each time this end is opened (a fake board uses it to "reset" on open, as an Uno does). */
  onOpen(listener: () => void): () => void {
    this.openListeners.add(listener);
    return () => this.openListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.shut(undefined);
  }

  /** Closes this end as if the link were lost. */
  lose(err: Error): void {
    this.shut(err);
  }

  private shut(err: Error | undefined): void {
    if (!this.open_) return;
    this.open_ = false;
    for (const l of [...this.closeListeners]) l(err);
  }

  private deliver(bytes: Uint8Array): void {
    for (const l of [...this.dataListeners]) l(bytes);
  }
}

/** A cable with a host end and a device end. */
export class MemoryLink {
  readonly host: MemoryTransport;
  readonly device: MemoryTransport;
  private plugged_ = true;

  constructor(path = "memory") {
    this.host = new MemoryTransport(path);
    this.device = new MemoryTransport(`${path}:device`);
    this.host.peer = this.device;
    this.device.peer = this.host;
    this.host.canOpen = () => this.plugged_;
    this.device.canOpen = () => this.plugged_;
  }

  get plugged(): boolean {
    return this.plugged_;
  }

  /** Pulls the cable: both ends close with an error; the host cannot reopen until replug(). */
  unplug(): void {
    this.plugged_ = false;
    const err = Object.assign(new Error("device disconnected"), { disconnected: true });
    this.host.lose(err);
    this.device.lose(err);
  }

  /** Plugs the cable back in and powers the device end (opens it). */
  async replug(): Promise<void> {
    this.plugged_ = true;
    if (!this.device.isOpen) await this.device.open();
  }
}
