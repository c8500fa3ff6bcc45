#!/usr/bin/env node
// `npm run bench`: runs every benchmark in turn and prints one table of their figures, each
// beside its peer and its target (bench/lib/figures.ts is the shape). Run it on a quiet
// machine: the benchmarks share 2 cores.
//   npm run bench                      every benchmark, full size
//   npm run bench -- model emulator    only those
//   npm run bench -- --json            the figures as one JSON array on stdout (the
//                                      benchmarks' own lines go to stderr); each figure
//                                      carries the machine and the date
//   npm run bench -- --tiny            the smallest configuration of each (tests/bench)
// Benchmarks are not tests: nothing fails on a figure. A benchmark that exits with an error
// or emits no figure gets one figure with value null and the reason in its note, and the
// runner exits 1.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, hostname, tmpdir, totalmem } from "node:os";
import { join } from "node:path";

/** name, full-size arguments, tiny arguments (BENCH_TINY=1 is set as well). */
const ALL = [
  ["model", ["bench/model.ts"], []],
  ["constellation", ["bench/constellation.ts"], ["--quick"]],
  ["emulator", ["bench/emulator.ts"], []],
  ["serial", ["bench/serial.ts"], []],
  ["dashboard", ["bench/dashboard.ts", "--size", "80x24"], ["--size", "80x24", "--seconds", "1"]],
  [
    "dashboard-large",
    ["bench/dashboard.ts", "--size", "140x40", "--seconds", "20"],
    ["--size", "140x40", "--seconds", "1"],
  ],
  ["dashboard-render", ["bench/dashboard-render.tsx"], ["--renders", "5", "--rounds", "1"]],
  ["dashboard-emulated", ["bench/dashboard-emulated.ts"], ["--seconds", "1", "--pairs", "1"]],
  ["replay", ["bench/replay.ts", "--frames", "10000000"], ["--frames", "20000"]],
  ["parquet", ["bench/parquet.ts", "--frames", "1000000"], ["--frames", "20000", "--rounds", "1"]],
  ["classroom", ["bench/classroom.ts"], ["--rigs", "3", "--seconds", "2"]],
];

const argv = process.argv.slice(2);
const json = argv.includes("--json");
const tiny = argv.includes("--tiny");
const wanted = argv.filter((a) => !a.startsWith("--"));
const chosen = wanted.length ? ALL.filter(([name]) => wanted.includes(name)) : ALL;
if (wanted.length && chosen.length !== wanted.length) {
  console.error(`bench: unknown name; choose from ${ALL.map(([n]) => n).join(", ")}`);
  process.exit(2);
}
const cpu = cpus();
const machine = `${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform} ${process.arch}, Node ${process.version}, host ${hostname()}`;
const date = new Date().toISOString();
// With --json, stdout carries the JSON alone: the benchmarks' own lines go to stderr.
const say = json ? (s) => process.stderr.write(`${s}\n`) : (s) => console.log(s);

const dir = mkdtempSync(join(tmpdir(), "orbitrig-bench-"));
const figures = [];
let failed = 0;
for (const [name, full, small] of chosen) {
  const args = tiny ? [full[0], ...small] : full;
  const file = join(dir, `${name}.jsonl`);
  say(`\n=== ${name}: npx tsx ${args.join(" ")}${tiny ? " (BENCH_TINY=1)" : ""}`);
  const r = spawnSync("npx", ["tsx", ...args], {
    stdio: ["ignore", json ? 2 : "inherit", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      BENCH_FIGURES: file,
      ...(tiny ? { BENCH_TINY: "1" } : {}),
    },
  });
  let mine = [];
  try {
    mine = readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {
    // no figure written: reported below
  }
  if (r.status !== 0 || mine.length === 0) {
    failed++;
    const why = r.status !== 0 ? `exited with ${r.status ?? r.signal}` : "emitted no figure";
    say(`bench: ${name} ${why}`);
    mine.push({
      name: `${name}: not measured`,
      value: null,
      unit: "",
      peer: null,
      peerValue: null,
      ratio: null,
      limit: null,
      target: null,
      better: "higher",
      ratioLimit: null,
      met: null,
      spread: null,
      peerSpread: null,
      rounds: 0,
      loadAvg: [0, 0],
      note: `the benchmark ${why}`,
      bench: full[0],
    });
  }
  for (const f of mine) figures.push({ ...f, machine, date, tiny });
}
rmSync(dir, { recursive: true, force: true });

if (json) {
  process.stdout.write(`${JSON.stringify(figures, null, 1)}\n`);
} else {
  const num = (x, unit) =>
    x === null || x === undefined
      ? "-"
      : `${x.toLocaleString("en-US", { maximumFractionDigits: Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2 })}${unit ? ` ${unit}` : ""}`;
  console.log(`\n${machine}; ${date}${tiny ? "; TINY configuration (not figures)" : ""}`);
  const rows = figures.map((f) => [
    f.name,
    num(f.value, f.unit),
    f.peer ? `${num(f.peerValue, f.unit)} (${f.peer})` : "",
    f.ratio === null ? "" : `${f.ratio.toFixed(2)}x`,
    f.target ?? "",
    f.met === null ? "" : f.met ? "met" : "MISSED",
  ]);
  const head = ["figure", "orbitrig", "peer", "ratio", "target", ""];
  const widths = head.map((h, i) =>
    Math.min(60, Math.max(h.length, ...rows.map((r) => r[i].length))),
  );
  for (const r of [head, ...rows])
    console.log(
      r
        .map((c, i) =>
          c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c.padEnd(widths[i]),
        )
        .join("  "),
    );
}
process.exit(failed ? 1 : 0);
