/**
 * The frame-row parser (src/telemetry/row-parser.ts) was rewritten for speed (issue 16); what
 * it accepts, rejects and fills must not change. Every row here (valid ones as our writer
 * writes them, other tools' JSON, and damaged ones) goes through it and through the parser as
 * it was (./row-parser-reference.ts), under the same only() sets and after the same earlier
 * rows, and both must give the same kind and, for a frame, fill every slot a reader may read
 * the same: length, channelsAt, channelCount, the values (NaN and -0 included) and strings of
 * the elements up to the last one asked for, each channel and its role. (What a corrupt row
 * leaves in the slots, or a frame past its last wanted element, is unspecified and unread.)
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RowKind, RowParser } from "../../src/telemetry/row-parser.js";
import { CHANNEL_WIDTH, MAX_CHANNELS } from "../../src/telemetry/row-slots.js";
import { ReferenceRowParser } from "./row-parser-reference.js";

/** Numbers in every text form: our writer's, other tools', and malformed ones. */
const numberText = fc.oneof(
  { weight: 4, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) },
  { weight: 4, arbitrary: fc.integer({ min: -1e9, max: 1e9 }).map((m) => String(m / 1000)) },
  { weight: 2, arbitrary: fc.integer().map(String) },
  {
    weight: 2,
    // Long mantissas: past 2^53, or more than 22 fraction digits (Number() does those).
    arbitrary: fc
      .tuple(fc.stringMatching(/^-?[0-9]{1,25}$/), fc.stringMatching(/^[0-9]{0,30}$/))
      .map(([a, b]) => (b ? `${a}.${b}` : a)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.stringMatching(/^-?[0-9]{1,5}(\.[0-9]{1,5})?$/),
        fc.constantFrom("e", "E"),
        fc.constantFrom("", "+", "-"),
        fc.integer({ min: 0, max: 400 }),
      )
      .map(([m, e, s, x]) => `${m}${e}${s}${x}`),
  },
  { weight: 1, arbitrary: fc.constantFrom("-0", "0", "0.0", "-0.000", "1e400", "-1e400") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "9007199254740993",
      "0.1234567890123456789012",
      "0.12345678901234567890123",
      "123456789012345678901234567890",
    ),
  },
);

const literalText = fc.constantFrom("null", "true", "false");

/** Not JSON, or not JSON.stringify's: numbers, literals and strings other tools or damage make. */
const wildText = fc.constantFrom(
  "01",
  "00.5",
  "1.",
  ".5",
  "-",
  "--1",
  "+1",
  "1e",
  "1e+",
  "1E-",
  "1.5.2",
  "1x",
  "0x10",
  "Infinity",
  "NaN",
  "nul",
  "nuxl",
  "nulll",
  "tru",
  "trxe",
  "fals",
  "faxse",
  "falsee",
  "n",
  '"\\u0066"',
  '"\\/"',
  '"unclosed',
  '"a"b"',
  "'f'",
  "{}",
  '{"a":1}',
  "",
  " 1",
  "1 ",
  "[1,2]",
  "x",
);

/** Strings: short words, the tag, escapes, non-ASCII, brackets and commas inside, long ones. */
const stringText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("f", "sunlit", "eclipse", "array", "", "e") },
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('a"b', "a\\b", "tab\t", "é", "[", "]", ",", "{", "x]y,z["),
  },
);
const quoted = stringText.map((s) => JSON.stringify(s));

const scalarText = fc.oneof(
  { weight: 6, arbitrary: numberText },
  { weight: 2, arbitrary: literalText },
  { weight: 2, arbitrary: quoted },
);
/** Mostly valid, now and then not: a row of ~57 elements is then valid about a third of the time. */
const anyScalarText = fc.oneof(
  { weight: 60, arbitrary: scalarText },
  { weight: 1, arbitrary: wildText },
);

/** One channel entry: usually the 7 fields a writer writes, sometimes a wrong shape. */
const channelText = fc.oneof(
  {
    weight: 30,
    arbitrary: fc
      .tuple(
        numberText,
        fc.oneof(quoted, numberText),
        fc.array(anyScalarText, { minLength: CHANNEL_WIDTH - 2, maxLength: CHANNEL_WIDTH - 2 }),
      )
      .map(([a, r, rest]) => `[${[a, r, ...rest].join(",")}]`),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(anyScalarText, { maxLength: CHANNEL_WIDTH + 2 })
      .map((xs) => `[${xs.join(",")}]`),
  },
  { weight: 1, arbitrary: fc.oneof(scalarText, wildText, fc.constantFrom("[[1]]", "[]")) },
);
const channelsText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(channelText, { maxLength: MAX_CHANNELS + 1 })
      .map((xs) => `[${xs.join(",")}]`),
  },
  { weight: 1, arbitrary: fc.constantFrom("[]", "[[]]", "[[[1]]]", "[{}]", '[["]"]]', "[") },
);

const elementText = fc.oneof(
  { weight: 30, arbitrary: anyScalarText },
  { weight: 1, arbitrary: channelsText },
);

const tagText = fc.oneof(
  { weight: 12, arbitrary: fc.constant('"f"') },
  {
    weight: 1,
    arbitrary: fc.oneof(scalarText, wildText, channelsText, fc.constantFrom('"f', '"fx"')),
  },
);

/** A row like the writer's: the tag, ~12 frame columns, the channels, ~45 node columns. */
const writerLikeRow = fc
  .tuple(
    fc.array(anyScalarText, { minLength: 10, maxLength: 14 }),
    channelsText,
    fc.array(anyScalarText, { maxLength: 60 }),
  )
  .map(([a, ch, b]) => ['"f"', ...a, ch, ...b]);
/** A clean row with one element (a channel field too) that is not JSON.stringify's. */
const oneWildRow = fc
  .tuple(
    fc.array(scalarText, { minLength: 10, maxLength: 14 }),
    fc.array(scalarText, { minLength: CHANNEL_WIDTH - 2, maxLength: CHANNEL_WIDTH - 2 }),
    fc.array(scalarText, { maxLength: 45 }),
    fc.nat(),
    wildText,
  )
  .map(([a, field, b, at, wild]) => {
    const row = ['"f"', ...a, ...b];
    const channel = ["64", '"array"', ...field];
    if (at % 3 === 0) channel[2 + (at % (CHANNEL_WIDTH - 2))] = wild;
    else row[1 + (at % (row.length - 1))] = wild;
    row.splice(1 + a.length, 0, `[[${channel.join(",")}]]`);
    return row;
  });
/** Any length, past the 128-element cap too. */
const anyRow = fc
  .tuple(tagText, fc.array(elementText, { maxLength: 135 }))
  .map(([t, xs]) => [t, ...xs]);

type Damage = (s: string, at: number, ch: string) => string;
const damages: Damage[] = [
  (s, at) => s.slice(0, at), // cut off
  (s, at) => s.slice(0, at) + s.slice(at + 1), // a byte lost
  (s, at, ch) => s.slice(0, at) + ch + s.slice(at), // a byte added
  (s, at, ch) => s.slice(0, at) + ch + s.slice(at + 1), // a byte changed
];

const lineText = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: writerLikeRow },
      { weight: 2, arbitrary: oneWildRow },
      { weight: 2, arbitrary: anyRow },
    ),
    fc.oneof({ weight: 8, arbitrary: fc.constant(",") }, fc.constantFrom(", ", " ,")),
    fc.constantFrom("", "", "", " ", "\r", " \r", "  "),
    fc.constantFrom("", "", "", " "),
    // One row in four damaged.
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(null) },
      fc.tuple(
        fc.nat({ max: 3 }),
        fc.nat(),
        fc.constantFrom(",", "]", "[", '"', "\\", "e", "-", ".", "0", "9", "n", "{", " ", "é"),
      ),
    ),
  )
  .map(([elements, sep, tail, head, damage]) => {
    let s = `${head}[${elements.join(sep)}]${tail}`;
    if (damage) {
      const [which, at, ch] = damage;
      s = damages[which]!(s, at % (s.length + 1), ch);
    }
    return s;
  });

/** Which elements to decode: all, a report-like set, or any set. */
const onlySet = fc.oneof(
  fc.constant(null),
  fc.constant([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 17, 19, 25, 30, 33, 42]),
  fc.uniqueArray(fc.nat({ max: 130 }), { maxLength: 20 }),
);

/** A line in a buffer with other bytes around it, as in the reader's chunk. */
function inBuffer(line: string, before: string, after: string): [Buffer, number, number] {
  const pre = Buffer.from(before);
  const body = Buffer.from(line);
  return [Buffer.concat([pre, body, Buffer.from(after)]), pre.length, pre.length + body.length];
}

/** The slots of a frame a reader may read (decoded up to lastWanted, as only() says). */
function frameSlots(p: RowParser | ReferenceRowParser, only: readonly number[] | null) {
  const upTo = Math.min(p.length, 128, only ? Math.max(0, ...only) + 1 : 128);
  return {
    length: p.length,
    channelsAt: p.channelsAt,
    channelCount: p.channelCount,
    values: Array.from(p.values.subarray(0, upTo)),
    strings: p.strings.slice(0, upTo),
    channels: Array.from(p.channels.subarray(0, p.channelCount * CHANNEL_WIDTH)),
    channelRoles: p.channelRoles.slice(0, p.channelCount),
  };
}

describe("the fast row parser against the parser it replaced", () => {
  it("gives the same kind and slots for every row, under every only() set", () => {
    const kinds = new Map<RowKind, number>();
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            lineText,
            fc.constantFrom("", "\n", "x"),
            fc.constantFrom("\n", "", "]", "l", "e", "ul,2]", "5,1]", ',"x"]'),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        onlySet,
        (lines, only) => {
          const fast = new RowParser();
          const ref = new ReferenceRowParser();
          fast.only(only);
          ref.only(only);
          for (const [line, before, after] of lines) {
            const [buf, s, e] = inBuffer(line, before, after);
            const kind = fast.parse(buf, s, e);
            expect(kind, line).toBe(ref.parse(buf, s, e));
            kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
            // toEqual tells NaN from a number and -0 from 0 (Object.is).
            if (kind === RowKind.Frame)
              expect(frameSlots(fast, only), line).toEqual(frameSlots(ref, only));
          }
        },
      ),
      { numRuns: 3000 },
    );
    // The rows must reach every outcome, or the comparison proves little.
    for (const k of [RowKind.Frame, RowKind.Corrupt])
      expect(kinds.get(k) ?? 0).toBeGreaterThan(500);
  });

  it("gives the same slots for the rows of a real recording, decoded whole and in part", () => {
    const row = (i: number) =>
      `["f",${i},${i * 100},${i * 100.125},4.8${i % 10},95.1,457.208,25.08,null,255,200,769,1,` +
      `[[64,"array",1,4.807,9.5113,95.113,457.208],[65,"load",0,-1.5e-7,0,0,0]],${i * 9},0,` +
      `0.001667,"${i % 3 ? "sunlit" : "eclipse"}",1,23774.816,0.849986,-33999.452,null,false,` +
      `true,12000,5e-324,1.7976931348623157e308,0.30000000000000004,-0,123456789012345678]`;
    for (const only of [null, [1, 2, 3, 17, 19, 25], [13], [0]]) {
      const fast = new RowParser();
      const ref = new ReferenceRowParser();
      fast.only(only);
      ref.only(only);
      for (let i = 0; i < 50; i++) {
        const buf = Buffer.from(row(i));
        expect(fast.parse(buf, 0, buf.length)).toBe(RowKind.Frame);
        ref.parse(buf, 0, buf.length);
        expect(frameSlots(fast, only)).toEqual(frameSlots(ref, only));
      }
    }
  });
});
