/**
 * A Transport is a byte pipe to a board: a serial port (serialport 13), a pseudo-
 * terminal, or the emulated ATmega328P's USART. Board drivers depend on this interface
 * only, so they cannot tell the emulator from a cable.
 */

export interface Transport {
  /** Where it leads: a device path, a pty path, or "emulator". */
  readonly path: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  /** Resolves when the bytes were handed to the OS (or the emulated USART queue). */
  write(data: Uint8Array | string): Promise<void>;
  /** Subscribes to received bytes. Returns an unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Called when the link closes: err is set when it was lost rather than closed by us. */
  onClose(listener: (err?: Error) => void): () => void;
  close(): Promise<void>;
}
