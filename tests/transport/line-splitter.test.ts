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
