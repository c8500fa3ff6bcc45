/**
 * Line framing shared by both directions: `$BODY*CCCC`, where CCCC is the CRC-16 of
 * BODY in upper-case hex. The terminator (`\n`, optionally preceded by `\r`) is not part
 * of the line. Nothing here throws on bytes from the wire.
 */
import { CHECKSUM_MARKER, FIELD_SEPARATOR, MAX_LINE_LENGTH, START_MARKER } from "./constants.js";
import { crcHex } from "./crc.js";
import type { RejectReason } from "./messages.js";

export type Unframed =
  | { ok: true; fields: string[] }
  | { ok: false; reason: RejectReason; detail: string };

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const HEX4 = /^[0-9A-Fa-f]{4}$/;

/** Wraps a body (fields already joined) into a line, without terminator. */
export function frame(body: string): string {
  return `${START_MARKER}${body}${CHECKSUM_MARKER}${crcHex(body)}`;
}

export function frameFields(fields: readonly (string | number)[]): string {
  return frame(fields.join(FIELD_SEPARATOR));
}

/** Checks the framing and checksum of one line and splits its body into fields. */
export function unframe(rawLine: string, maxLength = MAX_LINE_LENGTH): Unframed {
  const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
  if (line.length === 0) return { ok: false, reason: "empty", detail: "empty line" };
  if (line.length > maxLength) {
    return { ok: false, reason: "too-long", detail: `${line.length} bytes, limit ${maxLength}` };
  }
  if (!PRINTABLE_ASCII.test(line)) {
    return {
      ok: false,
      reason: "non-ascii",
      detail: "line contains bytes outside printable ASCII",
    };
  }
  // Garbage before a marker (a reset mid-line, line noise) is skipped up to the last
  // start marker, so the message that follows it is still read.
  const start = line.lastIndexOf(START_MARKER);
  if (start < 0) return { ok: false, reason: "no-start-marker", detail: "no '$' in line" };
  const star = line.lastIndexOf(CHECKSUM_MARKER);
  if (star < start)
    return { ok: false, reason: "no-checksum", detail: "no '*' checksum after '$'" };
  const body = line.slice(start + 1, star);
  const given = line.slice(star + 1);
  if (!HEX4.test(given)) {
    return { ok: false, reason: "no-checksum", detail: `checksum '${given}' is not 4 hex digits` };
  }
  const expected = crcHex(body);
  if (given.toUpperCase() !== expected) {
    return {
      ok: false,
      reason: "bad-checksum",
      detail: `checksum ${given.toUpperCase()}, computed ${expected}`,
    };
  }
  if (body.length === 0) return { ok: false, reason: "unknown-type", detail: "empty body" };
  return { ok: true, fields: body.split(FIELD_SEPARATOR) };
}
