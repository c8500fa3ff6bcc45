/**
 * Splits a byte stream into lines at '\n' (a '\r' before it is dropped), with bounded
 * memory: a line longer than maxLineBytes is not buffered; its bytes are discarded up to
 * the next '\n' and reported once as an over-long line, so a board that streams without
 * newlines (wrong baud rate, binary garbage) cannot grow the buffer. Bytes are read as
 * latin1 so every byte maps to one character and the protocol decoder can reject
 * non-ASCII lines itself.
 *
 * (We do not use @serialport/parser-readline: it is a stream Transform tied to
 * serialport, and it buffers an unterminated line without limit.)
 */

export interface LineSplitterHandlers {
  line(text: string): void;
  /** A line exceeded maxLineBytes; byteCount is how many bytes it had when it ended. */
  overlong?(byteCount: number): void;
}

const LF = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  private buf: Uint8Array;
  private len = 0;
  /** Bytes of the current over-long line, or -1 when not discarding. */
  private discarding = -1;

  constructor(
    private readonly handlers: LineSplitterHandlers,
    /** Longest line kept, without terminator. Default 512 bytes. */
    readonly maxLineBytes = 512,
  ) {
    this.buf = new Uint8Array(maxLineBytes + 1);
  }

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === LF) {
        this.endLine();
        continue;
      }
      if (this.discarding >= 0) {
        this.discarding++;
        continue;
      }
      // One slot beyond maxLineBytes holds a possible trailing '\r'.
      if (this.len >= this.maxLineBytes + 1 || (this.len === this.maxLineBytes && b !== CR)) {
        this.discarding = this.len + 1;
        this.len = 0;
        continue;
      }
      this.buf[this.len++] = b;
    }
  }

  /** Drops a partial line (after a reconnect its first bytes belong to another session). */
  reset(): void {
    this.len = 0;
    this.discarding = -1;
  }

  /** Bytes of an unfinished line held right now. */
  get pendingBytes(): number {
    return this.len;
  }

  private endLine(): void {
    if (this.discarding >= 0) {
      const n = this.discarding;
      this.discarding = -1;
      this.len = 0;
      this.handlers.overlong?.(n);
      return;
    }
    let end = this.len;
    if (end > 0 && this.buf[end - 1] === CR) end--;
    const text = Buffer.from(this.buf.buffer, this.buf.byteOffset, end).toString("latin1");
    this.len = 0;
    this.handlers.line(text);
  }
}
