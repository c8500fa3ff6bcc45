/**
 * Transport over a serial device with serialport 13 (the only module, with
 * discovery.ts, that imports serialport). Each open() makes a fresh SerialPort, so a
 * port lost by unplugging can be opened again when the device comes back.
 *
 * Opening an Uno's port pulses DTR, which resets the board: expect its boot HELLO
 * about 1.5 s later (the bootloader waits first).
 */
import { SerialPort, type SerialPortOpenOptions } from "serialport";
import { loopReadBinding } from "./loop-read.js";
import type { Transport } from "./types.js";

export interface SerialportTransportOptions {
  path: string;
  /** Default 115200 (protocol v1's default); StandardFirmata uses 57600. */
  baudRate?: number;
}

type DataListener = (chunk: Uint8Array) => void;
type CloseListener = (err?: Error) => void;

export class SerialportTransport implements Transport {
  readonly path: string;
  readonly baudRate: number;
  private port: SerialPort | null = null;
  /** Ports we are closing on purpose. */
  private readonly closing = new WeakSet<SerialPort>();
  private readonly dataListeners = new Set<DataListener>();
  private readonly closeListeners = new Set<CloseListener>();

  constructor(options: SerialportTransportOptions) {
    if (!options.path) throw new Error('"path" is not defined');
    this.path = options.path;
    this.baudRate = options.baudRate ?? 115200;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  open(): Promise<void> {
    if (this.port?.isOpen) return Promise.reject(new Error(`${this.path} is already open`));
    return new Promise((resolve, reject) => {
      // SerialPort takes a binding at run time; its option type leaves it out.
      const options = {
        path: this.path,
        baudRate: this.baudRate,
        autoOpen: false,
        binding: loopReadBinding,
      } as SerialPortOpenOptions<typeof SerialPort.binding>;
      const port = new SerialPort(options);
      let closed = false;
      port.on("data", (chunk: Buffer) => {
        for (const l of [...this.dataListeners]) l(chunk);
      });
      // serialport emits 'close' with a DisconnectedError when the device went away, and
      // with nothing when it was closed, by us or otherwise: on a pty hang-up it sometimes
      // closes itself without an error. The Transport contract says err is set whenever
      // we did not ask for the close, so one is made up then.
      port.on("close", (err?: Error | null) => {
        // After a hang-up serialport can report the close twice (the read, then a failed write).
        if (closed) return;
        closed = true;
        if (this.port === port) this.port = null;
        const lost =
          err ??
          (this.closing.has(port)
            ? undefined
            : new Error(`${this.path} closed unexpectedly (device gone?)`));
        this.closing.delete(port);
        for (const l of [...this.closeListeners]) l(lost);
      });
      // Write errors after a disconnect also arrive here; 'close' follows and says why.
      port.on("error", () => {});
      port.open((err) => {
        if (err) {
          reject(err);
          return;
        }
        this.port = port;
        resolve();
      });
    });
  }

  write(data: Uint8Array | string): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return Promise.reject(new Error(`${this.path} is not open`));
    return new Promise((resolve, reject) => {
      port.write(
        typeof data === "string" ? Buffer.from(data, "latin1") : Buffer.from(data),
        (err) => {
          if (err) reject(err);
          else resolve();
        },
      );
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

  close(): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return Promise.resolve();
    this.closing.add(port);
    return new Promise((resolve) => {
      // A close error (the device vanished meanwhile) still leaves the port closed.
      port.close(() => resolve());
    });
  }
}
