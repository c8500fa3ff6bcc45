/**
 * Intel HEX loader for AVR flash images.
 *
 * Format: Intel "Hexadecimal Object File Format Specification", rev. A (1988). Each
 * record is `:LLAAAATT<data>CC`: byte count, 16-bit address, record type, data and a
 * checksum that makes the sum of all record bytes 0 mod 256. Types handled: 00 data,
 * 01 end of file, 02 extended segment address (base = value * 16), 04 extended linear
 * address (base = value << 16). 03/05 (start addresses) carry no flash content and are
 * accepted and ignored, as avrdude does.
 */
import { ExitCode, OrbitrigError } from "../core/errors.js";

/** ATmega328P flash size in bytes (datasheet DS40002061A, section 1: 32 KBytes). */
export const ATMEGA328P_FLASH_BYTES = 32 * 1024;

export interface HexImage {
  /** Flash contents, 0xFF where the file wrote nothing (erased flash). */
  flash: Uint8Array;
  /** One past the highest byte address written. */
  endAddress: number;
  /** Data bytes written. */
  byteCount: number;
}

export interface ParseHexOptions {
  /** Flash size the image must fit in; default 32 KB (ATmega328P). */
  flashBytes?: number;
  /** Named in error messages, e.g. the file path. */
  source?: string;
}

function fail(source: string, lineNo: number, what: string): never {
  throw new OrbitrigError("HEX_INVALID", `${source}:${lineNo}: ${what}`, ExitCode.usage);
}

/** Parses an Intel HEX text into a flash image. Throws OrbitrigError("HEX_INVALID") naming the line. */
export function parseIntelHex(text: string, options: ParseHexOptions = {}): HexImage {
  const flashBytes = options.flashBytes ?? ATMEGA328P_FLASH_BYTES;
  const source = options.source ?? "hex";
  const flash = new Uint8Array(flashBytes).fill(0xff);
  let base = 0;
  let endAddress = 0;
  let byteCount = 0;
  let sawEof = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = (lines[i] ?? "").trim();
    if (line === "") continue;
    if (sawEof) fail(source, lineNo, "record after the end-of-file record");
    if (line[0] !== ":") fail(source, lineNo, "record does not start with ':'");
    const hex = line.slice(1);
    if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length % 2 !== 0 || hex.length < 10) {
      fail(source, lineNo, "record is not an even number of hex digits (at least 5 bytes)");
    }
    const bytes = new Uint8Array(hex.length / 2);
    for (let b = 0; b < bytes.length; b++)
      bytes[b] = Number.parseInt(hex.slice(b * 2, b * 2 + 2), 16);
    const count = bytes[0] ?? 0;
    if (bytes.length !== count + 5)
      fail(source, lineNo, `byte count ${count} does not match the record length`);
    let sum = 0;
    for (const b of bytes) sum = (sum + b) & 0xff;
    if (sum !== 0) {
      const expected = (0x100 - ((sum - (bytes[bytes.length - 1] ?? 0)) & 0xff)) & 0xff;
      fail(
        source,
        lineNo,
        `checksum mismatch (expected ${expected.toString(16).padStart(2, "0").toUpperCase()})`,
      );
    }
    const address = ((bytes[1] ?? 0) << 8) | (bytes[2] ?? 0);
    const type = bytes[3] ?? 0;
    const data = bytes.subarray(4, 4 + count);
    switch (type) {
      case 0x00: {
        const start = base + address;
        if (start + count > flashBytes) {
          fail(
            source,
            lineNo,
            `data at 0x${start.toString(16)}..0x${(start + count - 1).toString(16)} does not fit in ${flashBytes / 1024} KB of flash`,
          );
        }
        flash.set(data, start);
        endAddress = Math.max(endAddress, start + count);
        byteCount += count;
        break;
      }
      case 0x01:
        sawEof = true;
        break;
      case 0x02:
        if (count !== 2) fail(source, lineNo, "extended segment address record must carry 2 bytes");
        base = (((data[0] ?? 0) << 8) | (data[1] ?? 0)) * 16;
        break;
      case 0x04:
        if (count !== 2) fail(source, lineNo, "extended linear address record must carry 2 bytes");
        base = (((data[0] ?? 0) << 8) | (data[1] ?? 0)) * 65536;
        break;
      case 0x03:
      case 0x05:
        break;
      default:
        fail(source, lineNo, `unknown record type 0x${type.toString(16).padStart(2, "0")}`);
    }
  }
  if (!sawEof) fail(source, lines.length, "no end-of-file record (type 01): the file is truncated");
  if (byteCount === 0) fail(source, 1, "no data records");
  return { flash, endAddress, byteCount };
}

/** Reads and parses a .hex file. */
export async function loadHexFile(
  path: string,
  options: Omit<ParseHexOptions, "source"> = {},
): Promise<HexImage> {
  const { readFile } = await import("node:fs/promises");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new OrbitrigError(
      "HEX_INVALID",
      `${path}: cannot read (${(e as Error).message})`,
      ExitCode.usage,
      { cause: e },
    );
  }
  return parseIntelHex(text, { ...options, source: path });
}
