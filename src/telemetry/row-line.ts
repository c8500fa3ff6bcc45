/**
 * A frame's recording line, encoded straight into the writer's buffer: the recording's hot
 * path (a session records every frame; bench/serial.ts records a few hundred thousand a
 * second). The bytes are exactly JSON.stringify of the row the format defines (frameToRow,
 * then appendNode with a node state) and a newline; tests/telemetry/row-line.test.ts holds
 * it to that. Building the row's arrays, stringifying them, then joining and encoding the
 * strings took most of the recording's CPU and made most of its garbage (CPU profile of
 * bench/serial.ts with the recording on).
 */
import type { Frame } from "../core/frame.js";
import type { NodeState } from "../node/state.js";
import { FRAME_TAG, type NodeColumn, quantize, STATUS_BITS } from "./format.js";

/** The longest number JSON writes ("-1.7976931348623157e+308"), with room for a comma. */
const NUMBER_ROOM = 26;
const INT31 = 2 ** 31;
const COMMA = 44;
const OPEN = 91;
const CLOSE = 93;
const TAG = `["${FRAME_TAG}",`;

/**
 * Writes the frame's line (newline included) into buf from `at`; returns where it ends,
 * or -1 when it does not fit before buf.length (nothing after `at` is meaningful then).
 */
export function encodeFrameLine(
  buf: Buffer,
  at: number,
  frame: Frame,
  node: NodeState | null | undefined,
  columns: readonly NodeColumn[],
): number {
  const end = buf.length;
  if (at + 16 * NUMBER_ROOM > end) return -1;
  let o = ascii(buf, at, TAG);
  o = num(buf, o, frame.seq);
  buf[o++] = COMMA;
  o = num(buf, o, frame.boardMs);
  buf[o++] = COMMA;
  o = num(buf, o, frame.hostMs);
  buf[o++] = COMMA;
  o = num(buf, o, frame.busV);
  buf[o++] = COMMA;
  o = num(buf, o, frame.currentMa);
  buf[o++] = COMMA;
  o = num(buf, o, frame.powerMw);
  buf[o++] = COMMA;
  o = num(buf, o, frame.panelTempC);
  buf[o++] = COMMA;
  o = num(buf, o, frame.boardTempC);
  buf[o++] = COMMA;
  o = num(buf, o, frame.lamp);
  buf[o++] = COMMA;
  o = num(buf, o, frame.load);
  buf[o++] = COMMA;
  o = num(buf, o, frame.flags);
  buf[o++] = COMMA;
  let bits = 0;
  const st = frame.status;
  for (let i = 0; i < STATUS_BITS.length; i++) {
    const [k, b] = STATUS_BITS[i]!;
    if (st[k]) bits |= b;
  }
  o = int(buf, o, bits);
  buf[o++] = COMMA;
  buf[o++] = OPEN;
  const chs = frame.channels;
  for (let i = 0; i < chs.length; i++) {
    const c = chs[i]!;
    const role = quoted(c.role);
    const q = role.text;
    if (o + 8 * NUMBER_ROOM + q.length * 3 > end) return -1;
    if (i > 0) buf[o++] = COMMA;
    buf[o++] = OPEN;
    o = num(buf, o, c.address);
    buf[o++] = COMMA;
    o = role.ascii ? ascii(buf, o, q) : o + buf.write(q, o, "utf8");
    buf[o++] = COMMA;
    o = int(buf, o, (c.present ? 1 : 0) | (c.overflow ? 2 : 0));
    buf[o++] = COMMA;
    o = num(buf, o, c.busV);
    buf[o++] = COMMA;
    o = num(buf, o, c.shuntMv);
    buf[o++] = COMMA;
    o = num(buf, o, c.currentMa);
    buf[o++] = COMMA;
    o = num(buf, o, c.powerMw);
    buf[o++] = CLOSE;
  }
  buf[o++] = CLOSE;
  if (node) {
    const src = node as unknown as Record<string, unknown>;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      const v = src[c.name];
      if (typeof v === "number") {
        if (o + NUMBER_ROOM > end) return -1;
        buf[o++] = COMMA;
        o = num(buf, o, c.type === "num" || c.type === "num?" ? quantize(v, c.decimals ?? 6) : v);
      } else {
        const s = v === undefined ? "null" : (JSON.stringify(v) ?? "null");
        if (o + 1 + s.length * 3 > end) return -1;
        buf[o++] = COMMA;
        o += buf.write(s, o, "utf8");
      }
    }
  }
  if (o + 2 > end) return -1;
  buf[o++] = CLOSE;
  buf[o++] = 10;
  return o;
}

/** Channel roles, quoted once (a small, fixed set; the map stays bounded regardless). */
const QUOTED = new Map<string, { text: string; ascii: boolean }>();
function quoted(s: string): { text: string; ascii: boolean } {
  let q = QUOTED.get(s);
  if (q === undefined) {
    const text = JSON.stringify(s);
    // Roles are ASCII words; a hand-edited recording's may not be, and go out as UTF-8.
    q = { text, ascii: Buffer.byteLength(text) === text.length };
    if (QUOTED.size < 64) QUOTED.set(s, q);
  }
  return q;
}

/**
 * A number, or null, as JSON.stringify writes it (NaN and ±Infinity are null). Most of a
 * frame's numbers are integers or thousandths (the board sends mV, µV, µA, µW and 0.01 °C;
 * node columns are quantized to at most 6 decimals), and writing those from integers is
 * several times faster than V8's general shortest-round-trip conversion. It is the same
 * text: when m / 10^k is v, v is the double nearest to the decimal m·10^-k, and at these
 * magnitudes (|v| < 2^31) no other decimal of as few digits lies within half a unit of v's
 * last place, so that decimal is the shortest that reads back as v.
 */
function num(buf: Buffer, o: number, v: number | null): number {
  if (v === null || !Number.isFinite(v)) return ascii(buf, o, "null");
  return writeFiniteNumber(buf, o, v);
}

/** A finite number as String(v) writes it, into buf at o; returns the end (see num). */
export function writeFiniteNumber(buf: Buffer, o: number, v: number): number {
  if ((v | 0) === v) return int(buf, o, v); // int32, and -0, which JSON and String write as 0
  if (v > -INT31 && v < INT31) {
    const milli = Math.round(v * 1000);
    if (milli / 1000 === v) return decimal(buf, o, milli, 1000, 3);
    const micro = Math.round(v * 1e6);
    if (micro / 1e6 === v) return decimal(buf, o, micro, 1e6, 6);
  }
  return ascii(buf, o, `${v}`);
}

/** A string of ASCII characters (the caller knows it is), byte by byte: no call into C++. */
export function ascii(buf: Buffer, o: number, s: string): number {
  for (let k = 0; k < s.length; k++) buf[o++] = s.charCodeAt(k);
  return o;
}

/** A non-negative or negative integer below 2^53, in decimal. */
function int(buf: Buffer, o: number, v: number): number {
  if (v < 0) {
    buf[o++] = 45;
    v = -v;
  }
  let digits = 1;
  for (let p = 10; p <= v; p *= 10) digits++;
  const last = o + digits - 1;
  for (let k = last; k >= o; k--) {
    const q = Math.floor(v / 10);
    buf[k] = 48 + (v - q * 10);
    v = q;
  }
  return last + 1;
}

/** m / scale with up to `digits` decimals, trailing zeros dropped (m is not a multiple of scale). */
function decimal(buf: Buffer, o: number, m: number, scale: number, digits: number): number {
  if (m < 0) {
    buf[o++] = 45;
    m = -m;
  }
  const whole = Math.floor(m / scale);
  let frac = m - whole * scale;
  let d = digits;
  while (frac % 10 === 0) {
    frac /= 10;
    d--;
  }
  o = int(buf, o, whole);
  buf[o++] = 46;
  // Leading zeros of the fraction, then its digits.
  let width = 1;
  for (let p = 10; p <= frac; p *= 10) width++;
  for (let k = width; k < d; k++) buf[o++] = 48;
  return int(buf, o, frac);
}
