/**
 * decodeBoardLine (./codec.ts) on a line that is still bytes, with a fast path for the one
 * message that streams, telemetry. A telemetry line in its usual shape (`$T,` first, the
 * checksum in the last five bytes, every field a plain number in range) is parsed and
 * checked straight from the bytes, in one pass: no string, no regular expression, no field
 * array. Anything else, and any line the fast path would not accept, goes to
 * decodeBoardLine, which stays the one definition of what a line means and of every
 * rejection reason and its detail. A property test holds the two to the same answer on
 * valid, mutated and random lines (tests/protocol/decode-bytes.test.ts).
 */
import { decodeBoardLine } from "./codec.js";
import { FIELD_COUNT, Limits, MAX_CHANNELS, MAX_LINE_LENGTH } from "./constants.js";
import { crc16Range } from "./crc.js";
import type { BoardMessage, DecodeResult, TelemetryChannel, TelemetryMessage } from "./messages.js";

const DOLLAR = 0x24;
const STAR = 0x2a;
const COMMA = 0x2c;
const MINUS = 0x2d;
const ZERO = 0x30;
const T = 0x54;
const U32 = 0xffffffff;
/** The codec's integers: an optional '-' and 1 to 10 digits; flags: 1 to 8 hex digits. */
const MAX_DIGITS = 10;
const MAX_HEX_DIGITS = 8;
/** Fields after the type: 8 fixed, 4 per channel. */
const FIXED = FIELD_COUNT.T_FIXED - 1;
const PER_CHANNEL = FIELD_COUNT.T_PER_CHANNEL;
const MAX_FIELDS = FIXED + PER_CHANNEL * MAX_CHANNELS;
const FLAGS_FIELD = 2;
/** "$T," and eight one-digit fields and "*CCCC": the shortest telemetry line. */
const MIN_LENGTH = 3 + 2 * FIXED - 1 + 5;

/**
 * Decodes board lines given as bytes. The message of a telemetry line is the decoder's
 * own and is overwritten by the next decode() (the stream's hot path allocates nothing
 * per line); every other result is fresh. Use decodeBoardBytes for results to keep.
 */
export class BoardLineDecoder {
  private readonly fields = new Float64Array(MAX_FIELDS);
  private readonly channelObjects: TelemetryChannel[] = Array.from(
    { length: MAX_CHANNELS },
    () => ({
      busMv: 0,
      shuntUv: 0,
      currentUa: 0,
      powerUw: 0,
    }),
  );
  /** channelLists[n]: the first n channel objects (one array per count, so none is resized). */
  private readonly channelLists = Array.from({ length: MAX_CHANNELS + 1 }, (_, n) =>
    this.channelObjects.slice(0, n),
  );
  private readonly telemetry: TelemetryMessage = {
    type: "T",
    seq: 0,
    ms: 0,
    flags: 0,
    panelC100: 0,
    boardC100: 0,
    lamp: 0,
    load: 0,
    channels: [],
  };
  private readonly result = { ok: true as const, message: this.telemetry as BoardMessage };

  /** One line from the board: buf[start..end), terminator removed. */
  decode(buf: Uint8Array, start = 0, end = buf.length): DecodeResult<BoardMessage> {
    if (this.fastTelemetry(buf, start, end)) return this.result;
    return decodeBoardLine(
      Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString("latin1"),
    );
  }

  /** Parses a telemetry line into this.telemetry; false when the codec must judge it. */
  private fastTelemetry(buf: Uint8Array, start: number, end: number): boolean {
    const len = end - start;
    // A trailing '\r' (one more than the splitter removes) is left to the codec.
    if (len < MIN_LENGTH || len > MAX_LINE_LENGTH) return false;
    if (buf[start] !== DOLLAR || buf[start + 1] !== T || buf[start + 2] !== COMMA) return false;
    const star = end - 5;
    if (buf[star] !== STAR) return false;
    let given = 0;
    for (let i = star + 1; i < end; i++) {
      const d = hexDigit(buf[i]!);
      if (d < 0) return false;
      given = given * 16 + d;
    }

    // One pass over the fields: every byte must be a digit (a hex digit in the flags), a
    // leading '-' or a ','. That also makes the body printable ASCII without a second '$'
    // (the codec would start at a later one), as the codec requires.
    const v = this.fields;
    let nf = 0;
    let acc = 0;
    let digits = 0;
    let neg = false;
    for (let i = start + 3; i <= star; i++) {
      const c = i < star ? buf[i]! : COMMA;
      if (c === COMMA) {
        if (digits === 0 || digits > (nf === FLAGS_FIELD ? MAX_HEX_DIGITS : MAX_DIGITS))
          return false;
        if (nf === MAX_FIELDS) return false;
        v[nf++] = neg ? -acc : acc; // "-0" is -0, as Number("-0") is in the codec
        acc = 0;
        digits = 0;
        neg = false;
        continue;
      }
      if (nf === FLAGS_FIELD) {
        const d = hexDigit(c);
        if (d < 0) return false;
        acc = acc * 16 + d;
        digits++;
        continue;
      }
      const d = c - ZERO;
      if (d >= 0 && d <= 9) {
        acc = acc * 10 + d;
        digits++;
      } else if (c === MINUS && digits === 0 && !neg) neg = true;
      else return false;
    }

    if (nf < FIXED) return false;
    const n = v[7]!;
    if (!(n >= 0 && n <= MAX_CHANNELS) || nf !== FIXED + PER_CHANNEL * n) return false;
    if (!(v[0]! >= 0 && v[0]! <= U32 && v[1]! >= 0 && v[1]! <= U32)) return false;
    if (!(v[3]! >= -27315 && v[3]! <= 100000 && v[4]! >= -27315 && v[4]! <= 100000)) return false;
    const { min, max } = Limits.level;
    if (!(v[5]! >= min && v[5]! <= max && v[6]! >= min && v[6]! <= max)) return false;
    for (let k = FIXED; k < nf; k += PER_CHANNEL) {
      if (!(v[k]! >= 0 && v[k]! <= 32764)) return false;
      if (!(v[k + 1]! >= -327680 && v[k + 1]! <= 327680)) return false;
      if (!(v[k + 2]! >= -2147483648 && v[k + 2]! <= 2147483647)) return false;
      if (!(v[k + 3]! >= 0 && v[k + 3]! <= 2147483647)) return false;
    }
    // The checksum last: a large part of a line's cost, paid only for a well-formed line.
    if (crc16Range(buf, start + 1, star) !== given) return false;

    const t = this.telemetry;
    t.seq = v[0]!;
    t.ms = v[1]!;
    t.flags = v[2]!;
    t.panelC100 = v[3]!;
    t.boardC100 = v[4]!;
    t.lamp = v[5]!;
    t.load = v[6]!;
    const channels = this.channelLists[n]!;
    for (let c = 0; c < n; c++) {
      const ch = channels[c]!;
      const k = FIXED + c * PER_CHANNEL;
      ch.busMv = v[k]!;
      ch.shuntUv = v[k + 1]!;
      ch.currentUa = v[k + 2]!;
      ch.powerUw = v[k + 3]!;
    }
    t.channels = channels;
    return true;
  }
}

/** 0..15 for '0'-'9', 'A'-'F', 'a'-'f'; -1 otherwise. */
function hexDigit(c: number): number {
  if (c >= ZERO && c <= ZERO + 9) return c - ZERO;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

const shared = new BoardLineDecoder();

/** decodeBoardLine on buf[start..end) (terminator removed); the result is the caller's to keep. */
export function decodeBoardBytes(
  buf: Uint8Array,
  start = 0,
  end = buf.length,
): DecodeResult<BoardMessage> {
  const r = shared.decode(buf, start, end);
  if (!r.ok || r.message.type !== "T") return r;
  const m = r.message;
  return { ok: true, message: { ...m, channels: m.channels.map((c) => ({ ...c })) } };
}
