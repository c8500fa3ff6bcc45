import crc16ccitt from "crc/calculators/crc16ccitt";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BoardLineDecoder,
  crc16Range,
  decodeBoardBytes,
  decodeBoardLine,
  encodeBoardMessage,
  frame,
  type TelemetryMessage,
} from "../../src/protocol/index.js";

const bytes = (s: string) => Buffer.from(s, "latin1");

/** Telemetry over and beyond every range the codec checks, 0 to 5 channels. */
const anyInt = fc.oneof(
  fc.integer({ min: -3e5, max: 3e5 }),
  fc.integer({ min: -0x7fffffff, max: 0x7fffffff }),
  fc.constantFrom(-0, 0, 255, 256, -1, 32764, 32765, 0xffffffff, 4294967296, 9999999999),
);
const telemetry: fc.Arbitrary<TelemetryMessage> = fc.record({
  type: fc.constant("T" as const),
  seq: fc.oneof(fc.nat({ max: 0xffffffff }), anyInt),
  ms: fc.oneof(fc.nat({ max: 0xffffffff }), anyInt),
  flags: fc.oneof(fc.nat({ max: 0xffff }), fc.constantFrom(0xffffffff, 0x100000000, 0xabcdef012)),
  panelC100: fc.oneof(fc.integer({ min: -27315, max: 100000 }), anyInt),
  boardC100: fc.oneof(fc.integer({ min: -27315, max: 100000 }), anyInt),
  lamp: fc.oneof(fc.nat({ max: 255 }), anyInt),
  load: fc.oneof(fc.nat({ max: 255 }), anyInt),
  channels: fc.array(
    fc.record({
      busMv: fc.oneof(fc.nat({ max: 32764 }), anyInt),
      shuntUv: fc.oneof(fc.integer({ min: -327680, max: 327680 }), anyInt),
      currentUa: anyInt,
      powerUw: fc.oneof(fc.nat({ max: 0x7fffffff }), anyInt),
    }),
    { maxLength: 5 },
  ),
});

/** A line edited the ways a noisy link edits one, with the checksum fixed up or not. */
const edited = fc
  .tuple(
    telemetry,
    fc.nat(),
    fc.constantFrom("replace", "insert", "delete", "none"),
    fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...bytes("-,*$0 9Aaf+.\r"))),
    fc.boolean(),
  )
  .map(([t, at, edit, byte, refix]) => {
    const line = encodeBoardMessage(t);
    const i = at % line.length;
    const c = String.fromCharCode(byte);
    let out = line;
    if (edit === "replace") out = line.slice(0, i) + c + line.slice(i + 1);
    if (edit === "insert") out = line.slice(0, i) + c + line.slice(i);
    if (edit === "delete") out = line.slice(0, i) + line.slice(i + 1);
    const star = out.lastIndexOf("*");
    // Recomputing the checksum lets the edit reach the field checks instead of the CRC's.
    return refix && out.startsWith("$") && star > 0 ? frame(out.slice(1, star)) : out;
  });

describe("decodeBoardBytes: decodeBoardLine on bytes, with a fast path for telemetry", () => {
  it("gives the codec's answer, reason and detail included, on valid, edited and random lines", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          telemetry.map((t) => encodeBoardMessage(t)),
          edited,
          fc.string({ maxLength: 220 }).map((s) => `$T,${s}`),
          fc.string({ maxLength: 220 }),
        ),
        fc.constantFrom("", "\r", "\r\r"),
        (line, tail) => {
          const s = line + tail;
          expect(decodeBoardBytes(bytes(s))).toEqual(decodeBoardLine(s));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it("reads a line in the middle of a larger buffer (the chunk it arrived in)", () => {
    // "-0" is read as -0, as Number("-0") is in the codec (the encoder never writes it).
    const line = frame("T,7,70,0103,-0,3100,255,0,1,5000,-12,-120,600");
    const buf = bytes(`garbage\n${line}\r\nmore`);
    const start = buf.indexOf("$");
    const r = decodeBoardBytes(buf, start, start + line.length);
    expect(r).toEqual(decodeBoardLine(line));
    expect(r.ok && r.message.type === "T" && Object.is(r.message.panelC100, -0)).toBe(true);
  });

  it("takes the fast path for well-formed telemetry (no string made), and only for it", () => {
    const d = new BoardLineDecoder();
    const first = d.decode(bytes(encodeBoardMessage(sample(1))));
    const second = d.decode(bytes(encodeBoardMessage(sample(2))));
    // The fast path answers with the decoder's own result object, overwritten each time.
    expect(second).toBe(first);
    expect(second).toMatchObject({ ok: true, message: { seq: 2 } });
    const hello = d.decode(bytes(frame("HELLO,1,p,f,b,-,40:array")));
    expect(hello).not.toBe(first);
    const lowerCaseChecksum = encodeBoardMessage(sample(3)).toLowerCase().replace("$t", "$T");
    expect(d.decode(bytes(lowerCaseChecksum))).toBe(first);
  });

  it("keeps nothing shared in what decodeBoardBytes returns", () => {
    const a = decodeBoardBytes(bytes(encodeBoardMessage(sample(1))));
    const b = decodeBoardBytes(bytes(encodeBoardMessage(sample(2))));
    expect(a).toMatchObject({ message: { seq: 1, channels: [{ currentUa: 1001 }] } });
    expect(b).toMatchObject({ message: { seq: 2, channels: [{ currentUa: 1002 }] } });
  });
});

function sample(seq: number): TelemetryMessage {
  return {
    type: "T",
    seq,
    ms: seq * 10,
    flags: 0x0101,
    panelC100: 2500,
    boardC100: 0,
    lamp: 1,
    load: 2,
    channels: [{ busMv: 5000, shuntUv: 100, currentUa: 1000 + seq, powerUw: 5000 }],
  };
}

describe("crc16Range: the package's CRC over part of a buffer, four bytes a step", () => {
  it("equals the crc package on any bytes and any range", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.nat(), (b, x, y) => {
        const start = b.length ? x % b.length : 0;
        const end = start + (b.length - start ? y % (b.length - start + 1) : 0);
        expect(crc16Range(b, start, end)).toBe(crc16ccitt(b.subarray(start, end)));
      }),
      { numRuns: 5000 },
    );
  });
});
