/**
 * Binds a Transport to firmata-io. firmata-io 2.3 accepts any object as its transport
 * when the constructor's first argument is not a path: it calls write(buffer, callback)
 * and listens for "data", "open", "close" and "error" (firmata-io 2.3,
 * lib/firmata.js). johnny-five does not reach "ready" unless "open" is emitted, and
 * firmata-io attaches its listeners in its constructor, so announceOpen() is called
 * after the Firmata object exists.
 */
import { EventEmitter } from "node:events";
import type { Transport } from "../transport/types.js";

export class FirmataTransportAdapter extends EventEmitter {
  private readonly unsubscribe: (() => void)[] = [];
  private lastWrite: Promise<void> = Promise.resolve();

  constructor(private readonly transport: Transport) {
    super();
    this.unsubscribe.push(transport.onData((chunk) => this.emit("data", Buffer.from(chunk))));
    this.unsubscribe.push(
      transport.onClose((err) => {
        // firmata-io treats {disconnect, disconnected} as a lost device.
        this.emit(
          "close",
          err ? { disconnect: true, disconnected: true, message: err.message } : undefined,
        );
      }),
    );
  }

  /** firmata-io's write: callback once the bytes went out (or failed). */
  write(data: Buffer | number[], callback?: (err?: Error | null) => void): void {
    const p = this.transport.write(Uint8Array.from(data));
    this.lastWrite = p.catch(() => {});
    p.then(
      () => callback?.(null),
      (err: unknown) => {
        callback?.(err as Error);
        if (this.listenerCount("error") > 0) this.emit("error", err);
      },
    );
  }

  /** Resolves when every write so far was handed to the transport (or failed). */
  flush(): Promise<void> {
    return this.lastWrite;
  }

  announceOpen(): void {
    this.emit("open");
  }

  /** Stops forwarding (the Firmata object built on it is being thrown away). */
  detach(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    this.removeAllListeners();
  }
}
