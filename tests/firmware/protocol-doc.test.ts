/**
 * Every framed example in docs/protocol.md is a line the codec accepts as written
 * (a doc with a wrong checksum teaches people to write wrong lines). The one example
 * that is damaged on purpose, and the one out of range on purpose, say so next to them.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CommandType,
  decodeBoardLine,
  decodeCommandLine,
  frame,
} from "../../src/protocol/index.js";

const doc = readFileSync(new URL("../../docs/protocol.md", import.meta.url), "utf8");
const commandTypes = new Set<string>(Object.values(CommandType));
const examples = [...doc.matchAll(/\$([A-Z]+[^\s*`]*)\*([0-9A-F]{4})(.*)$/gm)]
  .filter((m) => m[1] !== "BODY") // the format itself, `$BODY*CCCC`
  .map((m) => ({
    line: `$${m[1]}*${m[2]}`,
    body: m[1] ?? "",
    note: m[3] ?? "",
  }));

describe("docs/protocol.md examples", () => {
  it("has the worked example and a dozen others", () => {
    expect(examples.map((e) => e.line)).toContain(frame("LAMP,7,255"));
    expect(examples.length).toBeGreaterThan(10);
  });

  it.each(examples.map((e) => [e.line, e] as const))("%s", (_line, e) => {
    const type = e.body.split(",")[0] ?? "";
    const decoded = commandTypes.has(type) ? decodeCommandLine(e.line) : decodeBoardLine(e.line);
    if (e.note.includes("damaged")) {
      expect(decoded).toMatchObject({ ok: false, reason: "bad-checksum" });
      return;
    }
    expect(e.line).toBe(frame(e.body));
    if (e.note.includes("out of range"))
      expect(decoded).toMatchObject({ ok: false, reason: "out-of-range" });
    else expect(decoded).toMatchObject({ ok: true });
  });
});
