/**
 * A node value a column cannot hold (1e999, which reads as Infinity; 1.5 as an orbitNumber;
 * null where the node always writes a number), and a frame row without its node state in
 * the middle of a run. None of these is part of a row's shape (replay steps over node
 * values), so every reader keeps the row as a frame:
 *
 * - the report's statistics do not use that row's node state: the orbits are those of the
 *   clean recording (before: an "Infinity" or "2.5" orbit, or orbit 2 split in three);
 * - ±Infinity is no value: CSV writes an empty field and Parquet a null (before: "Infinity"
 *   in the CSV, and the Parquet export refused the file, exit 74). 1.5 in the orbit number
 *   is rounded to the column's resolution (1), as every exported number is.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { exportCsv } from "../../src/telemetry/csv.js";
import { exportParquet } from "../../src/telemetry/parquet.js";
import { openRecording } from "../../src/telemetry/reader.js";
import { ReplaySource } from "../../src/telemetry/replay-source.js";
import type { OrbitSummary } from "../../src/telemetry/stats.js";
import { summarizeRecording } from "../../src/telemetry/summary.js";
import { RecordingWriter } from "../../src/telemetry/writer.js";
import { syntheticFrame, syntheticHeader, syntheticNode } from "./synthetic.js";

const N = 200;
const dir = mkdtempSync(join(tmpdir(), "orbitrig-node-values-"));

/** Mid-orbit rows (orbits are 50 frames long here): [line, node column, text in its place]. */
const EDITS: Array<[number, string, string]> = [
  [30, "orbitNumber", "1e999"],
  [75, "orbitNumber", "1.5"],
  [80, "orbitNumber", "null"],
  [120, "socFraction", "-1e999"],
  [125, "tS", "1e400"],
  [170, "orbitNumber", "no node"],
];

/** N frames of 4 orbits; frame i is on line i + 2. */
function writeRecording(name: string, edits: typeof EDITS): string {
  const path = join(dir, name);
  const w = new RecordingWriter({ clock: new ManualClock(), flushMs: 0 });
  w.open(path, syntheticHeader());
  for (let i = 0; i < N; i++) {
    const f = syntheticFrame(i);
    w.frame(f, syntheticNode(i, f, { orbitBenchS: 5 }));
  }
  w.close({ endReason: "quit" });
  const lines = readFileSync(path, "utf8").split("\n");
  const header = JSON.parse(lines[0]!) as {
    columns: { frame: string[]; node: { name: string }[] };
  };
  const frameLength = header.columns.frame.length + 1;
  const nodeAt = (name: string) =>
    frameLength + header.columns.node.findIndex((c) => c.name === name);
  for (const [line, column, text] of edits) {
    const row = JSON.parse(lines[line - 1]!) as unknown[];
    lines[line - 1] =
      text === "no node"
        ? JSON.stringify(row.slice(0, frameLength))
        : `[${row.map((x, j) => (j === nodeAt(column) ? text : JSON.stringify(x))).join(",")}]`;
  }
  writeFileSync(path, lines.join("\n"));
  return path;
}

const clean = writeRecording("clean.ndjson", []);
const damaged = writeRecording("damaged.ndjson", EDITS);

/** What identifies an orbit and does not depend on one row's node state. */
const shape = (o: OrbitSummary) => ({ orbit: o.orbit, complete: o.complete });

describe("node values a column cannot hold, and a frame without its node state", () => {
  it("keep every row a frame for every reader", async () => {
    const rec = openRecording(damaged);
    const s = summarizeRecording(rec);
    expect(s.counts.corrupt).toBe(0);
    expect(s.frames).toBe(N);
    const src = new ReplaySource(damaged);
    let frames = 0;
    for (let items = await src.next(); items; items = await src.next())
      for (const it of items) if (it.frame) frames++;
    expect(frames).toBe(N);
    expect(src.counts().corrupt).toBe(0);
  });

  it("the report keeps the clean recording's orbits, for every thread count", () => {
    const want = summarizeRecording(openRecording(clean), { threads: 0 });
    expect(want.stats.orbits.map((o) => o.orbit)).toEqual([1, 2, 3, 4]);
    for (const threads of [0, 2]) {
      for (const blockBytes of [1 << 20, 2000]) {
        const got = summarizeRecording(openRecording(damaged), {
          threads,
          blockBytes,
        });
        expect(got.stats.orbits.map(shape)).toEqual(want.stats.orbits.map(shape));
        // Each orbit's satellite quantities are integrated over the rows around the unused
        // node states (from the node state before to the one after): orbit time is whole.
        got.stats.orbits.forEach((o, k) => {
          expect(o.orbitS).toBeCloseTo(want.stats.orbits[k]!.orbitS, 9);
          expect(o.frames).toBe(want.stats.orbits[k]!.frames);
          expect(Number.isFinite(o.minSocPct)).toBe(true);
        });
        expect(got.stats.totals.minSocPct).toBe(want.stats.totals.minSocPct);
      }
    }
  });

  it("CSV writes an empty field where the value cannot be held", () => {
    const out = join(dir, "damaged.csv");
    exportCsv(openRecording(damaged), out, {
      columns: ["orbit_time_s", "orbit_number", "sat_soc_pct"],
    });
    const rows = readFileSync(out, "utf8").trimEnd().split("\r\n");
    expect(rows[0]).toBe("orbit_time_s,orbit_number,sat_soc_pct");
    expect(rows).toHaveLength(N + 1);
    // CSV row k + 1 is frame k, on file line k + 2.
    const at = (line: number) => rows[line - 1]!.split(",");
    expect(at(30)[1]).toBe("");
    expect(at(75)[1]).toBe("3"); // orbitNumber 1.5 + 1, at the column's resolution
    expect(at(80)[1]).toBe("");
    expect(at(120)[2]).toBe("");
    expect(at(125)[0]).toBe("");
    expect(at(170)).toEqual(["", "", ""]);
    expect(at(31)[1]).not.toBe("");
    expect(readFileSync(out, "utf8")).not.toMatch(/Infinity/);
  });

  it("Parquet writes a null where the value cannot be held", async () => {
    const out = join(dir, "damaged.parquet");
    const r = exportParquet(openRecording(damaged), out, {
      columns: ["orbit_number", "sat_soc_pct"],
    });
    expect(r.rows).toBe(N);
    const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(out) })) as Array<
      Record<string, unknown>
    >;
    expect(rows[30 - 2]!.orbit_number).toBeNull();
    expect(rows[80 - 2]!.orbit_number).toBeNull();
    expect(rows[120 - 2]!.sat_soc_pct).toBeNull();
    expect(rows[31 - 2]!.orbit_number).not.toBeNull();
  });
});
