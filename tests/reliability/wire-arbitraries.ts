/**
 * fast-check generators for the wire fuzz: board messages within protocol v1's ranges
 * (docs/protocol.md), the damage a serial line does to them, and how the bytes are cut
 * into reads.
 */
import fc from "fast-check";
import type { ChannelRole } from "../../src/core/frame.js";
import {
  type BoardMessage,
  ErrorKind,
  EventKind,
  type HelloChannel,
  NakCode,
  type TelemetryChannel,
} from "../../src/protocol/index.js";

const chars = (s: string) => fc.constantFrom(...s.split(""));
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** A text field: printable, without the protocol's separators (`,` `;` `$` `*` `=`). */
const word = (max = 8) => fc.string({ unit: chars(`${ALNUM}._:-`), minLength: 1, maxLength: max });
const key = fc.string({
  unit: chars("abcdefghijklmnopqrstuvwxyz0123456789"),
  minLength: 1,
  maxLength: 8,
});
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const ROLES: ChannelRole[] = ["array", "load", "battery", "aux"];

/**
 * Channel readings as the firmware can send them: the codec's ranges are wider than the
 * firmware's widths (a current is at most 32768 x the largest current LSB, 10 characters;
 * a temperature at most 5, rig.h), and only within those does the widest telemetry line
 * fit the protocol's 200 bytes.
 */
const telemetryChannel: fc.Arbitrary<TelemetryChannel> = fc.record({
  busMv: fc.integer({ min: 0, max: 32764 }),
  shuntUv: fc.integer({ min: -327680, max: 327680 }),
  currentUa: fc.integer({ min: -327_680_000, max: 327_680_000 }),
  powerUw: fc.integer({ min: 0, max: 2147483647 }),
});
const temperatureC100 = fc.integer({ min: -9999, max: 32767 });

export const telemetry: fc.Arbitrary<BoardMessage> = fc.record({
  type: fc.constant("T" as const),
  seq: u32,
  ms: u32,
  flags: fc.integer({ min: 0, max: 0x7fff }),
  panelC100: temperatureC100,
  boardC100: temperatureC100,
  lamp: fc.integer({ min: 0, max: 255 }),
  load: fc.integer({ min: 0, max: 255 }),
  channels: fc.array(telemetryChannel, { maxLength: 4 }),
});

const helloChannel: fc.Arbitrary<HelloChannel> = fc.record({
  address: fc.integer({ min: 0x40, max: 0x4f }),
  role: fc.constantFrom(...ROLES),
});

const hello: fc.Arbitrary<BoardMessage> = fc.record({
  type: fc.constant("HELLO" as const),
  protocolVersion: fc.integer({ min: 0, max: 65535 }),
  profile: word(),
  firmwareVersion: word(),
  boardId: word(),
  caps: fc.dictionary(key, fc.oneof(fc.constant(true as const), word()), { maxKeys: 4 }),
  channels: fc.array(helloChannel, { maxLength: 4 }),
});

const commandName = fc.constantFrom("LAMP", "LOAD", "RATE", "CAL", "WDT", "OTL", "HB", "SAFE");

const others: fc.Arbitrary<BoardMessage> = fc.oneof(
  fc.record({
    type: fc.constant("ACK" as const),
    id: fc.integer({ min: 0, max: 65535 }),
    command: commandName,
  }),
  fc.record({
    type: fc.constant("NAK" as const),
    id: fc.integer({ min: 0, max: 65535 }),
    command: fc.oneof(commandName, fc.constant("?")),
    code: fc.constantFrom(...Object.values(NakCode)),
  }),
  fc.record({
    type: fc.constant("EVT" as const),
    ms: u32,
    kind: fc.constantFrom(...Object.values(EventKind)),
    arg: fc.oneof(fc.constant(""), word()),
  }),
  fc.record({
    type: fc.constant("ERR" as const),
    ms: u32,
    code: fc.constantFrom(...Object.values(ErrorKind)),
    detail: fc.oneof(fc.constant(""), word()),
  }),
);

/**
 * fast-check may build objects without a prototype; a decoded message has one. Plain
 * copies compare as the codec's output does.
 */
const plain = (m: BoardMessage): BoardMessage => JSON.parse(JSON.stringify(m)) as BoardMessage;

/** Every board message kind, telemetry the most common (as on the wire). */
export const boardMessage: fc.Arbitrary<BoardMessage> = fc
  .oneof(
    { arbitrary: telemetry, weight: 6 },
    { arbitrary: hello, weight: 1 },
    { arbitrary: others, weight: 3 },
  )
  .map(plain);

/** What a board sends once it streams: no HELLO (a HELLO while up means the board reset). */
export const streamMessage: fc.Arbitrary<BoardMessage> = fc
  .oneof({ arbitrary: telemetry, weight: 7 }, { arbitrary: others, weight: 3 })
  .map(plain);

const NON_ASCII = ["é", "°C", "日本", "😀", "\u00a0", "\x00", "\x7f", "\xff", "\x1b[2J", "\t"];

/** One kind of damage to one line. Positions are taken modulo the line's length. */
export type Mutation =
  | { kind: "none" }
  | { kind: "bitflip"; flips: { pos: number; bit: number }[] }
  | { kind: "truncate"; pos: number; keep: "head" | "tail" }
  | { kind: "insert"; pos: number; bytes: number[] }
  | { kind: "delete"; pos: number; count: number }
  | { kind: "replace"; pos: number; bytes: number[] }
  | { kind: "huge"; pos: number; extraBytes: number; fill: number }
  | { kind: "non-ascii"; pos: number; text: string }
  | { kind: "crlf"; pos: number; text: string }
  | { kind: "doubled" }
  | { kind: "reset-mid-line"; keepBytes: number };

export type MutationKind = Mutation["kind"];

const pos = fc.nat();
const byte = fc.integer({ min: 0, max: 255 });

export function mutation(hugeMaxBytes: number): fc.Arbitrary<Mutation> {
  return fc.oneof(
    { arbitrary: fc.constant({ kind: "none" as const }), weight: 10 },
    {
      arbitrary: fc.record({
        kind: fc.constant("bitflip" as const),
        flips: fc.array(fc.record({ pos, bit: fc.integer({ min: 0, max: 7 }) }), {
          minLength: 1,
          maxLength: 3,
        }),
      }),
      weight: 20,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant("truncate" as const),
        pos,
        keep: fc.constantFrom("head" as const, "tail" as const),
      }),
      weight: 10,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant("insert" as const),
        pos,
        bytes: fc.array(byte, { minLength: 1, maxLength: 8 }),
      }),
      weight: 10,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant("delete" as const),
        pos,
        count: fc.integer({ min: 1, max: 4 }),
      }),
      weight: 10,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant("replace" as const),
        pos,
        bytes: fc.array(byte, { minLength: 1, maxLength: 4 }),
      }),
      weight: 10,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant("huge" as const),
        pos,
        extraBytes: fc.integer({ min: 200, max: hugeMaxBytes }),
        fill: fc.constantFrom(0x30, 0x2c, 0x24, 0x2a, 0x41, 0x00, 0xff),
      }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant("non-ascii" as const),
        pos,
        text: fc.constantFrom(...NON_ASCII),
      }),
      weight: 8,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant("crlf" as const),
        pos,
        text: fc.constantFrom("\r", "\n", "\r\n", "\n\r", "\r\r"),
      }),
      weight: 10,
    },
    { arbitrary: fc.constant({ kind: "doubled" as const }), weight: 3 },
    {
      arbitrary: fc.record({ kind: fc.constant("reset-mid-line" as const), keepBytes: pos }),
      weight: 4,
    },
  );
}

const utf8 = new TextEncoder();

/** Applies one mutation to the bytes of one line (without its terminator). */
export function mutate(line: Uint8Array, m: Mutation): Uint8Array {
  const n = line.length;
  const at = (p: number) => (n === 0 ? 0 : p % (n + 1));
  const join = (...parts: ArrayLike<number>[]) => {
    const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  switch (m.kind) {
    case "none":
      return line;
    case "bitflip": {
      const out = Uint8Array.from(line);
      for (const f of m.flips) if (n > 0) out[f.pos % n]! ^= 1 << f.bit;
      return out;
    }
    case "truncate":
      return m.keep === "head"
        ? line.subarray(0, m.pos % Math.max(1, n))
        : line.subarray(at(m.pos) || 1);
    case "insert":
      return join(line.subarray(0, at(m.pos)), m.bytes, line.subarray(at(m.pos)));
    case "delete":
      return join(line.subarray(0, at(m.pos)), line.subarray(Math.min(n, at(m.pos) + m.count)));
    case "replace": {
      const out = Uint8Array.from(line);
      m.bytes.forEach((b, i) => {
        if (n > 0) out[(m.pos + i) % n] = b;
      });
      return out;
    }
    case "huge":
      return join(
        line.subarray(0, at(m.pos)),
        new Uint8Array(m.extraBytes).fill(m.fill),
        line.subarray(at(m.pos)),
      );
    case "non-ascii":
    case "crlf":
      return join(line.subarray(0, at(m.pos)), utf8.encode(m.text), line.subarray(at(m.pos)));
    case "doubled":
      return join(line, line);
    case "reset-mid-line":
      // A board reset mid-line: a cut-off start of the line, then the whole line again.
      return join(line.subarray(0, at(m.keepBytes)), line);
  }
}

/** Line terminators a host meets, including none (the next line runs on). */
export const terminator = fc.constantFrom("\n", "\r\n", "\r\n", "\r\n", "\r\r\n", "\n\r", "");

/** Sizes of the reads the bytes arrive in. */
export const chunkSizes = fc.array(fc.integer({ min: 1, max: 300 }), {
  minLength: 1,
  maxLength: 16,
});
