import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isOrbitrigError } from "../../src/core/errors.js";
import { parseIntelHex } from "../../src/emulator/hex.js";

/** Builds a record with a correct checksum, as a linker writes it. */
function rec(type: number, address: number, data: number[]): string {
  const bytes = [data.length, (address >> 8) & 0xff, address & 0xff, type, ...data];
  const sum = (0x100 - (bytes.reduce((a, b) => a + b, 0) & 0xff)) & 0xff;
  return `:${[...bytes, sum].map((b) => b.toString(16).padStart(2, "0").toUpperCase()).join("")}`;
}
const EOF_REC = ":00000001FF";

describe("Intel HEX loader", () => {
  it("loads data records at their addresses and leaves the rest erased (0xFF)", () => {
    const img = parseIntelHex(
      [rec(0, 0x0000, [0x0c, 0x94]), rec(0, 0x0010, [1, 2, 3]), EOF_REC].join("\n"),
    );
    expect([...img.flash.subarray(0, 3)]).toEqual([0x0c, 0x94, 0xff]);
    expect([...img.flash.subarray(0x10, 0x13)]).toEqual([1, 2, 3]);
    expect(img.byteCount).toBe(5);
    expect(img.endAddress).toBe(0x13);
  });

  it("applies extended segment (02) and linear (04) address records", () => {
    const seg = parseIntelHex(
      [rec(2, 0, [0x01, 0x00]), rec(0, 0x0004, [0xaa]), EOF_REC].join("\r\n"),
      { flashBytes: 0x10000 },
    );
    expect(seg.flash[0x1004]).toBe(0xaa);
    expect(() =>
      parseIntelHex([rec(4, 0, [0x00, 0x01]), rec(0, 0, [0xbb]), EOF_REC].join("\n")),
    ).toThrow(/does not fit in 32 KB/);
  });

  const bad: Array<[string, string, RegExp]> = [
    [
      "a bad checksum",
      [`${rec(0, 0, [1, 2]).slice(0, -2)}00`, EOF_REC].join("\n"),
      /hex:1: checksum mismatch \(expected FB\)/,
    ],
    [
      "a missing colon",
      ["0200000001020B", EOF_REC].join("\n"),
      /hex:1: record does not start with ':'/,
    ],
    ["odd digits", [":0200000001020", EOF_REC].join("\n"), /hex:1: .*even number of hex digits/],
    [
      "a wrong byte count",
      [":0300000001020A", EOF_REC].join("\n"),
      /hex:1: byte count 3 does not match/,
    ],
    [
      "an unknown record type",
      [rec(0, 0, [1]), rec(7, 0, []), EOF_REC].join("\n"),
      /hex:2: unknown record type 0x07/,
    ],
    ["no end-of-file record", rec(0, 0, [1]), /no end-of-file record/],
    [
      "data after the end",
      [rec(0, 0, [1]), EOF_REC, rec(0, 2, [1])].join("\n"),
      /hex:3: record after the end-of-file/,
    ],
    [
      "data beyond 32 KB",
      [rec(0, 0x7fff, [1, 2]), EOF_REC].join("\n"),
      /hex:1: data at 0x7fff..0x8000 does not fit in 32 KB of flash/,
    ],
    ["no data", EOF_REC, /no data records/],
  ];
  it.each(bad)("rejects %s with HEX_INVALID naming the line", (_name, text, message) => {
    let err: unknown;
    try {
      parseIntelHex(text);
    } catch (e) {
      err = e;
    }
    expect(isOrbitrigError(err) && err.code).toBe("HEX_INVALID");
    expect((err as Error).message).toMatch(message);
  });

  it("loads the StandardFirmata build shipped in its firmware profile", () => {
    const path = "firmware-profiles/standard-firmata/StandardFirmata.cpp.hex";
    const img = parseIntelHex(readFileSync(path, "utf8"), { source: path });
    // The reset vector is a JMP (0x940C) as avr-gcc emits for the ATmega328P.
    expect(img.flash[0]! | (img.flash[1]! << 8)).toBe(0x940c);
    expect(img.byteCount).toBeGreaterThan(10_000);
    expect(img.endAddress).toBeLessThanOrEqual(32 * 1024);
  });
});
