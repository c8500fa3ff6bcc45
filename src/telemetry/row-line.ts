/**
 * A frame's recording line, encoded straight into the writer's buffer: the recording's hot
 * path (a session records every frame; bench/serial.ts records a few hundred thousand a
 * second). The bytes are exactly JSON.stringify of the row the format defines (frameToRow,
 * then appendNode with a node state) and a newline; tests/telemetry/row-line.test.ts holds
 * it to that. Building the row's arrays, stringifying them, then joining and encoding the
 * strings took most of the recording's CPU and made most of its garbage (CPU profile of
 * bench/serial.ts with the recording on).
 */
import type { Frame, FrameStatus } from "../core/frame.js";
import type { NodeState } from "../node/state.js";
import { FRAME_TAG, type NodeColumn, quantize, STATUS_BITS } from "./format.js";

/** The longest number JSON writes ("-1.7976931348623157e+308"), with room for a comma. */
const NUMBER_ROOM = 26;
const INT31 = 2 ** 31;
const COMMA = 44;
const OPEN = 91;
const CLOSE = 93;
const TAG = utf8(`["${FRAME_TAG}",`);

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
  let o = copy(buf, at, TAG);
  o = num(buf, o, frame.seq);
  buf[o++] = COMMA;
  o = num(buf, o, frame.boardMs);
  buf[o++] = COMMA;
  o = memo(buf, o, frame.hostMs, 0);
  buf[o++] = COMMA;
  o = memo(buf, o, frame.busV, 1);
  buf[o++] = COMMA;
  o = memo(buf, o, frame.currentMa, 2);
  buf[o++] = COMMA;
  o = memo(buf, o, frame.powerMw, 3);
  buf[o++] = COMMA;
  o = memo(buf, o, frame.panelTempC, 4);
  buf[o++] = COMMA;
  o = memo(buf, o, frame.boardTempC, 5);
  buf[o++] = COMMA;
  o = memo(buf, o, frame.lamp, 6);
  buf[o++] = COMMA;
  o = memo(buf, o, frame.load, 7);
  buf[o++] = COMMA;
  o = memo(buf, o, frame.flags, 8);
  buf[o++] = COMMA;
  o = memo(buf, o, statusBits(frame.status), 9);
  buf[o++] = COMMA;
  buf[o++] = OPEN;
  const chs = frame.channels;
  for (let i = 0; i < chs.length; i++) {
    const c = chs[i]!;
    // Channels past the memo's share its last channel's slots (a slot is only a speed-up).
    const m = i < MEMO_CHANNELS ? i : MEMO_CHANNELS - 1;
    const role = quoted(c.role, m);
    if (o + 8 * NUMBER_ROOM + role.length > end) return -1;
    if (i > 0) buf[o++] = COMMA;
    buf[o++] = OPEN;
    const slot = FRAME_SLOTS + m * CHANNEL_SLOTS;
    o = memo(buf, o, c.address, slot);
    buf[o++] = COMMA;
    o = copy(buf, o, role);
    buf[o++] = COMMA;
    o = memo(buf, o, (c.present ? 1 : 0) | (c.overflow ? 2 : 0), slot + 1);
    buf[o++] = COMMA;
    o = memo(buf, o, c.busV, slot + 2);
    buf[o++] = COMMA;
    o = memo(buf, o, c.shuntMv, slot + 3);
    buf[o++] = COMMA;
    o = memo(buf, o, c.currentMa, slot + 4);
    buf[o++] = COMMA;
    o = memo(buf, o, c.powerMw, slot + 5);
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

/**
 * The status bits (format.ts's STATUS_BITS) read by name: a loop over STATUS_BITS reads
 * `status[key]` with a different key each time, a keyed load the optimizer cannot make fast
 * (about a tenth of the encoding). tests/telemetry/row-line.test.ts varies every status
 * field against frameToRow's loop, so a bit added there and not here fails it.
 */
function statusBits(st: FrameStatus): number {
  return (
    (st.panelTempPresent ? PANEL_TEMP_PRESENT : 0) |
    (st.watchdogTripped ? WATCHDOG_TRIPPED : 0) |
    (st.overTempCut ? OVER_TEMP_CUT : 0) |
    (st.safeMode ? SAFE_MODE : 0) |
    (st.txOverrun ? TX_OVERRUN : 0)
  );
}

function statusBit(name: keyof FrameStatus): number {
  const bit = STATUS_BITS.find(([k]) => k === name)?.[1];
  if (bit === undefined) throw new Error(`row-line: no status bit ${name}`);
  return bit;
}
const PANEL_TEMP_PRESENT = statusBit("panelTempPresent");
const WATCHDOG_TRIPPED = statusBit("watchdogTripped");
const OVER_TEMP_CUT = statusBit("overTempCut");
const SAFE_MODE = statusBit("safeMode");
const TX_OVERRUN = statusBit("txOverrun");

/**
 * A channel role's JSON text as UTF-8 bytes, kept per channel: the role of channel i is
 * nearly always the one it had in the last frame, a comparison of strings where a map
 * lookup (and a string walked character by character) took a tenth of the encoding.
 */
function quoted(role: string, i: number): Uint8Array {
  if (lastRole[i] === role) return lastQuoted[i]!;
  const bytes = utf8(JSON.stringify(role));
  lastRole[i] = role;
  lastQuoted[i] = bytes;
  return bytes;
}
const lastRole: (string | undefined)[] = [];
const lastQuoted: Uint8Array[] = [];

/** A plain Uint8Array (as memoText is), not a Buffer: copy() then meets one kind of array. */
function utf8(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "utf8"));
}

function copy(buf: Buffer, o: number, bytes: Uint8Array): number {
  for (let k = 0; k < bytes.length; k++) buf[o++] = bytes[k]!;
  return o;
}

function writeNull(buf: Buffer, o: number): number {
  buf[o] = 110; // n
  buf[o + 1] = 117; // u
  buf[o + 2] = 108; // l
  buf[o + 3] = 108; // l
  return o + 4;
}

/**
 * The text of each field's last value, by slot (a field of the frame, or of one of its
 * first channels): most of a frame's fields repeat from one frame to the next (address,
 * flags, status, lamp, load, a temperature at 0.01 °C, hostMs for every frame of a read),
 * and copying a few bytes is cheaper than writing the number again. It maps a value to its
 * text and nothing else, so any line of any writer may use it, and a slot shared by two
 * fields only makes it miss more often.
 */
function memo(buf: Buffer, o: number, v: number | null, slot: number): number {
  if (v === null) return writeNull(buf, o);
  const base = slot * MEMO_BYTES;
  if (v === memoValue[slot]) {
    const end = o + memoLength[slot]!;
    for (let k = base; o < end; k++) buf[o++] = memoText[k]!;
    return end;
  }
  const end = num(buf, o, v);
  memoValue[slot] = v;
  memoLength[slot] = end - o;
  for (let k = base; o < end; k++) memoText[k] = buf[o++]!;
  return end;
}

const FRAME_SLOTS = 10;
const CHANNEL_SLOTS = 6;
const MEMO_CHANNELS = 8;
const MEMO_SLOTS = FRAME_SLOTS + MEMO_CHANNELS * CHANNEL_SLOTS;
/** A number's text is at most 24 bytes ("-1.7976931348623157e+308"). */
const MEMO_BYTES = 32;
/** NaN matches nothing: an empty slot, and NaN itself, write their text anew. */
const memoValue = new Float64Array(MEMO_SLOTS).fill(Number.NaN);
const memoLength = new Uint8Array(MEMO_SLOTS);
const memoText = new Uint8Array(MEMO_SLOTS * MEMO_BYTES);

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
  if (v === null) return writeNull(buf, o);
  // Integers and fixed-point numbers first: NaN and ±Infinity fail both tests.
  if ((v | 0) === v) return int(buf, o, v); // int32, and -0, which JSON and String write as 0
  if (v > -INT31 && v < INT31) return fraction(buf, o, v);
  return Number.isFinite(v) ? other(buf, o, v) : writeNull(buf, o);
}

/** A finite number as String(v) writes it, into buf at o; returns the end (see num). */
export function writeFiniteNumber(buf: Buffer, o: number, v: number): number {
  if ((v | 0) === v) return int(buf, o, v);
  if (v > -INT31 && v < INT31) return fraction(buf, o, v);
  return other(buf, o, v);
}

/** A non-integer v with |v| < 2^31: thousandths and millionths from integers (see num). */
function fraction(buf: Buffer, o: number, v: number): number {
  const milli = Math.round(v * 1000);
  if (milli / 1000 === v) return fixed(buf, o, milli, 3);
  const micro = Math.round(v * 1e6);
  if (micro / 1e6 === v) return fixed(buf, o, micro, 6);
  return other(buf, o, v);
}

/**
 * Any other finite number, through String(). The last one is kept: a frame's hostMs is
 * such a number (a fraction of a millisecond) and is the same for every frame of a read.
 */
function other(buf: Buffer, o: number, v: number): number {
  if (v !== otherValue) {
    otherValue = v;
    otherText = `${v}`;
  }
  return ascii(buf, o, otherText);
}
let otherValue = Number.NaN;
let otherText = "";

/** m / 10^places (m an integer, not a multiple of 10^places), trailing zeros dropped. */
function fixed(buf: Buffer, o: number, m: number, places: number): number {
  if (m < 0) {
    buf[o++] = 45;
    m = -m;
  }
  if (m >= INT31) return decimal(buf, o, m, 10 ** places, places);
  let n = m | 0;
  let d = places;
  while (n % 10 === 0) {
    n = (n / 10) | 0;
    d--;
  }
  // d decimals, a point, and at least one digit before it; written from the right.
  const width = digits31(n);
  const end = o + (width > d ? width : d + 1) + 1;
  let k = end - 1;
  for (; d > 0; d--) {
    const q = (n / 10) | 0;
    buf[k--] = 48 + n - q * 10;
    n = q;
  }
  buf[k--] = 46;
  for (; k >= o; k--) {
    const q = (n / 10) | 0;
    buf[k] = 48 + n - q * 10;
    n = q;
  }
  return end;
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
  if (v < INT31) return uint31(buf, o, v | 0);
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

/**
 * 0 <= n < 2^31 in decimal. Apart from int() so that n stays an int32 to the optimizer:
 * `(n / 10) | 0` is then a multiply and a shift, where the double division and
 * Math.floor it replaces cost most of the recording's number writing.
 */
function uint31(buf: Buffer, o: number, n: number): number {
  const last = o + digits31(n) - 1;
  for (let k = last; k > o; k--) {
    const q = (n / 10) | 0;
    buf[k] = 48 + n - q * 10;
    n = q;
  }
  buf[o] = 48 + n;
  return last + 1;
}

function digits31(n: number): number {
  if (n < 100000) return n < 100 ? (n < 10 ? 1 : 2) : n < 1000 ? 3 : n < 10000 ? 4 : 5;
  return n < 10000000 ? (n < 1000000 ? 6 : 7) : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10;
}

/** m / scale with up to `digits` decimals, trailing zeros dropped (m is not a multiple of scale); any m below 2^53. */
function decimal(buf: Buffer, o: number, m: number, scale: number, digits: number): number {
  if (m < 0) {
    buf[o++] = 45;
    m = -m;
  }
  const whole = Math.floor(m / scale);
  let frac = m - whole * scale;
  // frac < scale <= 10^6: an int32, so the zeros are stripped without a double remainder.
  frac |= 0;
  let d = digits;
  while (frac % 10 === 0) {
    frac = (frac / 10) | 0;
    d--;
  }
  o = int(buf, o, whole);
  buf[o++] = 46;
  // Leading zeros of the fraction, then its digits.
  for (let k = digits31(frac); k < d; k++) buf[o++] = 48;
  return uint31(buf, o, frac);
}
