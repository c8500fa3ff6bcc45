/**
 * Fast parser for frame rows (`["f",…]`) straight from the file's bytes into preallocated
 * numeric slots: no string per line, no array per line. This is what lets replay run above
 * a million frames a second and a report read ten million frames in seconds (bench/replay.ts).
 *
 * It accepts the JSON our writer produces (numbers, null, true/false, short ASCII strings, one
 * nested array of arrays for the channels). Anything else falls back to JSON.parse of the line,
 * so a valid but unusually formatted row still reads; an invalid one is reported as corrupt.
 *
 * Numbers: when the decimal mantissa is an exact double (< 2^53) and there is no exponent,
 * mantissa / 10^k (k <= 22) divides two exact doubles, so it is correctly rounded: the same
 * double JSON.parse gives (Clinger's fast path). Other numbers go through Number().
 *
 * Speed: every reader is bound by this loop, so a row is one pass with the position in a local
 * (no field written per element), and helpers take and return positions so that V8 keeps them
 * in registers. What it accepts and fills is held to the parser it replaced, row for row, by
 * tests/telemetry/row-parser-equivalence.test.ts.
 */

import { parseRowJson } from "./row-json.js";
import { CHANNEL_WIDTH, MAX_CHANNELS, RowKind, type RowSlots } from "./row-slots.js";
import { interned, latin1 } from "./strings.js";

export { CHANNEL_WIDTH, MAX_CHANNELS, RowKind } from "./row-slots.js";

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_ELEMENTS = 128;
/** only(null): every element wanted. */
const ALL = new Uint8Array(MAX_ELEMENTS).fill(1);

export class RowParser implements RowSlots {
  /** values[i] is the i-th element of the row (0 is the tag); null → NaN, booleans → 0/1. */
  readonly values = new Float64Array(MAX_ELEMENTS);
  /** For string elements, the string (values[i] is NaN there). */
  readonly strings: (string | null)[] = new Array(MAX_ELEMENTS).fill(null);
  /** Number of elements in the last row, tag included. */
  length = 0;
  /** Element index of the nested channels array in the last row, or -1. */
  channelsAt = -1;
  readonly channels = new Float64Array(MAX_CHANNELS * CHANNEL_WIDTH);
  readonly channelRoles: (string | null)[] = new Array(MAX_CHANNELS).fill(null);
  channelCount = 0;
  /**
   * Elements to decode (1) or only step over (0).
   * A report needs a third of the columns: stepping over the rest is about twice as fast.
   * Skipped elements hold unspecified values: read only the ones asked for.
   */
  private wanted = ALL;
  /** Highest wanted element: past it, the rest of the row is only counted, not parsed. */
  private lastWanted = MAX_ELEMENTS - 1;

  /** The last buffer parsed, and a DataView of it (countRest reads it four bytes at a time). */
  private viewOf: Uint8Array | null = null;
  private dv: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

  /** Decode only these element indices of frame rows (null: all); the rest are counted. */
  only(indices: readonly number[] | null): void {
    if (!indices) {
      this.wanted = ALL;
      this.lastWanted = MAX_ELEMENTS - 1;
      return;
    }
    const w = new Uint8Array(MAX_ELEMENTS);
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
    if (buf !== this.viewOf) {
      // A reader parses every line of a chunk from one buffer: a new view per chunk.
      this.viewOf = buf;
      this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    if (this.fast(buf, start, end)) return RowKind.Frame;
    return parseRowJson(this, buf, start, end);
  }

  /** The whole row in one loop; false sends it to the JSON path. */
  private fast(b: Uint8Array, start: number, end: number): boolean {
    const values = this.values;
    const strings = this.strings;
    const wanted = this.wanted;
    const lastWanted = this.lastWanted;
    this.channelsAt = -1;
    this.channelCount = 0;
    let p = start + 1; // past [
    let i = 0;
    for (;;) {
      if (i >= MAX_ELEMENTS) return false;
      const c = b[p];
      const decode = wanted[i] !== 0;
      if (c === 34 /* " */) {
        if (i === 0 && b[p + 1] === 102 && b[p + 2] === 34) {
          // The "f" tag, without making a string of it.
          strings[0] = "f";
          values[0] = Number.NaN;
          p += 3;
        } else if (decode) {
          const s = p + 1;
          p = stringEnd(b, s, end);
          if (p < 0) return false;
          strings[i] = sameOrNew(strings[i] ?? null, b, s, p);
          values[i] = Number.NaN;
          p++;
        } else {
          p = skipString(b, p + 1, end);
          if (p < 0) return false;
          values[i] = Number.NaN;
          strings[i] = null;
        }
      } else if (c === 91 /* [ */) {
        if (this.channelsAt >= 0) return false;
        if (decode) p = this.nested(b, p, end);
        else {
          p = skipNested(b, p, end);
          this.channelCount = 0;
        }
        if (p < 0) return false;
        this.channelsAt = i;
        values[i] = Number.NaN;
        strings[i] = null;
      } else if (decode) {
        strings[i] = null;
        p = scalar(b, p, values, i);
        if (p < 0) return false;
      } else {
        // Step over a number or literal: to the next comma or bracket (the old skip()). A
        // byte no JSON has outside a string (control, non-ASCII: damage) sends the row to the
        // JSON path, as it does when the element is decoded: every reader judges it alike.
        const s = p;
        let x = c;
        while (x !== 44 && x !== 93 && p < end) {
          if (x! < 32 || x! > 126) return false;
          x = b[++p];
        }
        if (p === s) return false;
        values[i] = Number.NaN;
        strings[i] = null;
      }
      i++;
      const d = b[p];
      if (d === 44 /* , */) {
        p++;
        if (i > lastWanted) {
          // Nothing more to decode: count the remaining elements (for the column check).
          const n = countRest(b, this.dv, p, end);
          if (n < 0) return false;
          i += n;
          break;
        }
        continue;
      }
      if (d === 93 /* ] */ && p === end - 1) break;
      return false;
    }
    this.length = i;
    return strings[0] === "f";
  }

  /** Parses `[[…],[…]]` at p into channels; the position after it, or -1. */
  private nested(b: Uint8Array, p: number, end: number): number {
    const out = this.channels;
    const roles = this.channelRoles;
    p++;
    if (b[p] === 93) return p + 1;
    let ch = 0;
    for (;;) {
      if (ch >= MAX_CHANNELS || b[p] !== 91) return -1;
      p++;
      const base = ch * CHANNEL_WIDTH;
      for (let k = 0; ; k++) {
        if (k >= CHANNEL_WIDTH) return -1;
        if (b[p] === 34) {
          const s = p + 1;
          p = stringEnd(b, s, end);
          if (p < 0) return -1;
          roles[ch] = sameOrNew(roles[ch] ?? null, b, s, p);
          out[base + k] = Number.NaN;
          p++;
        } else {
          p = scalar(b, p, out, base + k);
          if (p < 0) return -1;
        }
        const d = b[p++];
        if (d === 44) continue;
        // A channel entry is whole or the row goes to the JSON path, which refuses it.
        if (d === 93 && k === CHANNEL_WIDTH - 1) break;
        return -1;
      }
      ch++;
      const d = b[p++];
      if (d === 44) continue;
      if (d === 93) break;
      return -1;
    }
    this.channelCount = ch;
    return p;
  }
}

/** A number, null, true or false at p into out[idx]; the position after it, or -1. */
function scalar(b: Uint8Array, p: number, out: Float64Array, idx: number): number {
  const start = p;
  let x = b[p]!;
  const neg = x === 45; /* - */
  if (neg) x = b[++p]!;
  // x ^ 48 is a digit's value, and below 10 only for a digit: one comparison per byte.
  if ((x ^ 48) >= 10) return literal(b, start, out, idx);
  // The mantissa adds up in a double, exact below 2^53: above, it only grows, so it is still
  // above 2^53 at the end, and Number() reads the number instead.
  let m = 0;
  let dot = -1;
  for (;;) {
    const d = x ^ 48;
    if (d < 10) m = m * 10 + d;
    else if (x === 46 /* . */ && dot < 0) {
      if ((b[p + 1]! ^ 48) >= 10) return -1;
      dot = p;
    } else break;
    x = b[++p]!;
  }
  const frac = dot < 0 ? 0 : p - dot - 1;
  if (m > 9007199254740991 || frac > 22 || x === 101 || x === 69)
    return numberText(b, start, p, out, idx);
  // m and 10^frac are exact doubles: one correctly rounded division (Clinger's fast path).
  const v = frac === 0 ? m : m / POW10[frac]!;
  out[idx] = neg ? -v : v;
  return p;
}

/** null, true or false at p into out[idx] (only the last letter is checked, as before). */
function literal(b: Uint8Array, p: number, out: Float64Array, idx: number): number {
  const x = b[p];
  if (x === 110 /* n */) {
    out[idx] = Number.NaN;
    return b[p + 3] === 108 ? p + 4 : -1;
  }
  if (x === 116 /* t */) {
    out[idx] = 1;
    return b[p + 3] === 101 ? p + 4 : -1;
  }
  if (x === 102 /* f */) {
    out[idx] = 0;
    return b[p + 4] === 101 ? p + 5 : -1;
  }
  return -1;
}

/**
 * A number at start whose mantissa, read up to p, is past 2^53 or has more than 22 fraction
 * digits, or that has an exponent at p (not in our recordings): Number() rounds its text.
 */
function numberText(
  b: Uint8Array,
  start: number,
  p: number,
  out: Float64Array,
  idx: number,
): number {
  let x = b[p]!;
  if (x === 101 || x === 69) {
    x = b[++p]!;
    if (x === 43 || x === 45) x = b[++p]!;
    while ((x ^ 48) < 10) x = b[++p]!;
  }
  const v = Number(latin1(b, start, p));
  if (Number.isNaN(v)) return -1;
  out[idx] = v;
  return p;
}

/**
 * From s (after an opening quote) to the closing quote of a simple string (printable ASCII,
 * no escape); -1 for any other, which the JSON path decodes.
 */
function stringEnd(b: Uint8Array, s: number, end: number): number {
  for (let p = s; p < end; p++) {
    const x = b[p]!;
    if (x === 34) return p;
    if (x === 92 || x >= 128) return -1;
  }
  return -1;
}

/** Like stringEnd, for a string only stepped over (non-ASCII is fine): the position after it. */
function skipString(b: Uint8Array, s: number, end: number): number {
  for (let p = s; p < end; p++) {
    const x = b[p];
    if (x === 34) return p + 1;
    if (x === 92) return -1;
  }
  return -1;
}

/**
 * The string in b[s, e) as a JS string: prev when it is the same word (a column holds the
 * same few words row after row: "sunlit", "array"), so most rows make no string at all.
 */
function sameOrNew(prev: string | null, b: Uint8Array, s: number, e: number): string {
  if (prev !== null && prev.length === e - s) {
    let i = 0;
    while (i < prev.length && prev.charCodeAt(i) === b[s + i]) i++;
    if (i === prev.length) return prev;
  }
  return interned(b, s, e);
}

/** Steps over a nested array at p (balanced brackets, no strings with brackets in them). */
function skipNested(b: Uint8Array, p: number, end: number): number {
  let depth = 0;
  for (; p < end; p++) {
    const x = b[p];
    if (x === 91) depth++;
    else if (x === 93 && --depth === 0) return p + 1;
    else if (x === 34 || x === 123) {
      // Strings are skipped whole so a bracket inside one is not counted.
      if (x === 123) return -1;
      p++;
      while (p < end && b[p] !== 34) {
        if (b[p] === 92) return -1;
        p++;
      }
    }
  }
  return -1;
}

/**
 * Bytes that end the word-at-a-time count in countRest: brackets, braces and quotes (1;
 * commas are counted, every other byte passes), and bytes no JSON has outside a string (2).
 */
const STOP = new Uint8Array(256);
for (const c of [34, 91, 93, 123, 125]) STOP[c] = 1;
// A control or non-ASCII byte outside a string: damage, which the JSON path refuses when the
// element is decoded; the count refuses it too, so every reader judges the row alike.
for (let c = 0; c < 256; c++) if (c < 32 || c > 126) STOP[c] = 2;
/**
 * For each pair of bytes (little-endian 16-bit value): its number of commas (0–2), plus 4 if
 * either byte is in STOP. 64 KiB, built once.
 */
const PAIR = new Uint8Array(1 << 16);
for (let v = 0; v < 1 << 16; v++) {
  const lo = v & 255;
  const hi = v >>> 8;
  PAIR[v] = (lo === 44 ? 1 : 0) + (hi === 44 ? 1 : 0) + (STOP[lo]! | STOP[hi]! ? 4 : 0);
}

/**
 * From p (the start of an element) to the row's closing bracket: the number of elements
 * left, or -1 if the row does not end well (nested arrays count as one element).
 *
 * Every reader counts every row's tail (its length is part of its shape), and replay, which
 * decodes only the frame columns, spends most of its parsing here. So it reads four bytes at
 * a time (one DataView load, two table lookups, no branch per comma): about twice as fast as
 * a byte loop, whose cost per byte no ordering of comparisons lowered. A word with a bracket,
 * brace or quote in it goes byte by byte.
 */
function countRest(b: Uint8Array, dv: DataView<ArrayBufferLike>, p: number, end: number): number {
  const last = end - 1;
  if (b[last] !== 93) return -1;
  let n = 1;
  while (p < last) {
    if (p + 4 <= last) {
      const w = dv.getUint32(p, true);
      const lo = PAIR[w & 0xffff]!;
      const hi = PAIR[w >>> 16]!;
      if ((lo | hi) < 4) {
        n += lo + hi;
        p += 4;
        continue;
      }
    }
    const x = b[p]!;
    if (x === 44) n++;
    else if (STOP[x] === 1) {
      p = stepOver(b, p, last);
      if (p < 0) return -1;
    } else if (STOP[x] === 2) return -1;
    p++;
  }
  return n;
}

/**
 * At a STOP byte inside a row's tail: a string or a nested array stepped over (the position
 * of its closing quote or bracket), or -1 for anything else (a closing bracket or a brace
 * with no opening bracket before it, an escape, an unterminated string or array).
 */
function stepOver(b: Uint8Array, p: number, last: number): number {
  let depth = 0;
  for (; p < last; p++) {
    const x = b[p];
    if (x === 91) depth++;
    else if (x === 93) {
      if (--depth < 0) return -1;
      if (depth === 0) return p;
    } else if (x === 123 || x === 125 || STOP[x!] === 2) return -1;
    else if (x === 34) {
      // A string: to its closing quote (an escape goes to the JSON path).
      p++;
      while (p < last && b[p] !== 34) {
        if (b[p] === 92) return -1;
        p++;
      }
      if (p >= last) return -1;
      if (depth === 0) return p;
    }
  }
  return -1;
}
