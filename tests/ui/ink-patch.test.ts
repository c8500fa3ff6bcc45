/**
 * patches/ink+6.8.0.patch (applied by `npm install` through patch-package): ink's output
 * caches outlive one render, so an unchanged line is not tokenized again. The dashboard's
 * CPU figure depends on it (bench/dashboard-render.tsx); this fails if the patch is lost,
 * e.g. after an ink upgrade or an install that skipped lifecycle scripts.
 */
import { describe, expect, it } from "vitest";
// ink's package exports hide its internals; the file is reached by path on purpose.
import Output from "../../node_modules/ink/build/output.js";

interface Caches {
  previous?: Caches;
  getStyledChars(line: string): unknown[];
  getStringWidth(text: string): number;
}
const frame = (lines: string[]) => {
  const o = new Output({ width: 20, height: lines.length }) as unknown as {
    caches: Caches;
    write(x: number, y: number, text: string, opts: { transformers: never[] }): void;
    get(): { output: string };
  };
  lines.forEach((l, y) => {
    o.write(0, y, l, { transformers: [] });
  });
  return { out: o, text: o.get().output };
};

describe("ink output caches across renders (patch)", () => {
  it("an unchanged line is reused from the render before, not tokenized again", () => {
    const line = "\u001B[93m▁▂▃▄▅\u001B[39m 23.4 °C";
    const a = frame([line, "first"]);
    const b = frame([line, "second"]);
    expect(b.out.caches.getStyledChars(line)).toBe(a.out.caches.getStyledChars(line));
    expect(b.text.split("\n")[0]).toBe(a.text.split("\n")[0]);
    expect(b.text).toContain("second");
  });

  it("keeps only the render before: memory is bounded by two frames", () => {
    const a = frame(["one"]);
    const b = frame(["two"]);
    expect(b.out.caches.previous).toBe(a.out.caches);
    const c = frame(["three"]);
    expect(c.out.caches.previous).toBe(b.out.caches);
    expect(b.out.caches.previous).toBeUndefined();
  });

  it("a line not drawn in the last render is tokenized afresh", () => {
    const a = frame(["gone"]);
    frame(["other"]);
    const c = frame(["gone"]);
    expect(c.out.caches.getStyledChars("gone")).not.toBe(a.out.caches.getStyledChars("gone"));
    expect(c.text).toBe("gone");
  });

  it("a row is drawn afresh when any cell of it changed, glyph or style", () => {
    frame(["abc", "same"]);
    expect(frame(["abd", "same"]).text).toBe("abd\nsame");
    frame(["\u001B[31mred\u001B[39m"]);
    const plain = frame(["red"]).text;
    expect(plain).toBe("red");
    expect(frame(["\u001B[32mred\u001B[39m"]).text).toBe("\u001B[32mred\u001B[39m");
  });

  it("an unchanged screen gives the same text as a fresh render of it", () => {
    const lines = ["\u001B[1m─ BENCH\u001B[22m ──", "bus 5.12 V", "", "▁▂▃ °C"];
    const first = frame(lines).text;
    const again = frame(lines).text;
    expect(again).toBe(first);
    frame(["other"]);
    frame(["another"]);
    expect(frame(lines).text).toBe(first);
  });
});
