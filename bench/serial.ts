/**
 * Serial ingest, side by side with pyserial: frames per second through the full host path
 * a session uses (serialport, line splitting, CRC, decode, Frame, link statistics,
 * listeners), against a buffered pyserial reader that checks the same CRC (binascii.crc_hqx)
 * and parses every field to an integer (bench/serial/pyserial-reader.py); then the same with
 * the recording on: orbitrig's RecordingWriter (NDJSON) against pyserial writing CSV.
 *
 *   npm run build && npx tsx bench/serial.ts [--frames 1000000] [--rounds 5] [--only KEYS]
 *
 * --only runs some of the four readers (orbitrig, pyserial, orbitrig+rec, pyserial+rec,
 * comma-separated), e.g. `--only orbitrig+rec` while working on the recording; a figure
 * is printed when its orbitrig reader ran.
 *
 * Each run gets a fresh socat pseudo-terminal pair and the same writer
 * (bench/serial/pty-writer.mjs, which plays the board: HELLO, then the stream as fast as
 * the reader takes it), and each reader runs in a process of its own. Rounds alternate
 * which reader goes first; the figures are medians with the spread of the rounds. A pty
 * has no baud rate: this measures software. Every frame is checked: none may be lost,
 * rejected or mis-decoded (orbitrig's reader checks each Frame against the values it was
 * generated with; pyserial's sums the integers it parsed).
 *
 * Also printed: the host's line path alone (SerialBoard on a transport in memory, no IO).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SocatPair } from "../src/transport/socat-pair.js";
import { emit, figure, fmt, LoadRange, median, quietEnough, tiny } from "./lib/figures.js";
import { memoryLinePath } from "./serial/memory-path.js";
import { integerSum, writeStream } from "./serial/stream.js";

const root = resolve(import.meta.dirname, "..");
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const FRAMES = tiny ? 3000 : arg("frames", 1_000_000);
const ROUNDS = tiny ? 1 : arg("rounds", Number(process.env.BENCH_ROUNDS ?? 5));
const only = process.argv.includes("--only")
  ? new Set(process.argv[process.argv.indexOf("--only") + 1]?.split(","))
  : null;
const PYTHON = "/usr/bin/python3";
const BENCH = "bench/serial.ts";

if (!existsSync(join(root, "dist/board/serial-board.js"))) {
  console.error("bench/serial: build first (npm run build): the measured code runs from dist/");
  process.exit(1);
}

interface Run {
  frames: number;
  lost: number;
  rejected: number;
  wrong?: number;
  sum?: number;
  wallS: number;
  cpuS: number;
}

const dir = mkdtempSync(join(tmpdir(), "orbitrig-bench-serial-"));
const streamFile = join(dir, "stream.txt");
const bytes = writeStream(streamFile, FRAMES);
let expectedSum = 0;
for (let i = 0; i < FRAMES; i++) expectedSum += integerSum(i);

const pyserial = spawnSync(PYTHON, ["-c", "import serial; print(serial.VERSION)"], {
  encoding: "utf8",
});
const pyserialVersion = pyserial.status === 0 ? pyserial.stdout.trim() : null;
const PEER = pyserialVersion
  ? `pyserial ${pyserialVersion} reader (Debian python3-serial, binascii.crc_hqx)`
  : "pyserial reader";

/** One reader on a fresh pty pair fed by the writer; resolves with what the reader printed. */
async function once(reader: "orbitrig" | "pyserial", record: boolean): Promise<Run> {
  const pair = new SocatPair();
  await pair.start();
  const writer = spawn(
    process.execPath,
    [join(root, "bench/serial/pty-writer.mjs"), pair.pathB, streamFile],
    {
      stdio: ["pipe", "ignore", "inherit"],
    },
  );
  const out = join(dir, record ? (reader === "orbitrig" ? "rec.ndjson" : "rec.csv") : "none");
  const argv =
    reader === "orbitrig"
      ? [
          // BENCH_SERIAL_PROF=DIR: a CPU profile of each orbitrig reader (node --cpu-prof).
          ...(process.env.BENCH_SERIAL_PROF
            ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_SERIAL_PROF]
            : []),
          "--import",
          "tsx",
          join(root, "bench/serial/orbitrig-reader.ts"),
          pair.pathA,
          String(FRAMES),
        ]
      : [join(root, "bench/serial/pyserial-reader.py"), pair.pathA, String(FRAMES)];
  if (record) argv.push(out);
  try {
    const text = await new Promise<string>((res, rej) => {
      const child = spawn(reader === "orbitrig" ? process.execPath : PYTHON, argv, {
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, NODE_ENV: "production" },
      });
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (s: string) => {
        stdout += s;
      });
      const timer = setTimeout(() => child.kill(), 120_000 + FRAMES / 5);
      child.on("exit", (code) => {
        clearTimeout(timer);
        if (code === 0) res(stdout);
        else rej(new Error(`${reader} reader exited with ${code}: ${stdout}`));
      });
    });
    const run = JSON.parse(text.trim().split("\n").pop()!) as Run;
    if (record && statSync(out).size === 0) throw new Error(`${reader}: empty recording`);
    return run;
  } finally {
    writer.stdin?.end();
    await pair.dispose();
    rmSync(out, { force: true });
  }
}

/** Errors in a run: frames missing, lost, rejected, mis-decoded, or a wrong checksum of values. */
function errors(r: Run): number {
  const wrongSum = r.sum !== undefined && r.sum !== expectedSum ? 1 : 0;
  return FRAMES - r.frames + r.lost + r.rejected + (r.wrong ?? 0) + wrongSum;
}

const load = new LoadRange();
const results: Record<string, Run[]> = {};
const readers = pyserialVersion ? (["orbitrig", "pyserial"] as const) : (["orbitrig"] as const);
console.log(
  `${fmt(FRAMES, 0)} two-channel telemetry frames, ${fmt(bytes / FRAMES, 0)} bytes each, through a socat pty pair; ${ROUNDS} alternating rounds; Node ${process.version}`,
);
for (let r = 0; r < ROUNDS; r++) {
  for (const record of [false, true]) {
    const order = r % 2 ? [...readers].reverse() : readers;
    for (const who of order) {
      const key = `${who}${record ? "+rec" : ""}`;
      if (only && !only.has(key)) continue;
      const l = await quietEnough(load);
      const run = await once(who, record);
      results[key] = [...(results[key] ?? []), run];
      console.log(
        `  round ${r + 1} ${key.padEnd(13)} ${fmt(run.frames / run.wallS, 0).padStart(9)} frames/s  ${fmt(run.frames / run.cpuS, 0).padStart(9)} per CPU s  errors ${errors(run)}  load ${fmt(l, 1)}`,
      );
    }
  }
}
rmSync(dir, { recursive: true, force: true });

const fps = (key: string) => (results[key] ?? []).map((r) => r.frames / r.wallS);
const perCpu = (key: string) => median((results[key] ?? []).map((r) => r.frames / r.cpuS));
const errs = (key: string) => (results[key] ?? []).reduce((n, r) => n + errors(r), 0);
for (const record of [false, true]) {
  const js = record ? "orbitrig+rec" : "orbitrig";
  const py = record ? "pyserial+rec" : "pyserial";
  if (!results[js]) continue;
  const f = figure({
    name: record
      ? "serial ingest with the recording on (NDJSON; peer writes CSV)"
      : "serial ingest, 2-channel telemetry (pty, full host path)",
    unit: "frames/s",
    values: fps(js),
    peer: pyserialVersion ? `${PEER}${record ? " + csv module" : ""}` : null,
    peerValues: fps(py),
    limit: 300_000,
    ratioLimit: 1.5,
    target: "≥ 1.5× the pyserial reader and ≥ 300,000 frames/s; no frame lost or mis-decoded",
    load,
    note:
      `per CPU second of the reader: ${fmt(perCpu(js), 0)} (orbitrig)` +
      (pyserialVersion ? `, ${fmt(perCpu(py), 0)} (pyserial)` : "") +
      `; frames lost, rejected or mis-decoded: ${errs(js)} (orbitrig)` +
      (pyserialVersion
        ? `, ${errs(py)} (pyserial)`
        : "; pyserial not installed (apt-get install python3-serial)"),
    bench: BENCH,
  });
  if (errs(js) > 0) f.met = false;
  emit(f);
}

// The line path alone, in this process: no OS, no serialport.
const mem = await memoryLinePath(tiny ? 3000 : 300_000, tiny ? 1 : 5);
emit(
  figure({
    name: "serial line path in memory (SerialBoard, no IO)",
    unit: "frames/s",
    values: mem,
    load,
    note: "splitter, CRC, decode, Frame, link statistics, listeners: the ceiling the pty figure approaches",
    bench: BENCH,
  }),
);
