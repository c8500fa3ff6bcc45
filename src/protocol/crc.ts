/**
 * CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, xorout 0), computed by
 * the `crc` package's crc16ccitt. On the board, avr-libc's _crc_xmodem_update with an
 * initial value of 0xFFFF computes the same function.
 *
 * crc16Range is the same CRC over a range of a received buffer, four bytes a step
 * ("slicing by 4": four table look-ups that do not wait on each other, where the
 * byte-at-a-time loop waits on the previous byte's result every step; about three times
 * faster on a telemetry line, which is most of what it costs to read one). Its first
 * table is the package's own (a single byte from a zero register), the other three
 * follow from it; tests/protocol/crc.test.ts holds it equal to the package on random input.
 */
import crc16ccitt from "crc/calculators/crc16ccitt";

const ONE_BYTE = new Uint8Array(1);
/** SLICES[k * 256 + b]: the register after byte b then k zero bytes, from a zero register. */
const SLICES = new Uint16Array(4 * 256);
for (let b = 0; b < 256; b++) {
  ONE_BYTE[0] = b;
  SLICES[b] = crc16ccitt(ONE_BYTE, 0);
}
for (let k = 1; k < 4; k++) {
  for (let b = 0; b < 256; b++) {
    const c = SLICES[(k - 1) * 256 + b]!;
    SLICES[k * 256 + b] = ((c << 8) & 0xffff) ^ SLICES[c >> 8]!;
  }
}

/** CRC of buf[start..end), bytes as they came off the wire (no copy, no string). */
export function crc16Range(buf: Uint8Array, start: number, end: number): number {
  const t = SLICES;
  let c = 0xffff;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    c =
      t[768 + ((c >> 8) ^ buf[i]!)]! ^
      t[512 + ((c & 0xff) ^ buf[i + 1]!)]! ^
      t[256 + buf[i + 2]!]! ^
      t[buf[i + 3]!]!;
  }
  for (; i < end; i++) c = ((c << 8) & 0xffff) ^ t[(c >> 8) ^ buf[i]!]!;
  return c;
}

export function crc16(text: string): number {
  return crc16ccitt(Buffer.from(text, "latin1"));
}

/** Four upper-case hex digits, as on the wire. */
export function crcHex(text: string): string {
  return crc16(text).toString(16).toUpperCase().padStart(4, "0");
}
