/**
 * Benchmark: `orbitrig export --parquet` against `export --csv` of the same recording, and
 * pandas reading each file (read_parquet against read_csv, alternating rounds).
 *
 *   npm run build && npx tsx bench/parquet.ts [--frames 1000000] [--rounds 3]
 *
 * Builds a synthetic recording (tests/telemetry/synthetic.ts frames and toy node states,
 * written by the real RecordingWriter) in a temp dir, exports every default column to CSV
 * and to Parquet with the built CLI (dist/), each in its own process (wall time, CPU time,
 * peak RSS, file size), then times pandas reading the two files.
 *
 * pandas on Parquet needs pyarrow, which Debian 12 does not package: the benchmark makes its
 * own virtual environment in bench/out/pyvenv (python3 -m venv; pip install pandas pyarrow)
 * on its first full run and reuses it after. When pip cannot install them, the pandas
 * figure is left out with a line saying why. The tiny configuration (BENCH_TINY=1) never
 * installs: it uses the environment only when an earlier run made it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ManualClock } from "../src/core/clock.js";
import { syntheticFrame, syntheticHeader, syntheticNode } from "../tests/telemetry/synthetic.js";
import { emit, figure, fmt, LoadRange, tiny } from "./lib/figures.js";
import { type Timed, timedCli } from "./lib/timed.js";

const root = resolve(import.meta.dirname, "..");
const dist = join(root, "dist");
const args = process.argv.slice(2);
const arg = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const N = arg("--frames", 1_000_000);
const ROUNDS = arg("--rounds", 3);
const BENCH = "bench/parquet.ts";

if (!existsSync(join(dist, "telemetry/parquet.js"))) {
  console.error("bench/parquet: build first (npm run build): the measured code runs from dist/");
  process.exit(1);
}

const load = new LoadRange();
const dir = mkdtempSync(join(tmpdir(), "orbitrig-bench-parquet-"));
const file = join(dir, "bench.ndjson");

// 1. The recording, written by the shipped writer.
const { RecordingWriter } = (await import(
  join(dist, "telemetry/writer.js")
)) as typeof import("../src/telemetry/writer.js");
{
  const w = new RecordingWriter({ clock: new ManualClock(), flushBytes: 4 << 20 });
  w.open(file, syntheticHeader());
  for (let i = 0; i < N; i++) {
    const f = syntheticFrame(i);
    w.frame(f, syntheticNode(i, f));
  }
  w.close({ endReason: "quit" });
}
console.log(`recording: ${fmt(N, 0)} frames, ${fmt(statSync(file).size / 1e6, 0)} MB`);

// 2. Both exports, every default column, each in its own process.
const csv = join(dir, "bench.csv");
const pq = join(dir, "bench.parquet");
const cli = (flag: string, out: string) => timedCli(["export", file, flag, out]);
const csvRun = cli("--csv", csv);
load.sample();
const pqRun = cli("--parquet", pq);
load.sample();
const csvMb = statSync(csv).size / 1e6;
const pqMb = statSync(pq).size / 1e6;
const line = (name: string, r: Timed, mb: number) =>
  console.log(
    `  ${name.padEnd(24)} ${fmt(r.s, 2)} s wall, ${fmt(r.cpuS, 2)} s CPU, peak RSS ${fmt(r.rssMb, 0)} MB, ${fmt(mb, 1)} MB file`,
  );
line("export --csv", csvRun, csvMb);
line("export --parquet", pqRun, pqMb);

// 3. pandas on each file, in a virtual environment with pyarrow.
const venv = join(root, "bench/out/pyvenv");
const py = join(venv, "bin/python");
function pythonWithPyarrow(): string | null {
  const ok = () => existsSync(py) && spawnSync(py, ["-c", "import pandas, pyarrow"]).status === 0;
  if (ok()) return null;
  if (tiny) return "tiny configuration: no install (a full run makes bench/out/pyvenv)";
  mkdirSync(join(root, "bench/out"), { recursive: true });
  const base = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const mk = spawnSync(base, ["-m", "venv", venv], { encoding: "utf8" });
  if (mk.status !== 0) return `python3 -m venv failed: ${mk.stderr.trim().split("\n").pop()}`;
  console.log("pandas: installing pandas and pyarrow into bench/out/pyvenv (once)");
  const pip = spawnSync(
    join(venv, "bin/pip"),
    ["install", "--disable-pip-version-check", "-q", "--retries", "1", "pandas", "pyarrow"],
    { encoding: "utf8", timeout: 600_000 },
  );
  if (pip.status !== 0 || !ok())
    return `pip could not install pandas and pyarrow (${pip.stderr.trim().split("\n").pop() ?? pip.status})`;
  return null;
}
const READ = `
import sys, time, json
import pandas as pd
import pyarrow.parquet  # imported before timing: no round pays for the import
csv, pq, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
out = {"csv": [], "parquet": []}
for r in range(rounds):
    # alternate which goes first: the page cache and the CPU's turbo favour neither
    order = [("csv", csv), ("parquet", pq)] if r % 2 == 0 else [("parquet", pq), ("csv", csv)]
    for kind, f in order:
        t0 = time.perf_counter()
        df = pd.read_csv(f, parse_dates=["time_iso"]) if kind == "csv" else pd.read_parquet(f)
        out[kind].append(time.perf_counter() - t0)
        out[kind + "_shape"] = list(df.shape)
        out[kind + "_power_sum"] = float(df["bench_power_mW"].sum())
out["pandas"] = pd.__version__
import pyarrow
out["pyarrow"] = pyarrow.__version__
print(json.dumps(out))
`;
const why = pythonWithPyarrow();
let reads: {
  csv: number[];
  parquet: number[];
  csv_shape: number[];
  parquet_shape: number[];
  csv_power_sum: number;
  parquet_power_sum: number;
  pandas: string;
  pyarrow: string;
} | null = null;
if (why) console.log(`pandas: read_parquet against read_csv not measured: ${why}`);
else {
  const r = spawnSync(py, ["-c", READ, csv, pq, String(ROUNDS)], { encoding: "utf8" });
  if (r.status === 0) reads = JSON.parse(r.stdout.trim());
  else console.log(`pandas: read failed: ${r.stderr.trim().split("\n").pop()}`);
}
if (reads) {
  console.log(
    `  pandas ${reads.pandas} (pyarrow ${reads.pyarrow}): read_csv ${reads.csv.map((x) => fmt(x, 2)).join(", ")} s; read_parquet ${reads.parquet.map((x) => fmt(x, 2)).join(", ")} s`,
  );
}
const same =
  reads !== null &&
  reads.csv_shape.join() === reads.parquet_shape.join() &&
  reads.csv_power_sum === reads.parquet_power_sum;

// 4. The figures.
const M = `${fmt(N / 1e6, N < 1e6 ? 2 : 0)} M frames`;
emit(
  figure({
    name: `orbitrig export --parquet of ${M}, all columns (wall time)`,
    unit: "s",
    better: "lower",
    values: pqRun.s,
    peer: "orbitrig export --csv of the same columns",
    peerValues: csvRun.s,
    load,
    note: `${fmt(pqRun.cpuS, 2)} s CPU (CSV ${fmt(csvRun.cpuS, 2)} s); peak RSS ${fmt(pqRun.rssMb, 0)} MB (CSV ${fmt(csvRun.rssMb, 0)} MB)`,
    bench: BENCH,
  }),
);
emit(
  figure({
    name: `Parquet file of ${M}, all columns (size)`,
    unit: "MB",
    better: "lower",
    values: pqMb,
    peer: "the CSV of the same columns",
    peerValues: csvMb,
    load,
    bench: BENCH,
  }),
);
if (reads) {
  const f = figure({
    name: `pandas read_parquet of the ${M} export`,
    unit: "s",
    better: "lower",
    values: reads.parquet,
    peer: "pandas read_csv (parse_dates time_iso) of the same export",
    peerValues: reads.csv,
    ratioLimit: 3,
    target: "a fraction of read_csv's time (≥ 3× faster), same frame",
    load,
    note: `pandas ${reads.pandas}, pyarrow ${reads.pyarrow}; ${same ? "same shape and bench_power_mW sum both ways" : `frames differ: ${reads.csv_shape} vs ${reads.parquet_shape}`}`,
    bench: BENCH,
  });
  if (!same) f.met = false;
  emit(f);
}
rmSync(dir, { recursive: true, force: true });
