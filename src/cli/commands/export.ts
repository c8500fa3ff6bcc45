/**
 * `orbitrig export FILE [--csv OUT] [--parquet OUT] [--from T --to T] [--columns a,b,c]
 * [--json]`: a recording to CSV (one row per frame, node state joined, units in the column
 * names; `--csv -` writes it to stdout) and/or to Parquet (the same columns and values,
 * typed: src/telemetry/parquet.ts), and/or a JSON summary (per-orbit statistics, totals,
 * events, file damage) on stdout.
 * Beside a CSV or Parquet file goes its column dictionary (name, unit, resolution,
 * description: src/telemetry/columns.ts), `run.csv` / `run.parquet` -> `run.columns.json`.
 * pandas reads either directly (`pd.read_parquet(f)`, `pd.read_csv(f, parse_dates=["time_iso"])`;
 * docs/recording.md has the recipe).
 */
import type { ExportOptions } from "../actions/export.js";
import { durationS, fileOnly, option, outputTarget } from "../options.js";
import type { RegisterCommand } from "./types.js";

export const register: RegisterCommand = (program) => {
  program
    .command("export")
    .description(
      "export a recording to CSV and/or Parquet (units in column names) and/or print a JSON summary",
    )
    .argument("<file>", "recording (.ndjson)")
    .addOption(
      option(
        "--csv <out>",
        'write one CSV row per frame with its node state to this file ("-": stdout)',
        outputTarget,
      ),
    )
    .addOption(
      option(
        "--parquet <out>",
        "write the same columns to a Parquet file (typed; pandas: pd.read_parquet)",
        fileOnly("Parquet is a binary file read from its end; give a path"),
      ),
    )
    .option("--json", "print a JSON summary (per-orbit statistics, totals, events) on stdout")
    .addOption(
      option(
        "--from <t>",
        "start at this time since the recording's start (90, 90s, 5m, 1h30m)",
        durationS,
      ),
    )
    .addOption(option("--to <t>", "stop at this time", durationS))
    .option(
      "--columns <list>",
      "comma-separated columns for CSV and Parquet, in order (default: all; a wrong name lists them)",
    )
    .action(async (file: string, opts: ExportOptions) => {
      const { exportRecording } = await import("../actions/export.js");
      exportRecording(file, opts);
    });
};
