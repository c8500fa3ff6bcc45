/**
 * CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, xorout 0), computed by
 * the `crc` package's crc16ccitt. On the board, avr-libc's _crc_xmodem_update with an
 * initial value of 0xFFFF computes the same function.
 */
import crc16ccitt from "crc/crc16ccitt";

export function crc16(text: string): number {
  return crc16ccitt(Buffer.from(text, "latin1"));
}

/** Four upper-case hex digits, as on the wire. */
export function crcHex(text: string): string {
  return crc16(text).toString(16).toUpperCase().padStart(4, "0");
}
