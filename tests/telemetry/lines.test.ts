/**
 * AsyncLineSource reads the next chunk while the caller handles this one: lines must come
 * out whole and in order whatever the chunk size (lines longer than a chunk, a cut-off
 * last line), the same as splitLinesSync, and closing with a read in flight must not fail.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AsyncLineSource, splitLinesSync } from "../../src/telemetry/lines.js";

const dir = mkdtempSync(join(tmpdir(), "orbitrig-lines-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Line = [string, number, number, boolean];

async function readAsync(path: string, chunkBytes: number, fromOffset = 0): Promise<Line[]> {
  const out: Line[] = [];
  const src = new AsyncLineSource(
    path,
    (b, s, e, n, o, t) => out.push([b.toString("latin1", s, e), n, o, t]),
    { chunkBytes, fromOffset },
  );
  while (await src.next()) {}
  return out;
}

function readSync(path: string, fromOffset = 0): Line[] {
  const out: Line[] = [];
  splitLinesSync(path, (b, s, e, n, o, t) => out.push([b.toString("latin1", s, e), n, o, t]), {
    fromOffset,
  });
  return out;
}

describe("AsyncLineSource", () => {
  const text = ["a", "", "bcdefghijklmnopqrstuvwxyz".repeat(3), "12", "x".repeat(40), "tail"].join(
    "\n",
  );
  const path = join(dir, "f.txt");
  writeFileSync(path, text, "latin1");

  it("hands out what splitLinesSync does, for any chunk size, from any line start", async () => {
    const want = readSync(path);
    expect(want.at(-1)).toEqual(["tail", 6, text.lastIndexOf("tail"), false]);
    for (const chunk of [1, 2, 3, 7, 16, 64, 1024]) {
      expect(await readAsync(path, chunk), `chunk ${chunk}`).toEqual(want);
    }
    const from = text.indexOf("12");
    expect(await readAsync(path, 5, from)).toEqual(readSync(path, from));
  });

  it("closes with a read in flight, and next() then says the file is done", async () => {
    const src = new AsyncLineSource(path, () => {}, { chunkBytes: 4 });
    expect(await src.next()).toBe(true);
    await src.close();
    expect(await src.next()).toBe(false);
  });
});
