/**
 * A frame row of the wrong shape (a null where a number must be, a string for a number, a
 * channel with a field missing, a node tail of the wrong length) is corrupt for every reader:
 * the record iterator, the sync scan, the report's statistics, CSV export and replay all
 * skip the same lines, count them the same way and keep the same frames. Before, a null
 * hostMs crashed CSV export (an empty file) while replay and the report took it silently.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { exportCsv } from "../../src/telemetry/csv.js";
import { F } from "../../src/telemetry/format.js";
import { openRecording, RecordingReader, scanRecordingSync } from "../../src/telemetry/reader.js";
import { ReplaySource } from "../../src/telemetry/replay-source.js";
import { summarizeRecording } from "../../src/telemetry/summary.js";
import { RecordingWriter } from "../../src/telemetry/writer.js";
import { syntheticFrame, syntheticHeader, syntheticNode } from "./synthetic.js";

const N = 40;
/** File line -> how the row on it is damaged. Line 1 is the header; frame i is on line i + 2. */
const DAMAGE: Record<number, [string, (row: unknown[]) => unknown[] | string]> = {
  5: ["hostMs null", (r) => set(r, F.hostMs, null)],
  8: ["busV a string", (r) => set(r, F.busV, "4.8")],
  11: ["seq null", (r) => set(r, F.seq, null)],
  14: ["a channel with a field missing", (r) => set(r, F.channels, [[64, "array", 1, 4.8, 9.5]])],
  17: ["channels a number", (r) => set(r, F.channels, 5)],
  20: ["a node column too many", (r) => [...r, 1]],
  23: ["a node column too few", (r) => r.slice(0, -1)],
  26: ["panelTempC a string", (r) => set(r, F.panelTempC, "hot")],
  29: [
    "hostMs a string, written by another tool with spaces",
    (r) => JSON.stringify(set(r, F.hostMs, "12")).replace(/,/g, ", "),
  ],
  // JSON numbers past the double range read as Infinity: not a measurement.
  35: ["busV 1e999 (Infinity when read)", (r) => withText(r, F.busV, "1e999")],
  38: ["hostMs -1e400", (r) => withText(r, F.hostMs, "-1e400")],
  // A time no date can show (past year 275760): CSV and Parquet write each row's date.
  40: ["hostMs 1e20", (r) => withText(r, F.hostMs, "1e20")],
  // Before the session started: no reader's window (from 0) holds it, so it was dropped
  // uncounted by the report and export, and played by replay.
  39: ["hostMs -5000", (r) => set(r, F.hostMs, -5000)],
  41: ["a channel's busV 1e999", (r) => channelText(r, "1e999")],
  // Bytes no JSON has outside a string, in the last node column: readers that only count
  // that column (the report, replay) must judge the row as those that decode it do.
  2: ["a NUL and a non-ASCII byte in a number", (r) => withText(r, r.length - 1, "0\u0000\u00ff5")],
  3: ["a control byte between elements", (r) => withText(r, r.length - 2, "\u00011")],
};
/** Not damage: a panel sensor that reads nothing is null in a valid row. */
const VALID_NULL_LINE = 32;

/** The row as JSON text with element i written as `text` (JSON.stringify cannot write 1e999). */
function withText(row: unknown[], i: number, text: string): string {
  return `[${row.map((x, j) => (j === i ? text : JSON.stringify(x))).join(",")}]`;
}

/** The row as JSON text with the first channel's busV written as `text`. */
function channelText(row: unknown[], text: string): string {
  const [first, ...rest] = row[F.channels] as unknown[][];
  const ch = `[${first!.map((x, k) => (k === 3 ? text : JSON.stringify(x))).join(",")}]`;
  const channels = `[${[ch, ...rest.map((c) => JSON.stringify(c))].join(",")}]`;
  return `[${row.map((x, j) => (j === F.channels ? channels : JSON.stringify(x))).join(",")}]`;
}

function set(row: unknown[], i: number, v: unknown): unknown[] {
  const out = [...row];
  out[i] = v;
  return out;
}

function damagedRecording(): { path: string; goodSeqs: number[] } {
  const path = join(mkdtempSync(join(tmpdir(), "orbitrig-shape-")), "damaged.ndjson");
  const w = new RecordingWriter({ clock: new ManualClock(), flushMs: 0 });
  w.open(path, syntheticHeader());
  for (let i = 0; i < N; i++) {
    const f = syntheticFrame(i);
    w.frame(f, syntheticNode(i, f));
  }
  w.close({ endReason: "quit" });
  const lines = readFileSync(path, "utf8").split("\n");
  for (const [line, [, damage]] of Object.entries(DAMAGE)) {
    const out = damage(JSON.parse(lines[Number(line) - 1]!) as unknown[]);
    lines[Number(line) - 1] = typeof out === "string" ? out : JSON.stringify(out);
  }
  lines[VALID_NULL_LINE - 1] = JSON.stringify(
    set(JSON.parse(lines[VALID_NULL_LINE - 1]!) as unknown[], F.panelTempC, null),
  );
  writeFileSync(path, lines.join("\n"));
  const bad = new Set(Object.keys(DAMAGE).map((l) => Number(l) - 2));
  return { path, goodSeqs: Array.from({ length: N }, (_, i) => i).filter((i) => !bad.has(i)) };
}

const CORRUPT_LINES = Object.keys(DAMAGE).map(Number);

describe("a frame row of the wrong shape", () => {
  const { path, goodSeqs } = damagedRecording();

  it("the record iterator skips and counts it", async () => {
    const reader = new RecordingReader(path);
    const seqs: number[] = [];
    for await (const r of reader) if (r.type === "frame") seqs.push(r.frame.seq);
    expect(reader.counts.corruptLines).toEqual(CORRUPT_LINES);
    expect(reader.counts.frames).toBe(goodSeqs.length);
    expect(seqs).toEqual(goodSeqs);
  });

  it("the sync scan skips and counts it", () => {
    const seqs: number[] = [];
    const counts = scanRecordingSync(openRecording(path), {
      row: (p) => void seqs.push(p.values[1]!),
    });
    expect(counts.corruptLines).toEqual(CORRUPT_LINES);
    expect(seqs).toEqual(goodSeqs);
  });

  it("the report's statistics skip and count it", () => {
    const s = summarizeRecording(openRecording(path));
    expect(s.counts.corruptLines).toEqual(CORRUPT_LINES);
    expect(s.frames).toBe(goodSeqs.length);
  });

  it("CSV export skips and counts it, and writes every other row", () => {
    const out = join(mkdtempSync(join(tmpdir(), "orbitrig-shape-csv-")), "out.csv");
    const r = exportCsv(openRecording(path), out);
    expect(r.counts.corruptLines).toEqual(CORRUPT_LINES);
    expect(r.rows).toBe(goodSeqs.length);
    const seqs = readFileSync(out, "utf8")
      .trimEnd()
      .split("\r\n")
      .slice(1)
      .map((l) => Number(l.split(",")[2]));
    expect(seqs).toEqual(goodSeqs);
  });

  it("replay skips and counts it", async () => {
    const src = new ReplaySource(path);
    const seqs: number[] = [];
    for (let items = await src.next(); items; items = await src.next())
      for (const it of items) if (it.frame) seqs.push(it.frame.seq);
    expect(src.counts().corruptLines).toEqual(CORRUPT_LINES);
    expect(seqs).toEqual(goodSeqs);
  });
});
