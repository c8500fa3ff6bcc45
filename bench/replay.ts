/**
 * Benchmark: replay, report and export of a large recording, side by side with the raw read
 * speed of the same file and with pandas computing the same per-orbit summary.
 *
 *   npm run build && npx tsx bench/replay.ts [--frames 10000000] [--rounds 3] [--keep] [--file REC]
 *
 * Builds a synthetic recording (tests/telemetry/synthetic.ts frames and toy node states,
 * written by the real RecordingWriter) in a temp dir, then measures, each in a fresh child
 * process running the built code (dist/):
 *   - `cat FILE > /dev/null` and a plain read loop: the raw read speed of the file;
 *   - ReplayBoard at --speed max: frames/s;
 *   - `orbitrig report FILE --out DIR`: wall time and peak RSS (resourceUsage().maxRSS),
 *     `--rounds` times (median and spread), and once on one thread, which must write the
 *     same files;
 *   - `orbitrig export FILE --csv` of the columns the summary needs (`--rounds` times,
 *     alternating with the report), then Debian's pandas (/usr/bin/python3) computing the
 *     same per-orbit summary from that CSV.
 * Targets (issue 16): replay >= 3e6 frames/s; report of 10 M frames < 8 s and < 250 MB, at
 * least 2x pandas with the same totals; export --csv of 10 M frames < 10 s.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ManualClock } from "../src/core/clock.js";
import { syntheticFrame, syntheticHeader, syntheticNode } from "../tests/telemetry/synthetic.js";
import { emit, figure, LoadRange, tiny } from "./lib/figures.js";
import { RSS_HOOK, type Timed, timed, timedCli } from "./lib/timed.js";

const root = resolve(import.meta.dirname, "..");
const dist = join(root, "dist");
const args = process.argv.slice(2);
const framesArg = args.indexOf("--frames");
let N = framesArg >= 0 ? Number(args[framesArg + 1]) : 10_000_000;
const keep = args.includes("--keep");
const roundsArg = args.indexOf("--rounds");
/** Rounds of the report and the export (median and spread); one in the tiny configuration. */
const ROUNDS = roundsArg >= 0 ? Math.max(1, Number(args[roundsArg + 1])) : tiny ? 1 : 3;
const fileArg = args.indexOf("--file");
/** Reuse a recording kept by an earlier run (--keep) instead of writing a new one. */
const reuse = fileArg >= 0 ? resolve(args[fileArg + 1]!) : null;

if (!existsSync(join(dist, "board/replay.js"))) {
  console.error("bench/replay: build first (npm run build): the measured code runs from dist/");
  process.exit(1);
}

const load = new LoadRange();
const BENCH = "bench/replay.ts";
const dir = mkdtempSync(join(tmpdir(), "orbitrig-bench-replay-"));
const file = reuse ?? join(dir, "bench.ndjson");
const fmt = (x: number, d = 1) =>
  x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

// 1. Build the recording with the real writer (from dist, so it is the shipped code).
const { RecordingWriter } = (await import(
  join(dist, "telemetry/writer.js")
)) as typeof import("../src/telemetry/writer.js");
if (!reuse) {
  const t0 = performance.now();
  const w = new RecordingWriter({ clock: new ManualClock(), flushBytes: 4 << 20 });
  const header = syntheticHeader();
  header.rig.config = {
    name: "bench",
    safety: { maxPanelTempC: 60 },
    node: { battery: { floorSocFraction: 0.4 } },
  };
  w.open(file, header);
  for (let i = 0; i < N; i++) {
    const f = syntheticFrame(i);
    w.frame(f, syntheticNode(i, f));
    if (i % 100_000 === 5) w.note(`bench note ${i}`, f.hostMs);
  }
  w.close({ endReason: "quit" });
  const s = (performance.now() - t0) / 1000;
  const bytes = statSync(file).size;
  console.log(
    `recording: ${fmt(N, 0)} frames, ${fmt(bytes / 1e9, 2)} GB (${fmt(bytes / N, 0)} B/frame), written in ${fmt(s)} s (${fmt(N / s / 1e3, 0)} k frames/s by RecordingWriter)`,
  );
}
const bytes = statSync(file).size;

// 2. Raw read speed of the same file.
const cat = timed("sh", ["-c", `cat '${file}' > /dev/null`]);
const readLoop = timed(process.execPath, [
  "--input-type=module",
  "-e",
  `import {openSync,readSync} from "node:fs";const fd=openSync(${JSON.stringify(file)},"r");const b=Buffer.allocUnsafe(1<<20);let n,o=0;while((n=readSync(fd,b,0,b.length,o))>0)o+=n;`,
]);

// 3. Replay at max speed through the ReplayBoard (frames decoded and emitted to a listener).
const replay = timed(process.execPath, [
  "--import",
  RSS_HOOK,
  "--input-type=module",
  "-e",
  `import {replayRecording} from ${JSON.stringify(join(dist, "telemetry/replay-source.js"))};
   const b=replayRecording(${JSON.stringify(file)},{speed:"max"});let n=0,s=0;b.onFrame(f=>{n++;s+=f.powerMw});
   const t0=performance.now();await b.open();await b.done;const t=(performance.now()-t0)/1000;await b.close();
   console.log(JSON.stringify({frames:n,s:t}));`,
]);
const rep = JSON.parse(replay.stdout.trim()) as { frames: number; s: number };
if (reuse) N = rep.frames;

// 4. The report, as a user runs it, and the export (step 5), in alternating rounds.
const outDir = join(dir, "report");
const reportRun = () => timedCli(["report", file, "--out", outDir]);
const columns =
  "time_s,bench_power_mW,bench_panel_temp_C,orbit_time_s,orbit_number,orbit_region,sat_array_power_kW,sat_soc_pct,sat_compute_level_pct,sat_compute_power_kW,sat_avionics_power_kW,sat_node_temp_C,sat_duty_this_orbit_pct,sat_work_accel_h,sat_floor_violation";
const csv = join(dir, "bench.csv");
/** The export to `out`; to /dev/null, what the export itself costs (no file written). */
const exportTo = (out: string) => timedCli(["export", file, "--csv", out, "--columns", columns]);
/**
 * This machine's own cost of writing the export's bytes to a file: the same CSV copied
 * through a pipe into a file that, like the export's, is overwritten each round. (On a VM
 * whose host takes back freed memory, each fresh page of the file's cache costs a fault on
 * the host: docs/performance.md.)
 */
const copy = join(dir, "bench-copy.csv");
const copyRun = () => timed("sh", ["-c", `cat '${csv}' | cat > '${copy}'`]);
const reports: Timed[] = [];
const exps: Timed[] = [];
const expsNull: Timed[] = [];
const copies: Timed[] = [];
for (let r = 0; r < ROUNDS; r++) {
  reports.push(reportRun());
  exps.push(exportTo(csv));
  expsNull.push(exportTo("/dev/null"));
  copies.push(copyRun());
  load.sample();
}
rmSync(copy, { force: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]!;
const report = reports.find((r) => r.s === median(reports.map((x) => x.s)))!;
const reportRss = Math.max(...reports.map((r) => r.rssMb ?? Number.NaN));
const exp = exps.find((r) => r.s === median(exps.map((x) => x.s)))!;
const expNull = expsNull.find((r) => r.s === median(expsNull.map((x) => x.s)))!;
const copyS = median(copies.map((r) => r.s));
// The same report on this thread alone (ORBITRIG_THREADS=1): what the worker threads add.
const reportOne = timedCli(["report", file, "--out", `${outDir}-1`], { ORBITRIG_THREADS: "1" });
const totals = (
  JSON.parse(readFileSync(join(outDir, "report.json"), "utf8")) as {
    totals: Record<string, number>;
  }
).totals;
/** Report files that differ between the threads and the one thread (must be none). */
const threadDiffs = ["report.json", "orbits.csv", "summary.md", "soc.svg"].filter(
  (f) =>
    !existsSync(join(outDir, f)) ||
    readFileSync(join(outDir, f), "utf8").replace(`${outDir}-1`, outDir) !==
      readFileSync(join(`${outDir}-1`, f), "utf8").replace(`${outDir}-1`, outDir),
);

// 5. pandas on the exported CSV.
const PANDAS = `
import sys, time, json
t0 = time.time()
import pandas as pd, numpy as np
t1 = time.time()
df = pd.read_csv(sys.argv[1], dtype={"orbit_region": "category"})
t2 = time.time()
dt = (df["orbit_time_s"].shift(-1) - df["orbit_time_s"]).fillna(0.0)
dtb = (df["time_s"].shift(-1) - df["time_s"]).fillna(0.0)
x = pd.DataFrame({
  "orbit": df["orbit_number"], "dt": dt,
  "ecl": np.where(df["orbit_region"] != "sunlit", dt, 0.0) / 60,
  "ein": df["sat_array_power_kW"] * 1000 * dt / 3600,
  "eout": (df["sat_compute_power_kW"] + df["sat_avionics_power_kW"]) * 1000 * dt / 3600,
  "bench": df["bench_power_mW"] * dtb / 3600,
  "cl": df["sat_compute_level_pct"] / 100 * dt,
  "soc": df["sat_soc_pct"], "tp": df["bench_panel_temp_C"], "tn": df["sat_node_temp_C"],
  "duty": df["sat_duty_this_orbit_pct"], "work": df["sat_work_accel_h"] * 3600, "fv": df["sat_floor_violation"].astype(bool),
})
g = x.groupby("orbit", sort=True).agg(frames=("dt", "size"), orbit_s=("dt", "sum"), eclipse_min=("ecl", "sum"),
  energy_in_Wh=("ein", "sum"), energy_out_Wh=("eout", "sum"), bench_mWh=("bench", "sum"), cl=("cl", "sum"),
  min_soc_pct=("soc", "min"), max_panel_C=("tp", "max"), max_node_C=("tn", "max"), duty_pct=("duty", "last"),
  work_last=("work", "last"), floor=("fv", "sum"))
g["mean_compute_pct"] = 100 * g["cl"] / g["orbit_s"]
t3 = time.time()
print(json.dumps({"import_s": t1 - t0, "read_s": t2 - t1, "summary_s": t3 - t2, "orbits": len(g),
  "eclipseMin": g["eclipse_min"].sum(), "energyInWh": g["energy_in_Wh"].sum(), "energyOutWh": g["energy_out_Wh"].sum(),
  "minSocPct": g["min_soc_pct"].min(), "floorViolations": int(g["floor"].sum())}))
`;
let pandas: {
  s: number;
  r: Record<string, number>;
  cpuS: number | null;
  rssMb: number | null;
} | null = null;
if (existsSync("/usr/bin/python3")) {
  try {
    const p = timed("/usr/bin/time", [
      "-f",
      "MAXRSS_KB %M CPU_US %U %S",
      "/usr/bin/python3",
      "-c",
      PANDAS,
      csv,
    ]);
    const cpu = /CPU_US ([\d.]+) ([\d.]+)/.exec(p.stderr);
    pandas = {
      s: p.s,
      r: JSON.parse(p.stdout.trim()) as Record<string, number>,
      cpuS: cpu ? Number(cpu[1]) + Number(cpu[2]) : null,
      rssMb: p.rssMb,
    };
  } catch (e) {
    console.log(
      `pandas: not run (${(e as Error).message.split("\n")[0]}); Debian: apt-get install python3-pandas`,
    );
  }
}

// 6. Figures, side by side.
const row = (name: string, value: string, target = "") =>
  console.log(`  ${name.padEnd(44)} ${value.padStart(22)}  ${target}`);
console.log(
  `\nfile ${fmt(bytes / 1e9, 2)} GB, ${fmt(N, 0)} frames (page-cached: it was just written)`,
);
row(
  "cat FILE > /dev/null",
  `${fmt(cat.s, 2)} s  ${fmt(bytes / cat.s / 1e9, 2)} GB/s`,
  "(GNU cat may splice to /dev/null without copying)",
);
row(
  "plain read loop, 1 MiB buffer (node)",
  `${fmt(readLoop.s, 2)} s  ${fmt(bytes / readLoop.s / 1e9, 2)} GB/s`,
);
row(
  "replay at max (ReplayBoard -> listener)",
  `${fmt(rep.frames / rep.s / 1e6, 2)} M frames/s`,
  `target >= 3.00 M/s; ${fmt(rep.s, 2)} s; peak RSS ${fmt(replay.rssMb ?? 0, 0)} MB`,
);
row(
  "  same, per CPU second of the process",
  `${fmt(rep.frames / (replay.cpuS ?? Number.NaN) / 1e6, 2)} M frames/s`,
  `(${fmt(replay.cpuS ?? Number.NaN, 2)} s CPU incl. start-up)`,
);
row(
  "orbitrig report (process wall time)",
  `${fmt(report.s, 2)} s`,
  `target < 8 s; ${fmt(report.cpuS ?? Number.NaN, 2)} s CPU; one thread ${fmt(reportOne.s, 2)} s`,
);
row("orbitrig report peak RSS", `${fmt(reportRss, 0)} MB`, "target < 250 MB");
row(
  "orbitrig export --csv (summary columns)",
  `${fmt(exp.s, 2)} s`,
  `target < 10 s; ${fmt(statSync(csv).size / 1e9, 2)} GB CSV; ${fmt(exp.cpuS ?? Number.NaN, 2)} s CPU`,
);
row(
  "  same, to /dev/null (no file written)",
  `${fmt(expNull.s, 2)} s`,
  `${fmt(expNull.cpuS ?? Number.NaN, 2)} s CPU`,
);
row(
  "  the CSV's bytes copied to a file (cat | cat >)",
  `${fmt(copyS, 2)} s`,
  "this machine's cost of writing them",
);
if (pandas) {
  row(
    "pandas: read_csv + per-orbit summary",
    `${fmt(pandas.s, 2)} s`,
    `${fmt(pandas.cpuS ?? Number.NaN, 2)} s CPU, peak RSS ${fmt(pandas.rssMb ?? Number.NaN, 0)} MB (import ${fmt(pandas.r.import_s!, 1)} s, read ${fmt(pandas.r.read_s!, 1)} s, summary ${fmt(pandas.r.summary_s!, 1)} s; CSV export not counted)`,
  );
  row(
    "pandas wall / report wall",
    `${fmt(pandas.s / report.s, 2)}x`,
    pandas.s > report.s ? "report faster (and it also draws the charts)" : "pandas faster",
  );
  if (pandas.cpuS && report.cpuS)
    row("pandas CPU / report CPU", `${fmt(pandas.cpuS / report.cpuS, 2)}x`);
  console.log("\n  same summary, both ways (orbitrig report totals | pandas):");
  for (const k of [
    "orbits",
    "eclipseMin",
    "energyInWh",
    "energyOutWh",
    "minSocPct",
    "floorViolations",
  ]) {
    row(`    ${k}`, `${fmt(totals[k] ?? Number.NaN, 3)} | ${fmt(pandas.r[k] ?? Number.NaN, 3)}`);
  }
}

// 7. The figures for the harness.
const M = `${fmt(N / 1e6, N < 1e6 ? 2 : 0)} M frames`;
const KEYS = ["orbits", "eclipseMin", "energyInWh", "energyOutWh", "minSocPct", "floorViolations"];
/**
 * The exported CSV rounds satellite power to its stated resolution, 1 W (0.001 kW), so
 * pandas' energies may differ from the report's (which reads the recording's full values)
 * by up to half a watt per power column over the recording's orbit time. Every other total
 * must agree exactly.
 */
const orbitS = (totals as Record<string, number>).orbitS ?? 0;
const ROUNDING_WH: Record<string, number> = {
  energyInWh: (0.5 * orbitS) / 3600, // sat_array_power_kW
  energyOutWh: (2 * 0.5 * orbitS) / 3600, // sat_compute_power_kW + sat_avionics_power_kW
};
/**
 * Sums of floating-point terms (eclipse minutes) depend on the order they are added in:
 * pandas adds per group in its own order, the report row by row. They must agree to this
 * relative difference; counts and minima exactly.
 */
const SUM_ORDER = 1e-12;
const FLOAT_SUMS = new Set(["eclipseMin"]);
/** Totals that differ beyond what rounding and summation order allow (empty: they agree). */
const disagreements = pandas
  ? KEYS.filter((k) => {
      const a = totals[k] ?? Number.NaN;
      const b = pandas?.r[k] ?? Number.NaN;
      if (a === b) return false;
      if (k in ROUNDING_WH) return !(Math.abs(a - b) <= ROUNDING_WH[k]!);
      if (FLOAT_SUMS.has(k))
        return !(Math.abs(a - b) <= SUM_ORDER * Math.max(Math.abs(a), Math.abs(b)));
      return true;
    })
  : null;
const eclipseGap = pandas
  ? Math.abs((totals.eclipseMin ?? 0) - (pandas.r.eclipseMin ?? 0)) /
    Math.max(Math.abs(totals.eclipseMin ?? 0), 1e-300)
  : 0;
const energyGap = pandas
  ? Object.keys(ROUNDING_WH)
      .map(
        (k) =>
          `${k} ${fmt(Math.abs((totals[k] ?? 0) - (pandas?.r[k] ?? 0)), 1)} Wh (bound ${fmt(ROUNDING_WH[k]!, 0)})`,
      )
      .join(", ")
  : "";
emit(
  figure({
    name: "replay at --speed max (ReplayBoard to a listener)",
    unit: "frames/s",
    values: rep.frames / rep.s,
    limit: 3e6,
    target: "≥ 3,000,000 frames/s",
    load,
    note: `${M}; per CPU second of the process (with start-up) ${fmt(rep.frames / (replay.cpuS ?? Number.NaN) / 1e6, 2)} M; peak RSS ${fmt(replay.rssMb ?? Number.NaN, 0)} MB`,
    bench: BENCH,
  }),
);
const reportFig = figure({
  name: `orbitrig report of ${M} (process wall time)`,
  unit: "s",
  better: "lower",
  values: reports.map((r) => r.s),
  peer: pandas ? "pandas: read_csv of the exported CSV + the same per-orbit summary" : null,
  peerValues: pandas?.s ?? null,
  limit: 8,
  ratioLimit: 2,
  target: "< 8 s for 10 M frames, ≥ 2× pandas, same totals",
  load,
  note:
    `${fmt(report.cpuS ?? Number.NaN, 2)} s CPU (pandas ${fmt(pandas?.cpuS ?? Number.NaN, 2)} s); ` +
    `on one thread (ORBITRIG_THREADS=1) ${fmt(reportOne.s, 2)} s wall, ${fmt(reportOne.cpuS ?? Number.NaN, 2)} s CPU, ` +
    (threadDiffs.length === 0
      ? "the same files; "
      : `DIFFERENT files (${threadDiffs.join(", ")}); `) +
    (disagreements === null
      ? "pandas not run"
      : disagreements.length === 0
        ? `totals agree with pandas: orbits, minimum SoC and floor violations exactly, eclipse minutes to ${eclipseGap.toExponential(1)} relative (order of summation), energies within the CSV's 1 W rounding (${energyGap})`
        : `totals differ from pandas: ${disagreements.join(", ")} (${energyGap})`),
  bench: BENCH,
});
if ((disagreements !== null && disagreements.length > 0) || threadDiffs.length > 0)
  reportFig.met = false;
emit(reportFig);
emit(
  figure({
    name: `orbitrig report of ${M}, peak RSS`,
    unit: "MB",
    better: "lower",
    values: reportRss,
    peer: pandas ? "pandas (read_csv + summary)" : null,
    peerValues: pandas?.rssMb ?? null,
    limit: 250,
    target: "< 250 MB",
    load,
    bench: BENCH,
  }),
);
emit(
  figure({
    name: `orbitrig export --csv of ${M}, summary columns (wall time)`,
    unit: "s",
    better: "lower",
    values: exps.map((r) => r.s),
    peer: pandas ? "pandas: read_csv of the exported CSV (import not counted)" : null,
    peerValues: pandas?.r.read_s ?? null,
    limit: 10,
    target: "< 10 s for 10 M frames",
    load,
    note:
      `${fmt(statSync(csv).size / 1e9, 2)} GB of CSV; ${fmt(exp.cpuS ?? Number.NaN, 2)} s CPU; ` +
      `to /dev/null ${fmt(median(expsNull.map((r) => r.s)), 2)} s (${fmt(expNull.cpuS ?? Number.NaN, 2)} s CPU); ` +
      `the same bytes copied to a file by cat ${fmt(copyS, 2)} s (spread ${fmt(Math.min(...copies.map((r) => r.s)), 2)}–${fmt(Math.max(...copies.map((r) => r.s)), 2)} s)`,
    bench: BENCH,
  }),
);
if (keep) console.log(`\nkept: ${dir}`);
else rmSync(dir, { recursive: true, force: true });
if (keep || reuse) console.log(`(reuse the recording with --file ${file})`);
