/**
 * Numbers as JSON.stringify and String() write them, straight into a buffer: the recording
 * (./row-line.ts) and the CSV export write every number through here. Integers and
 * fixed-point numbers (thousandths, millionths) are written with int32 arithmetic: the
 * double division and Math.floor of a general digit loop, and V8's shortest-round-trip
 * conversion, cost most of the recording's time (CPU profile of bench/serial.ts, recording
 * on). tests/telemetry/row-line.test.ts holds every path to JSON.stringify's text.
 */

const INT31 = 2 ** 31;

/** JSON's null, for null, NaN and ±Infinity. */
export function writeNull(buf: Buffer, o: number): number {
  buf[o] = 110; // n
  buf[o + 1] = 117; // u
  buf[o + 2] = 108; // l
  buf[o + 3] = 108; // l
  return o + 4;
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
export function writeNumber(buf: Buffer, o: number, v: number | null): number {
  if (v === null) return writeNull(buf, o);
  // Integers and fixed-point numbers first: NaN and ±Infinity fail both tests.
  if ((v | 0) === v) return int(buf, o, v); // int32, and -0, which JSON and String write as 0
  if (v > -INT31 && v < INT31) return fraction(buf, o, v);
  return Number.isFinite(v) ? other(buf, o, v) : writeNull(buf, o);
}

/** A finite number as String(v) writes it, into buf at o; returns the end (see writeNumber). */
export function writeFiniteNumber(buf: Buffer, o: number, v: number): number {
  if ((v | 0) === v) return int(buf, o, v);
  if (v > -INT31 && v < INT31) return fraction(buf, o, v);
  return other(buf, o, v);
}

/** A non-integer v with |v| < 2^31: thousandths and millionths from integers (see writeNumber). */
function fraction(buf: Buffer, o: number, v: number): number {
  const milli = Math.round(v * 1000);
  if (milli / 1000 === v) return fixed(buf, o, milli, 3);
  const micro = Math.round(v * 1e6);
  if (micro / 1e6 === v) return fixed(buf, o, micro, 6);
  return other(buf, o, v);
}

/**
 * Any other finite number, through String(). The last one is kept: a recording's hostMs
 * is such a number (a fraction of a millisecond), the same for every frame of a read, and
 * the CSV export writes it row after row.
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
export function fixed(buf: Buffer, o: number, m: number, places: number): number {
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
