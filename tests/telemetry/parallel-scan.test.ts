/**
 * The parallel scan (worker threads parsing byte ranges, this thread handing records to the
 * visitor in order) says exactly what the one-thread scan says: the same rows with the same
 * slots, line numbers and offsets, the same events and footer, the same damage counts, for
 * every way of cutting the file into blocks, and it stops where the visitor stops it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { exportCsv } from "../../src/telemetry/csv.js";
import { F } from "../../src/telemetry/format.js";
import { scanRecordingParallel } from "../../src/telemetry/parallel-scan.js";
import {
  type OpenedRecording,
  openRecording,
  type ScanVisitor,
  scanRecordingSync,
} from "../../src/telemetry/reader.js";
import type { RowSlots } from "../../src/telemetry/row-slots.js";
import { summarizeRecording } from "../../src/telemetry/summary.js";
import { RecordingWriter } from "../../src/telemetry/writer.js";
import { syntheticFrame, syntheticHeader, syntheticNode } from "./synthetic.js";

const dir = mkdtempSync(join(tmpdir(), "orbitrig-pscan-"));

/** A recording with node states, events, damage, blank lines and, optionally, a cut-off end. */
function recording(name: string, frames: number, cutOff: boolean): string {
  const path = join(dir, name);
  const w = new RecordingWriter({ clock: new ManualClock(), flushMs: 0 });
  w.open(path, syntheticHeader());
  for (let i = 0; i < frames; i++) {
    const f = syntheticFrame(i);
    w.frame(f, i % 7 === 3 ? undefined : syntheticNode(i, f, { orbitBenchS: 5 }));
    if (i % 50 === 10) w.note(`note ${i}`, f.hostMs);
  }
  w.close({ endReason: "quit" });
  const lines = readFileSync(path, "utf8").split("\n");
  lines.splice(40, 0, "garbage that is not json");
  lines.splice(90, 0, "");
  lines.splice(120, 0, '["f",1,2]');
  lines.splice(150, 0, '{"type":"mystery"}');
  const row = JSON.parse(lines[60]!) as unknown[];
  row[F.hostMs] = null;
  lines[60] = JSON.stringify(row);
  let text = lines.join("\n");
  if (cutOff) text = text.replace(/\n$/, "").concat('\n["f",12,34,5');
  writeFileSync(path, text);
  return path;
}

/**
 * A summary with every sum (times, energies, means) rounded to 12 significant digits: what
 * may differ with the order of additions. Counts, extremes and last values stay exact.
 */
function sameButSums(s: ReturnType<typeof summarizeRecording>): unknown {
  const SUMS = new Set([
    "benchS",
    "orbitS",
    "eclipseMin",
    "benchEnergyMwh",
    "energyInWh",
    "energyOutWh",
    "meanComputePct",
    "mean",
  ]);
  const round = (v: unknown, key: string): unknown => {
    if (typeof v === "number" && SUMS.has(key)) return Number(v.toPrecision(12));
    if (Array.isArray(v)) return v.map((x) => round(x, key));
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, round(x, SUMS.has(key) ? key : k)]),
      );
    }
    return v;
  };
  return round({ ...s, stats: s.stats, series: s.series }, "");
}

interface Seen {
  calls: unknown[];
  counts: unknown;
}

function record(
  rec: OpenedRecording,
  scan: (v: ScanVisitor) => unknown,
  only: number[] | null,
  stopAt = -1,
): Seen {
  const calls: unknown[] = [];
  const elements = only ?? Array.from({ length: rec.layout.withNodeLength }, (_, i) => i);
  let rows = 0;
  const counts = scan({
    row: (p: RowSlots, _L, line, offset) => {
      const cells = elements
        .filter((e) => e < p.length)
        .map((e) => (p.strings[e] !== null ? p.strings[e] : p.values[e]));
      const ch = Array.from(p.channels.subarray(0, p.channelCount * 7));
      const roles = p.channelRoles.slice(0, p.channelCount);
      calls.push(["row", line, offset, p.length, p.channelsAt, cells, ch, roles]);
      return ++rows !== stopAt;
    },
    event: (e, line) => calls.push(["event", line, e]),
    footer: (f, line) => calls.push(["footer", line, f]),
  });
  return { calls, counts };
}

describe("parallel scan", () => {
  const whole = recording("whole.ndjson", 400, false);
  const cut = recording("cut.ndjson", 300, true);
  const reportOnly = (rec: OpenedRecording) => [
    ...Object.values(rec.layout.frame),
    rec.layout.node.socFraction!,
    rec.layout.node.region!,
  ];

  it("gives what the one-thread scan gives for every block size (in this thread)", () => {
    for (const path of [whole, cut]) {
      const rec = openRecording(path);
      for (const only of [null, reportOnly(rec)]) {
        const o = only ?? undefined;
        const want = record(rec, (v) => scanRecordingSync(rec, v, { only: o, threads: 0 }), only);
        expect(want.counts).toMatchObject({ corrupt: 4 });
        fc.assert(
          fc.property(fc.integer({ min: 40, max: 20_000 }), (blockBytes) => {
            const got = record(
              rec,
              (v) =>
                scanRecordingParallel(rec.path, rec.header.columns, rec.layout, v, {
                  threads: 1,
                  inline: true,
                  fromOffset: rec.bodyOffset,
                  lineBefore: 1,
                  only: o,
                  blockBytes,
                }),
              only,
            );
            expect(got).toEqual(want);
          }),
          { numRuns: 15 },
        );
      }
    }
  });

  it("takes blocks of one byte (every line cut at its start by a block edge)", () => {
    const path = recording("small.ndjson", 160, true);
    const rec = openRecording(path);
    const want = record(rec, (v) => scanRecordingSync(rec, v, { threads: 0 }), null);
    const got = record(
      rec,
      (v) =>
        scanRecordingParallel(rec.path, rec.header.columns, rec.layout, v, {
          threads: 1,
          inline: true,
          fromOffset: rec.bodyOffset,
          lineBefore: 1,
          blockBytes: 1,
        }),
      null,
    );
    expect(got).toEqual(want);
  });

  it("stops where the visitor stops it, with the same counts", () => {
    const rec = openRecording(whole);
    for (const stopAt of [1, 37, 250]) {
      const want = record(rec, (v) => scanRecordingSync(rec, v, { threads: 0 }), null, stopAt);
      const got = record(
        rec,
        (v) => scanRecordingSync(rec, v, { threads: 2, blockBytes: 3000 }),
        null,
        stopAt,
      );
      expect(got).toEqual(want);
    }
  });

  it("in worker threads: the same records, statistics and CSV", () => {
    for (const path of [whole, cut]) {
      const rec = openRecording(path);
      const want = record(rec, (v) => scanRecordingSync(rec, v, { threads: 0 }), null);
      for (const threads of [2, 3]) {
        const got = record(
          rec,
          (v) => scanRecordingSync(rec, v, { threads, blockBytes: 4096 }),
          null,
        );
        expect(got).toEqual(want);
      }
      const one = summarizeRecording(rec, { threads: 0 });
      const many = summarizeRecording(rec, { threads: 2 });
      expect(many).toEqual(one);
      expect(one.counts.frames).toBeGreaterThan(250);
    }
  });

  it("summaries (statistics and chart series) reduced in blocks: the same for every thread count", () => {
    for (const path of [whole, cut]) {
      const rec = openRecording(path);
      for (const options of [
        {},
        { seriesBuckets: 40 },
        { seriesBuckets: 40, window: { fromS: 3, toS: 17.5 } },
      ]) {
        const one = summarizeRecording(rec, { ...options, threads: 0, blockBytes: 3000 });
        for (const threads of [2, 3]) {
          const many = summarizeRecording(rec, { ...options, threads, blockBytes: 3000 });
          expect(many).toEqual(one);
        }
        // Against one pass over every sample (one block): the same but for the order of
        // floating-point additions in the sums.
        const pass = summarizeRecording(rec, { ...options, threads: 0, blockBytes: 1 << 30 });
        expect(one.stats.orbits.length).toBeGreaterThan(3);
        expect(sameButSums(one)).toEqual(sameButSums(pass));
        if (options.seriesBuckets) expect(one.series!.length).toBeGreaterThan(10);
      }
    }
  });

  it("writes the same CSV bytes when the workers write the rows", () => {
    for (const path of [whole, cut]) {
      const rec = openRecording(path);
      for (const options of [
        {},
        { columns: ["time_s", "bench_power_mW", "orbit_region", "sat_soc_pct"] },
        { window: { fromS: 3, toS: 17.5 } },
      ]) {
        const one = join(dir, "one.csv");
        const many = join(dir, "many.csv");
        const a = exportCsv(rec, one, { ...options, scan: { threads: 0 } });
        const b = exportCsv(rec, many, { ...options, scan: { threads: 2, blockBytes: 2500 } });
        expect(readFileSync(many, "utf8")).toBe(readFileSync(one, "utf8"));
        expect(b).toEqual({ ...a, dictionaryPath: b.dictionaryPath });
        expect(a.rows).toBeGreaterThan(20);
      }
    }
  });

  it("progress reaches the file's size", () => {
    const rec = openRecording(whole);
    const seen: number[] = [];
    scanRecordingSync(rec, {}, { threads: 2, blockBytes: 5000, onProgress: (d) => seen.push(d) });
    expect(seen.length).toBeGreaterThan(5);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(seen.at(-1)).toBe(readFileSync(whole).length);
  });
});

describe("where the chart series start", () => {
  /** 60 frames 100 ms apart with node states; `edit` changes the first frame row. */
  function edited(name: string, edit: (row: unknown[], L: Record<string, number>) => string) {
    const path = join(dir, name);
    const w = new RecordingWriter({ clock: new ManualClock(), flushMs: 0 });
    w.open(path, syntheticHeader());
    for (let i = 0; i < 60; i++) {
      const f = syntheticFrame(i);
      w.frame(f, syntheticNode(i, f));
    }
    w.close({ endReason: "quit" });
    const lines = readFileSync(path, "utf8").split("\n");
    const header = JSON.parse(lines[0]!) as { columns: { node: Array<{ name: string }> } };
    const at: Record<string, number> = {};
    header.columns.node.forEach((c, i) => {
      at[c.name] = 14 + i;
    });
    const k = lines.findIndex((l) => l.startsWith('["f"'));
    lines[k] = edit(JSON.parse(lines[k]!) as unknown[], at);
    writeFileSync(path, lines.join("\n"));
    return openRecording(path);
  }

  it("a first row the summary refuses does not move the charts' start", () => {
    const rec = edited("corrupt-first.ndjson", (row, at) => {
      row[F.hostMs] = 5000;
      row[at.computeLevel!] = 0.123456;
      return JSON.stringify(row).replace("0.123456", "1.2.3");
    });
    for (const threads of [0, 2]) {
      const s = summarizeRecording(rec, { seriesBuckets: 40, threads, blockBytes: 2000 });
      expect(s.counts.corrupt).toBe(1);
      expect(s.series![0]!.t0Ms).toBe(s.firstHostMs);
      expect(s.series!.length).toBeGreaterThanOrEqual(25);
    }
  });

  it("a first frame past the window's end does not empty the charts", () => {
    const rec = edited("late-first.ndjson", (row) => {
      row[F.hostMs] = 9000;
      return JSON.stringify(row);
    });
    for (const threads of [0, 2]) {
      const s = summarizeRecording(rec, {
        seriesBuckets: 40,
        window: { fromS: 0, toS: 4 },
        threads,
        blockBytes: 2000,
      });
      expect(s.frames).toBeGreaterThan(30);
      expect(s.series![0]!.t0Ms).toBe(s.firstHostMs);
      expect(s.series!.length).toBeGreaterThanOrEqual(25);
    }
  });

  it("with a window's start, at the window's start", () => {
    const rec = edited("plain.ndjson", (row) => JSON.stringify(row));
    const s = summarizeRecording(rec, { seriesBuckets: 40, window: { fromS: 1.05, toS: 4 } });
    expect(s.series![0]!.t0Ms).toBe(1050);
    expect(s.firstHostMs).toBeGreaterThanOrEqual(1050);
  });
});
