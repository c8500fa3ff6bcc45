/**
 * A frame's recording line, encoded straight into the writer's buffer: the recording's hot
 * path (a session records every frame; bench/serial.ts records a few hundred thousand a
 * second). The bytes are exactly JSON.stringify of the row the format defines (frameToRow,
 * then appendNode with a node state) and a newline; tests/telemetry/row-line.test.ts holds
 * it to that. Building the row's arrays, stringifying them, then joining and encoding the
 * strings took most of the recording's CPU and made most of its garbage (CPU profile of
 * bench/serial.ts with the recording on). Numbers are written by ./number-text.ts; the text
 * of each field's last value is kept (memo below), since most fields repeat frame to frame.
 */
import type { Frame, FrameStatus } from "../core/frame.js";
import type { NodeState } from "../node/state.js";
import { FRAME_TAG, type NodeColumn, quantize, STATUS_BITS } from "./format.js";
import { writeNull, writeNumber } from "./number-text.js";

// The CSV export writes its numbers with these too.
export { ascii, writeFiniteNumber } from "./number-text.js";

/** The longest number JSON writes ("-1.7976931348623157e+308"), with room for a comma. */
const NUMBER_ROOM = 26;
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
  o = writeNumber(buf, o, frame.seq);
  buf[o++] = COMMA;
  o = writeNumber(buf, o, frame.boardMs);
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
        o = writeNumber(
          buf,
          o,
          c.type === "num" || c.type === "num?" ? quantize(v, c.decimals ?? 6) : v,
        );
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
  const end = writeNumber(buf, o, v);
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
