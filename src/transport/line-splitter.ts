/**
 * Splits a byte stream into lines at '\n' (a '\r' before it is dropped), with bounded
 * memory: a line longer than maxLineBytes is not buffered; its bytes are discarded up to
 * the next '\n' and reported once as an over-long line, so a board that streams without
 * newlines (wrong baud rate, binary garbage) cannot grow the buffer.
 *
 * Lines are handed out as bytes (`bytes(buf, start, end)`) or as latin1 text (`line`), so
 * every byte maps to one character and the protocol decoder can reject non-ASCII lines
 * itself. A line that lies whole inside a chunk is handed out where it lies, without a
 * copy; only a line split across chunks is gathered in the splitter's own buffer. The
 * chunk is scanned with indexOf (memchr), not byte by byte: at a few hundred thousand
 * lines a second, the per-byte loop was the splitter's whole cost (bench/serial.ts).
 *
 * (We do not use @serialport/parser-readline: it is a stream Transform tied to
 * serialport, and it buffers an unterminated line without limit.)
 */

export interface LineSplitterHandlers {
  /**
   * A line as bytes: buf[start..end), terminator removed. The bytes are valid only during
   * the call (they are the chunk's own memory or the splitter's buffer). When given,
   * `line` is not called.
   */
  bytes?(buf: Uint8Array, start: number, end: number): void;
  /** A line as latin1 text, terminator removed (when `bytes` is not given). */
  line?(text: string): void;
  /** A line exceeded maxLineBytes; byteCount is how many bytes it had when it ended. */
  overlong?(byteCount: number): void;
}

const LF = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  private readonly buf: Uint8Array;
  private len = 0;
  /** Bytes of the current over-long line, or -1 when not discarding. */
  private discarding = -1;

  constructor(
    private readonly handlers: LineSplitterHandlers,
    /** Longest line kept, without terminator. Default 512 bytes. */
    readonly maxLineBytes = 512,
  ) {
    // One slot beyond maxLineBytes holds a possible trailing '\r'.
    this.buf = new Uint8Array(maxLineBytes + 1);
  }

  push(chunk: Uint8Array): void {
    const n = chunk.length;
    let start = 0;
    while (start < n) {
      const nl = chunk.indexOf(LF, start);
      if (nl < 0) {
        this.gather(chunk, start, n);
        return;
      }
      if (this.len === 0 && this.discarding < 0) this.whole(chunk, start, nl);
      else {
        this.gather(chunk, start, nl);
        this.endGathered();
      }
      start = nl + 1;
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

  /** A line that lies whole in chunk[start..nl), nl being its '\n'. */
  private whole(chunk: Uint8Array, start: number, nl: number): void {
    const count = nl - start;
    if (!this.fits(chunk, start, count, 0)) {
      this.handlers.overlong?.(count);
      return;
    }
    this.emit(chunk, start, count > 0 && chunk[nl - 1] === CR ? nl - 1 : nl);
  }

  /** Appends chunk[from..to) to the unfinished line, or counts it while discarding. */
  private gather(chunk: Uint8Array, from: number, to: number): void {
    const count = to - from;
    if (count === 0) return;
    if (this.discarding >= 0) {
      this.discarding += count;
      return;
    }
    if (!this.fits(chunk, from, count, this.len)) {
      this.discarding = this.len + count;
      this.len = 0;
      return;
    }
    this.buf.set(chunk.subarray(from, to), this.len);
    this.len += count;
  }

  /**
   * Whether `held` bytes already kept plus chunk[from..from+count) stay within the bound:
   * at most maxLineBytes, or one more when that last byte is a '\r'.
   */
  private fits(chunk: Uint8Array, from: number, count: number, held: number): boolean {
    const total = held + count;
    const max = this.maxLineBytes;
    return total <= max || (total === max + 1 && chunk[from + max - held] === CR);
  }

  private endGathered(): void {
    if (this.discarding >= 0) {
      const n = this.discarding;
      this.discarding = -1;
      this.len = 0;
      this.handlers.overlong?.(n);
      return;
    }
    const end = this.len > 0 && this.buf[this.len - 1] === CR ? this.len - 1 : this.len;
    this.len = 0;
    this.emit(this.buf, 0, end);
  }

  private emit(buf: Uint8Array, start: number, end: number): void {
    if (this.handlers.bytes) {
      this.handlers.bytes(buf, start, end);
      return;
    }
    this.handlers.line?.(
      Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString("latin1"),
    );
  }
}
