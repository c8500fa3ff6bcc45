/** What `orbitrig export` does (its options: ../commands/export.ts). */
import { resolve } from "node:path";
import { countOf } from "../../core/text.js";
import { progressBar } from "../../report/progress.js";
import { exportCsv } from "../../telemetry/csv.js";
import { dictionaryPathFor } from "../../telemetry/export-columns.js";
import { writeFailure } from "../../telemetry/output-file.js";
import { exportParquet } from "../../telemetry/parquet.js";
import { describeDamage, openRecording } from "../../telemetry/reader.js";
import { summarizeRecording } from "../../telemetry/summary.js";
import { jsonOutput } from "../json-output.js";
import { isBrokenOutput } from "../lifecycle.js";
import { type OutputTarget, timeWindow, usageError } from "../options.js";

export interface ExportOptions {
  csv?: OutputTarget;
  parquet?: string;
  json?: boolean;
  from?: number;
  to?: number;
  columns?: string;
}

export function exportRecording(file: string, opts: ExportOptions): void {
  if (!opts.csv && !opts.parquet && !opts.json) {
    throw usageError("export: say what to write: --csv OUT, --parquet OUT and/or --json");
  }
  const csv = opts.csv;
  if (csv?.kind === "stdout" && opts.json) {
    throw usageError("--csv - and --json both write to stdout; give --csv a file");
  }
  if (csv?.kind === "file" && opts.parquet) {
    // Each also writes its column dictionary beside it (run.csv -> run.columns.json).
    const [c, q] = [resolve(csv.path), resolve(opts.parquet)];
    const clash =
      c === q
        ? opts.parquet
        : c === resolve(dictionaryPathFor(q))
          ? csv.path
          : q === resolve(dictionaryPathFor(c))
            ? opts.parquet
            : null;
    if (clash)
      throw usageError(
        `--csv and --parquet name the same file (${clash}, with their column dictionaries); give two paths`,
      );
  }
  const window = timeWindow(opts.from, opts.to);
  const rec = openRecording(file);
  const columns = opts.columns
    ?.split(",")
    .map((c) => c.trim())
    .filter(Boolean);
  if (csv) {
    const bar = progressBar("export");
    let res: ReturnType<typeof exportCsv>;
    try {
      res = exportCsv(rec, csv.kind === "stdout" ? { fd: 1 } : csv.path, {
        window,
        columns,
        onProgress: (d, t) => bar.update(d, t),
      });
    } catch (e) {
      if (csv.kind === "stdout") {
        // `export --csv - | head`: the reader has all it wanted.
        if (isBrokenOutput(e)) return;
        throw writeFailure("stdout", e);
      }
      throw e;
    } finally {
      bar.done();
    }
    const damage = describeDamage(res.counts);
    const where = csv.kind === "stdout" ? "stdout" : csv.path;
    process.stderr.write(
      `${where}: ${countOf(res.rows, "row")}, ${countOf(res.columns.length, "column")}${damage ? ` (${damage})` : ""}${res.dictionaryPath ? `; column dictionary ${res.dictionaryPath}` : ""}\n`,
    );
  }
  if (opts.parquet) {
    const bar = progressBar("parquet");
    let res: ReturnType<typeof exportParquet>;
    try {
      res = exportParquet(rec, opts.parquet, {
        window,
        columns,
        onProgress: (d, t) => bar.update(d, t),
      });
    } finally {
      bar.done();
    }
    const damage = describeDamage(res.counts);
    process.stderr.write(
      `${opts.parquet}: ${countOf(res.rows, "row")}, ${countOf(res.columns.length, "column")}, ${countOf(res.rowGroups, "row group")}${damage ? ` (${damage})` : ""}; column dictionary ${res.dictionaryPath}\n`,
    );
  }
  if (opts.json) {
    const bar = progressBar("summary");
    const s = summarizeRecording(rec, { window, onProgress: (d, t) => bar.update(d, t) });
    bar.done();
    const out = {
      recording: file,
      startedAt: s.header.startedAt,
      rig: (s.header.rig?.config as { name?: string } | undefined)?.name ?? null,
      board: s.header.board,
      window: { fromS: window.fromS, toS: Number.isFinite(window.toS) ? window.toS : null },
      frames: s.frames,
      totals: s.stats.totals,
      orbits: s.stats.orbits,
      events: s.events.counts,
      faults: s.events.faults,
      alarms: s.events.alarms,
      notes: s.events.notes,
      damage: {
        corrupt: s.counts.corrupt,
        corruptLines: s.counts.corruptLines,
        truncated: s.counts.truncated,
        footer: s.counts.footer,
      },
      footer: s.footer,
    };
    process.stdout.write(jsonOutput(out));
  }
}
