/**
 * The frame-row parser as it was before issue 16 made it faster (src/telemetry/row-parser.ts at
 * commit b35c9d3), kept only here as the reference the property test
 * (row-parser-equivalence.test.ts) holds the fast parser to: every row, every only() set, the
 * same kind and the same slots. It is not used by the program; delete it together with that
 * test if the row format itself ever changes.
 */

import { parseRowJson } from "../../src/telemetry/row-json.js";
import {
  CHANNEL_WIDTH,
  MAX_CHANNELS,
  RowKind,
  type RowSlots,
} from "../../src/telemetry/row-slots.js";
import { interned, latin1 } from "../../src/telemetry/strings.js";

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

export class ReferenceRowParser implements RowSlots {
  /** values[i] is the i-th element of the row (0 is the tag); null → NaN, booleans → 0/1. */
  readonly values = new Float64Array(128);
  /** For string elements, the string (values[i] is NaN there). */
  readonly strings: (string | null)[] = new Array(128).fill(null);
  /** Number of elements in the last row, tag included. */
  length = 0;
  /** Element index of the nested channels array in the last row, or -1. */
  channelsAt = -1;
  readonly channels = new Float64Array(MAX_CHANNELS * CHANNEL_WIDTH);
  readonly channelRoles: (string | null)[] = new Array(MAX_CHANNELS).fill(null);
  channelCount = 0;
  private pos = 0;
  private buf: Uint8Array = new Uint8Array(0);
  private end = 0;
  /**
   * Elements to decode (1) or only step over (0).
   * A report needs a third of the columns: stepping over the rest is about twice as fast.
   * Skipped elements hold unspecified values: read only the ones asked for.
   */
  private wanted: Uint8Array | null = null;
  /** Highest wanted element: past it, the rest of the row is only counted, not parsed. */
  private lastWanted = 127;

  /** Decode only these element indices of frame rows (null: all); the rest are counted. */
  only(indices: readonly number[] | null): void {
    if (!indices) {
      this.wanted = null;
      this.lastWanted = 127;
      return;
    }
    const w = new Uint8Array(128);
    w[0] = 1; // the tag
    for (const i of indices) w[i] = 1;
    this.wanted = w;
    this.lastWanted = Math.max(0, ...indices);
  }

  /** Parses bytes [start, end) of buf (one line without its newline). */
  parse(buf: Uint8Array, start: number, end: number): RowKind {
    while (end > start && (buf[end - 1] === 13 || buf[end - 1] === 32)) end--;
    while (start < end && buf[start] === 32) start++;
    if (start >= end) return RowKind.Corrupt;
    const first = buf[start];
    if (first === 123 /* { */) return RowKind.Object;
    if (first !== 91 /* [ */) return RowKind.Corrupt;
    this.buf = buf;
    this.end = end;
    this.pos = start;
    if (this.fast()) return RowKind.Frame;
    return parseRowJson(this, buf, start, end);
  }

  private fast(): boolean {
    const b = this.buf;
    this.channelsAt = -1;
    this.channelCount = 0;
    this.pos++; // [
    let i = 0;
    for (;;) {
      if (i >= 128) return false;
      const c = b[this.pos];
      if (i === 0 && c === 34 && b[this.pos + 1] === 102 && b[this.pos + 2] === 34) {
        // The "f" tag, without making a string of it.
        this.strings[0] = "f";
        this.values[0] = Number.NaN;
        this.pos += 3;
      } else if (c === 91 /* [ */) {
        if (this.channelsAt >= 0) return false;
        if (this.wanted !== null && this.wanted[i] === 0) {
          if (!this.skipNested()) return false;
          this.channelCount = 0;
        } else if (!this.nested()) return false;
        this.channelsAt = i;
        this.values[i] = Number.NaN;
        this.strings[i] = null;
      } else if (this.wanted !== null && this.wanted[i] === 0) {
        if (!this.skip()) return false;
        this.values[i] = Number.NaN;
        this.strings[i] = null;
      } else if (!this.scalar(this.values, this.strings, i)) return false;
      i++;
      const d = b[this.pos];
      if (d === 44 /* , */) {
        this.pos++;
        if (i > this.lastWanted) {
          // Nothing more to decode: count the remaining elements (for the column check).
          const n = this.countRest();
          if (n < 0) return false;
          i += n;
          break;
        }
        continue;
      }
      if (d === 93 /* ] */ && this.pos === this.end - 1) break;
      return false;
    }
    this.length = i;
    return this.strings[0] === "f";
  }

  /**
   * From pos (the start of an element) to the row's closing bracket: the number of elements
   * left, or -1 if the row does not end well (nested arrays count as one element).
   */
  private countRest(): number {
    const b = this.buf;
    const last = this.end - 1;
    if (b[last] !== 93) return -1;
    let n = 1;
    let depth = 0;
    // Every reader counts every row's tail (its length is part of its shape), so this loop
    // is hot: digits, '.', '-' and 'e' (most bytes) pass with two comparisons.
    for (let p = this.pos; p < last; p++) {
      const x = b[p]!;
      if (x > 57) {
        if (x === 91) depth++;
        else if (x === 93) {
          if (--depth < 0) return -1;
        } else if (x === 123 || x === 125 || x > 126) return -1;
      } else if (x < 45) {
        if (x === 44) {
          if (depth === 0) n++;
        } else if (x === 34) {
          // A string: to its closing quote (an escape goes to the JSON path).
          p++;
          while (p < last && b[p] !== 34) {
            if (b[p] === 92) return -1;
            p++;
          }
          if (p >= last) return -1;
        } else if (x < 32) return -1; // (added with the fast parser: see skip())
      }
    }
    this.pos = last;
    return depth !== 0 ? -1 : n;
  }

  /** Steps over a nested array (balanced brackets, no strings with brackets in them). */
  private skipNested(): boolean {
    const b = this.buf;
    let depth = 0;
    for (let p = this.pos; p < this.end; p++) {
      const x = b[p];
      if (x === 91) depth++;
      else if (x === 93 && --depth === 0) {
        this.pos = p + 1;
        return true;
      } else if (x === 34 || x === 123) {
        // Strings are skipped whole so a bracket inside one is not counted.
        if (x === 123) return false;
        p++;
        while (p < this.end && b[p] !== 34) {
          if (b[p] === 92) return false;
          p++;
        }
      }
    }
    return false;
  }

  /** Steps over one scalar (number, literal or simple string) without decoding it. */
  private skip(): boolean {
    const b = this.buf;
    let p = this.pos;
    if (b[p] === 34) {
      p++;
      while (p < this.end && b[p] !== 34) {
        if (b[p] === 92) return false;
        p++;
      }
      this.pos = p + 1;
      return p < this.end;
    }
    const start = p;
    let x = b[p]!;
    // Added with the fast parser (corrupt-rows.test.ts): a control or non-ASCII byte outside
    // a string is damage whether the element is decoded or stepped over.
    while (x !== 44 && x !== 93 && p < this.end) {
      if (x < 32 || x > 126) return false;
      x = b[++p]!;
    }
    this.pos = p;
    return p > start;
  }

  /** Parses `[[…],[…]]` into channels. */
  private nested(): boolean {
    const b = this.buf;
    this.pos++;
    if (b[this.pos] === 93) {
      this.pos++;
      return true;
    }
    let ch = 0;
    for (;;) {
      if (ch >= MAX_CHANNELS || b[this.pos] !== 91) return false;
      this.pos++;
      const base = ch * CHANNEL_WIDTH;
      for (let k = 0; ; k++) {
        if (k >= CHANNEL_WIDTH) return false;
        if (!this.scalar(this.channels, null, base + k, ch)) return false;
        const d = b[this.pos++];
        if (d === 44) continue;
        // A channel entry is whole or the row goes to the JSON path, which refuses it.
        if (d === 93 && k === CHANNEL_WIDTH - 1) break;
        return false;
      }
      ch++;
      const d = b[this.pos++];
      if (d === 44) continue;
      if (d === 93) break;
      return false;
    }
    this.channelCount = ch;
    return true;
  }

  /** One number, null, true, false or simple string at pos into out[idx]. */
  private scalar(
    out: Float64Array,
    strings: (string | null)[] | null,
    idx: number,
    ch = -1,
  ): boolean {
    const b = this.buf;
    let p = this.pos;
    const c = b[p];
    if (c === 34 /* " */) {
      const s = ++p;
      while (p < this.end) {
        const x = b[p]!;
        if (x === 34) break;
        if (x === 92 || x >= 128) return false; // escapes and non-ASCII: slow path
        p++;
      }
      if (p >= this.end) return false;
      const str = interned(b, s, p);
      out[idx] = Number.NaN;
      if (strings) strings[idx] = str;
      else if (ch >= 0) this.channelRoles[ch] = str;
      this.pos = p + 1;
      return true;
    }
    if (strings) strings[idx] = null;
    if (c === 110 /* n */) {
      out[idx] = Number.NaN;
      this.pos = p + 4;
      return b[p + 3] === 108;
    }
    if (c === 116 /* t */) {
      out[idx] = 1;
      this.pos = p + 4;
      return b[p + 3] === 101;
    }
    if (c === 102 /* f */) {
      out[idx] = 0;
      this.pos = p + 5;
      return b[p + 4] === 101;
    }
    const start = p;
    let neg = false;
    if (c === 45 /* - */) {
      neg = true;
      p++;
    }
    let mant = 0;
    let frac = 0;
    let x = b[p]!;
    if (x < 48 || x > 57) return false;
    while (x >= 48 && x <= 57) {
      mant = mant * 10 + (x - 48);
      x = b[++p]!;
    }
    if (x === 46 /* . */) {
      const dot = p;
      x = b[++p]!;
      if (x < 48 || x > 57) return false;
      while (x >= 48 && x <= 57) {
        mant = mant * 10 + (x - 48);
        x = b[++p]!;
      }
      frac = p - dot - 1;
    }
    // The mantissa only grows, so if it ever passed 2^53 it is still past it here.
    if (x === 101 || x === 69 || mant > 9007199254740991 || frac > 22) {
      // Exponent or too many digits: let Number() round it.
      if (x === 101 || x === 69) {
        x = b[++p]!;
        if (x === 43 || x === 45) x = b[++p]!;
        while (x >= 48 && x <= 57) x = b[++p]!;
      }
      const v = Number(latin1(b, start, p));
      if (Number.isNaN(v)) return false;
      out[idx] = v;
    } else {
      const v = frac === 0 ? mant : mant / POW10[frac]!;
      out[idx] = neg ? -v : v;
    }
    this.pos = p;
    return true;
  }
}
