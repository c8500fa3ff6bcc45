import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineSplitter } from "../../src/transport/line-splitter.js";

function split(chunks: (string | number[])[], max = 16) {
  const lines: string[] = [];
  const overlong: number[] = [];
  const s = new LineSplitter(
    { line: (l) => lines.push(l), overlong: (n) => overlong.push(n) },
    max,
  );
  for (const c of chunks)
    s.push(typeof c === "string" ? Buffer.from(c, "latin1") : Uint8Array.from(c));
  return { lines, overlong, pending: s.pendingBytes };
}

describe("LineSplitter", () => {
  it.each([
    { name: "LF", chunks: ["a\nb\n"], lines: ["a", "b"] },
    { name: "CRLF", chunks: ["a\r\nb\r\n"], lines: ["a", "b"] },
    { name: "a line in pieces", chunks: ["$T,1", ",2*", "AB\r", "\n"], lines: ["$T,1,2*AB"] },
    { name: "empty lines", chunks: ["\n\r\n"], lines: ["", ""] },
    { name: "a lone CR inside a line is kept", chunks: ["a\rb\n"], lines: ["a\rb"] },
    {
      name: "exactly the limit, with CRLF",
      chunks: [`${"x".repeat(16)}\r\n`],
      lines: ["x".repeat(16)],
    },
    {
      name: "binary bytes pass through as latin1",
      chunks: [[0x00, 0xff, 0x24, 0x0a]],
      lines: ["\x00\xff$"],
    },
  ])("splits $name", ({ chunks, lines }) => {
    expect(split(chunks).lines).toEqual(lines);
  });

  it("drops a line over the limit, reports it once with its length, and reads the next line", () => {
    const r = split(["y".repeat(10), "y".repeat(30), "\nok\n"]);
    expect(r.lines).toEqual(["ok"]);
    expect(r.overlong).toEqual([40]);
  });

  it("holds at most the limit while a line never ends (bounded memory)", () => {
    const s = new LineSplitter({ line: () => {} }, 64);
    for (let i = 0; i < 1000; i++) s.push(new Uint8Array(1024).fill(0x41));
    expect(s.pendingBytes).toBe(0);
    s.push(Buffer.from("tail"));
    expect(s.pendingBytes).toBe(0); // still discarding until the next newline
  });

  it("keeps an unfinished line until its end arrives, and reset() drops it", () => {
    const lines: string[] = [];
    const s = new LineSplitter({ line: (l) => lines.push(l) });
    s.push(Buffer.from("$HEL"));
    expect(s.pendingBytes).toBe(4);
    s.reset();
    s.push(Buffer.from("LO\n"));
    expect(lines).toEqual(["LO"]);
  });
});

/**
 * The rule, byte by byte, as the splitter was first written: a byte is kept while fewer
 * than max are held, or as the (max+1)th when it is a '\r'; past that the line is counted
 * and dropped at its '\n'. The splitter now scans chunks with indexOf and hands lines out
 * where they lie; this holds it to the same lines and the same over-long counts.
 */
function byteByByte(chunks: Uint8Array[], max: number) {
  const out: (string | number)[] = [];
  let held: number[] = [];
  let discarding = -1;
  for (const chunk of chunks) {
    for (const b of chunk) {
      if (b === 0x0a) {
        if (discarding >= 0) out.push(discarding);
        else {
          if (held.length > 0 && held[held.length - 1] === 0x0d) held.pop();
          out.push(Buffer.from(held).toString("latin1"));
        }
        held = [];
        discarding = -1;
      } else if (discarding >= 0) discarding++;
      else if (held.length >= max + 1 || (held.length === max && b !== 0x0d)) {
        discarding = held.length + 1;
        held = [];
      } else held.push(b);
    }
  }
  return { out, pending: held.length };
}

describe("LineSplitter against the byte-by-byte rule", () => {
  const streams = fc.array(
    fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.constantFrom(...["\n", "\r\n", "\r", "$T,1*ABCD\r\n"].map((s) => Buffer.from(s))),
      fc.nat({ max: 30 }).map((n) => Buffer.from(`${"x".repeat(n)}\r\n`)),
    ),
    { maxLength: 40 },
  );
  it("gives the same lines, over-long counts and pending bytes, however the stream is cut", () => {
    fc.assert(
      fc.property(
        streams,
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.integer({ min: 0, max: 24 }),
        (parts, cuts, max) => {
          const whole = Buffer.concat(parts);
          const at = [...new Set(cuts.map((c) => (whole.length ? c % whole.length : 0)))].sort(
            (a, b) => a - b,
          );
          const chunks = [0, ...at, whole.length]
            .slice(1)
            .map((end, i, ends) => whole.subarray(i ? ends[i - 1] : 0, end));
          const text: (string | number)[] = [];
          const viaBytes: (string | number)[] = [];
          const s1 = new LineSplitter(
            { line: (l) => text.push(l), overlong: (n) => text.push(n) },
            max,
          );
          const s2 = new LineSplitter(
            {
              bytes: (b, start, end) =>
                viaBytes.push(Buffer.from(b.subarray(start, end)).toString("latin1")),
              overlong: (n) => viaBytes.push(n),
            },
            max,
          );
          for (const c of chunks) {
            s1.push(c);
            s2.push(c);
          }
          const expected = byteByByte(chunks, max);
          expect(text).toEqual(expected.out);
          expect(viaBytes).toEqual(expected.out);
          expect(s1.pendingBytes).toBe(expected.pending);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
