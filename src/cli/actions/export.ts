/** What `orbitrig export` does (its options: ../commands/export.ts). */
import { lstatSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { OrbitrigError } from "../../core/errors.js";
import { countOf } from "../../core/text.js";
import { progressBar } from "../../report/progress.js";
import { exportCsv } from "../../telemetry/csv.js";
import { dictionaryPathFor } from "../../telemetry/export-columns.js";
import { refuseExportOverInput, writeFailure } from "../../telemetry/output-file.js";
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

/**
 * A CSV or Parquet file is written as a hidden part beside its name (`.run.csv.orbitrig-part`,
 * its dictionary beside that) and renamed over it only when whole: a Ctrl-C or SIGTERM (which
 * end Node at once: the export is synchronous) leaves an earlier export as it was, never a cut
 * file under the name, which looked complete when the cut fell between rows. The part stays
 * until the next export to that name replaces it. A device, FIFO or symbolic link is written
 * in place, as before (renaming over it would replace it).
 */
function staged<T extends { dictionaryPath: string | null }>(
  out: string,
  recording: string,
  what: string,
  write: (path: string, dictionary: boolean) => T,
): T {
  let st: ReturnType<typeof lstatSync> | undefined;
  try {
    st = lstatSync(out);
  } catch {
    // Absent, or a path that cannot be one (a file where a folder goes): the write says which.
  }
  // A device or FIFO (/dev/null, a named pipe) gets no dictionary: beside it is no place
  // for one (`/dev/null.columns.json`). A symbolic link is the user's name for a file.
  if (st && !st.isFile()) return write(out, st.isSymbolicLink());
  refuseExportOverInput(out, recording, what);
  const part = join(dirname(out), `.${basename(out)}.orbitrig-part`);
  try {
    const res = write(part, true);
    renameSync(part, out);
    renameSync(dictionaryPathFor(part), dictionaryPathFor(out));
    return { ...res, dictionaryPath: dictionaryPathFor(out) };
  } catch (e) {
    for (const p of [dictionaryPathFor(part), part]) {
      try {
        rmSync(p, { force: true });
      } catch {
        // never made (its folder could not be)
      }
    }
    const failure = writeFailure(out, e);
    // Messages name the file the user asked for, not its part.
    throw failure instanceof OrbitrigError
      ? new OrbitrigError(failure.code, failure.message.replaceAll(part, out), failure.exitCode, {
          cause: failure,
        })
      : failure;
  }
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
      const write = (out: string | { fd: number }, dictionary = true) =>
        exportCsv(rec, out, {
          window,
          columns,
          dictionary,
          onProgress: (d, t) => bar.update(d, t),
        });
      res =
        csv.kind === "stdout"
          ? write({ fd: 1 })
          : staged(csv.path, rec.path, "a CSV export", write);
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
      res = staged(opts.parquet, rec.path, "a Parquet export", (out, dictionary) =>
        exportParquet(rec, out, {
          window,
          columns,
          dictionary,
          onProgress: (d, t) => bar.update(d, t),
        }),
      );
    } finally {
      bar.done();
    }
    const damage = describeDamage(res.counts);
    process.stderr.write(
      `${opts.parquet}: ${countOf(res.rows, "row")}, ${countOf(res.columns.length, "column")}, ${countOf(res.rowGroups, "row group")}${damage ? ` (${damage})` : ""}${res.dictionaryPath ? `; column dictionary ${res.dictionaryPath}` : ""}\n`,
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
