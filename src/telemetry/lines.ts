/**
 * Splits a file into lines with a fixed, reused buffer (memory stays flat whatever the file
 * size), sync or async. Lines are handed out as byte ranges of the buffer, valid only during
 * the callback. The last line of a file without a final newline is handed out with
 * `terminated = false` so the caller can tell a cut-off line from a whole one.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";

export type LineCallback = (
  buf: Buffer,
  start: number,
  end: number,
  lineNo: number,
  offset: number,
  terminated: boolean,
) => void;

const DEFAULT_CHUNK = 1 << 20;

class LineSplitter {
  buf: Buffer;
  /** Bytes [0, filled) of buf hold data not yet split. */
  filled = 0;
  /** File offset of buf[0]. */
  base: number;
  lineNo: number;

  constructor(
    chunkBytes: number,
    startOffset: number,
    startLine: number,
    private readonly onLine: LineCallback,
    reuse?: Buffer,
  ) {
    this.buf = reuse && reuse.length >= chunkBytes ? reuse : Buffer.allocUnsafe(chunkBytes);
    this.base = startOffset;
    this.lineNo = startLine;
  }

  /** Room to read into; grows the buffer when one line fills it whole. */
  room(): { at: number; len: number } {
    if (this.filled === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.filled);
      this.buf = bigger;
    }
    return { at: this.filled, len: this.buf.length - this.filled };
  }

  /** Copies n bytes of src in after what is held (growing the buffer to fit); then took(n). */
  append(src: Buffer, n: number): void {
    if (this.buf.length - this.filled < n) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.filled + n));
      this.buf.copy(bigger, 0, 0, this.filled);
      this.buf = bigger;
    }
    src.copy(this.buf, this.filled, 0, n);
  }

  /** Splits what has been read; keeps the partial last line at the buffer's start. */
  took(n: number): void {
    this.filled += n;
    const b = this.buf;
    let s = 0;
    for (;;) {
      const nl = b.indexOf(10, s);
      if (nl < 0 || nl >= this.filled) break;
      this.lineNo++;
      this.onLine(b, s, nl, this.lineNo, this.base + s, true);
      s = nl + 1;
    }
    if (s > 0) {
      b.copy(b, 0, s, this.filled);
      this.filled -= s;
      this.base += s;
    }
  }

  finish(): void {
    if (this.filled > 0) {
      this.lineNo++;
      this.onLine(this.buf, 0, this.filled, this.lineNo, this.base, false);
      this.base += this.filled;
      this.filled = 0;
    }
  }
}

export interface SplitOptions {
  /** Byte offset to start at (must be a line start) and the line number before it. */
  fromOffset?: number;
  lineBefore?: number;
  chunkBytes?: number;
  /** Called after each chunk with bytes done so far and the file size; return false to stop. */
  onChunk?: (bytesDone: number, totalBytes: number) => boolean | undefined;
  /**
   * A buffer to read into when it holds chunkBytes (a caller that splits many ranges keeps
   * one: a fresh megabyte per range cost a page fault per 4 KiB).
   */
  buffer?: Buffer;
}

/** Reads the whole file synchronously, line by line. Returns the number of the last line. */
export function splitLinesSync(
  path: string,
  onLine: LineCallback,
  options: SplitOptions = {},
): number {
  const fd = openSync(path, "r");
  try {
    const total = fstatSync(fd).size;
    let offset = options.fromOffset ?? 0;
    const sp = new LineSplitter(
      options.chunkBytes ?? DEFAULT_CHUNK,
      offset,
      options.lineBefore ?? 0,
      onLine,
      options.buffer,
    );
    for (;;) {
      const { at, len } = sp.room();
      const n = readSync(fd, sp.buf, at, len, offset);
      if (n === 0) break;
      offset += n;
      sp.took(n);
      if (options.onChunk?.(offset, total) === false) return sp.lineNo;
    }
    sp.finish();
    return sp.lineNo;
  } finally {
    closeSync(fd);
  }
}

/**
 * Async, pull-driven: each call to next() hands out the lines of one chunk; it resolves
 * false at the end of the file. Lets a consumer (replay) pace itself between chunks. The
 * next chunk is read while the consumer handles this one: a read goes to libuv's thread
 * pool, and waiting for it after each chunk left replay idle for 40 % of its time on a
 * loaded 2-core machine (CPU profile of bench/replay.ts).
 */
export class AsyncLineSource {
  private fh: FileHandle | null = null;
  private sp: LineSplitter;
  private offset: number;
  private done = false;
  /** The read in flight into `spare`, at `offset`: resolves with its byte count. */
  private ahead: Promise<number> | null = null;
  private readonly spare: Buffer;

  constructor(
    private readonly path: string,
    onLine: LineCallback,
    options: SplitOptions = {},
  ) {
    this.offset = options.fromOffset ?? 0;
    const chunk = options.chunkBytes ?? 256 * 1024;
    this.sp = new LineSplitter(chunk, this.offset, options.lineBefore ?? 0, onLine);
    this.spare = Buffer.allocUnsafe(chunk);
  }

  private readAhead(fh: FileHandle): void {
    this.ahead = fh.read(this.spare, 0, this.spare.length, this.offset).then((r) => r.bytesRead);
  }

  async next(): Promise<boolean> {
    if (this.done) return false;
    if (!this.fh) {
      this.fh = await open(this.path, "r");
      this.readAhead(this.fh);
    }
    const bytesRead = await this.ahead!;
    this.ahead = null;
    if (this.done) return false;
    if (bytesRead === 0) {
      this.sp.finish();
      await this.close();
      return false;
    }
    this.offset += bytesRead;
    this.sp.append(this.spare, bytesRead);
    this.readAhead(this.fh!);
    this.sp.took(bytesRead);
    return true;
  }

  async close(): Promise<void> {
    this.done = true;
    const fh = this.fh;
    this.fh = null;
    // A read still in flight finishes before its file closes; its bytes are not wanted.
    await this.ahead?.catch(() => 0);
    this.ahead = null;
    await fh?.close();
  }
}
