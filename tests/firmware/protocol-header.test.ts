/**
 * firmware-profiles/uno-ina219/protocol.h must say what src/protocol/constants.ts says:
 * a board built from a header that drifted would speak a dialect the host rejects.
 * Every define in the header is checked against the host, and every host constant is
 * looked for in the header.
 */
import { describe, expect, it } from "vitest";
import {
  BoardMessageType,
  CHECKSUM_MARKER,
  CommandType,
  CRC_CHECK,
  CRC_INIT,
  CRC_POLY,
  crc16,
  Defaults,
  ErrorKind,
  EventKind,
  FIELD_COUNT,
  FIELD_SEPARATOR,
  Flag,
  HELLO_FIELDS,
  LIST_SEPARATOR,
  Limits,
  MAX_CHANNELS,
  MAX_COMMAND_LENGTH,
  MAX_LINE_LENGTH,
  NakCode,
  PROTOCOL_VERSION,
  START_MARKER,
  TELEMETRY_CHANNEL_FIELDS,
  TELEMETRY_FIELDS,
} from "../../src/protocol/index.js";
import { type DefineValue, readDefines, upperSnake } from "./header.js";

const header = readDefines(
  new URL("../../firmware-profiles/uno-ina219/protocol.h", import.meta.url),
);
const checked = new Set<string>();

function define(name: string): DefineValue | undefined {
  checked.add(name);
  return header.get(name);
}

function withPrefix(prefix: string): Map<string, DefineValue> {
  const out = new Map<string, DefineValue>();
  for (const [k, v] of header) {
    if (!k.startsWith(prefix)) continue;
    checked.add(k);
    out.set(k, v);
  }
  return out;
}

describe("protocol.h agrees with src/protocol/constants.ts", () => {
  it("has the same version, framing characters and line limits", () => {
    expect(define("PROTO_VERSION")).toBe(PROTOCOL_VERSION);
    expect(define("PROTO_START_MARKER")).toBe(START_MARKER);
    expect(define("PROTO_CHECKSUM_MARKER")).toBe(CHECKSUM_MARKER);
    expect(define("PROTO_FIELD_SEPARATOR")).toBe(FIELD_SEPARATOR);
    expect(define("PROTO_LIST_SEPARATOR")).toBe(LIST_SEPARATOR);
    expect(define("PROTO_MAX_LINE_LENGTH")).toBe(MAX_LINE_LENGTH);
    expect(define("PROTO_MAX_COMMAND_LENGTH")).toBe(MAX_COMMAND_LENGTH);
    expect(define("PROTO_MAX_CHANNELS")).toBe(MAX_CHANNELS);
  });

  it("uses the same CRC, and the host's CRC has the catalogue check value", () => {
    expect(define("PROTO_CRC_POLY")).toBe(CRC_POLY);
    expect(define("PROTO_CRC_INIT")).toBe(CRC_INIT);
    expect(define("PROTO_CRC_CHECK")).toBe(CRC_CHECK);
    expect(crc16("123456789")).toBe(header.get("PROTO_CRC_CHECK"));
  });

  it.each([
    ["MSG_", BoardMessageType],
    ["CMD_", CommandType],
    ["NAK_", NakCode],
    ["EVT_", EventKind],
    ["ERR_", ErrorKind],
  ] as const)("names the same %s tokens", (prefix, host) => {
    const firmware = [...withPrefix(prefix).values()].sort();
    expect(firmware).toEqual(Object.values(host).sort());
  });

  it("counts the same fields in every message", () => {
    const firmware = withPrefix("FIELDS_");
    const expected = new Map(Object.entries(FIELD_COUNT).map(([k, v]) => [`FIELDS_${k}`, v]));
    expect(Object.fromEntries(firmware)).toEqual(Object.fromEntries(expected));
  });

  it("orders the HELLO and telemetry fields the same way", () => {
    expect(define("ORDER_HELLO")).toBe(HELLO_FIELDS.join(","));
    expect(define("ORDER_T")).toBe(TELEMETRY_FIELDS.join(","));
    expect(define("ORDER_T_CHANNEL")).toBe(TELEMETRY_CHANNEL_FIELDS.join(","));
  });

  it("puts every status flag on the same bit", () => {
    const expected = Object.fromEntries(
      Object.entries(Flag).map(([k, v]) => [`FLAG_${upperSnake(k)}`, v]),
    );
    expect(Object.fromEntries(withPrefix("FLAG_"))).toEqual(expected);
  });

  it("enforces the same limits", () => {
    const expected: Record<string, number> = {};
    for (const [k, { min, max }] of Object.entries(Limits)) {
      expected[`LIMIT_${upperSnake(k)}_MIN`] = min;
      expected[`LIMIT_${upperSnake(k)}_MAX`] = max;
    }
    expect(Object.fromEntries(withPrefix("LIMIT_"))).toEqual(expected);
  });

  it("boots with the same defaults", () => {
    const expected = Object.fromEntries(
      Object.entries(Defaults).map(([k, v]) => [`DEFAULT_${upperSnake(k)}`, v]),
    );
    expect(Object.fromEntries(withPrefix("DEFAULT_"))).toEqual(expected);
  });

  // Declared last: vitest runs a file's tests in order, so `checked` is complete here.
  it("has no define that the tests above did not compare", () => {
    const unchecked = [...header.keys()].filter((k) => !checked.has(k));
    expect(unchecked).toEqual([]);
    expect(header.size).toBeGreaterThan(50);
  });
});

describe("parseDefines", () => {
  it("reads strings, characters, hex and negative numbers, and skips comments and expressions", async () => {
    const { parseDefines } = await import("./header.js");
    const m = parseDefines(
      [
        "/* #define HIDDEN 1 */",
        '#define A "text" // note',
        "#define B ','",
        "#define C 0x1021",
        "#define D -4000",
        "#define E 12500L",
        "#define F (A + 1)",
      ].join("\n"),
    );
    expect(Object.fromEntries(m)).toEqual({ A: "text", B: ",", C: 0x1021, D: -4000, E: 12500 });
  });
});
