/**
 * The dashboard on the real data path: the emulated rig (our firmware in avr8js) streaming
 * at 50 Hz through the Session, rendered into a discarding terminal-like stream.
 *
 *   NODE_ENV=production npx tsx bench/dashboard-emulated.ts [--seconds 10] [--pairs 4] [--hz 50] [--size 80x24]
 *
 * The emulator takes most of a core, so the dashboard's share is measured two ways:
 *   - difference: CPU of (session + dashboard) minus CPU of (session alone), in pairs of
 *     alternating runs of equal length; the median of the pairs' differences is printed
 *     with their range (the emulator's own cost varies by a few % from run to run);
 *   - direct: CPU spent inside the dashboard's renders (its own pace estimate × renders),
 *     which misses garbage collection and stream writes (~30 % more in bench/dashboard.ts).
 * Latency: from a frame's arrival at the session to the first screen write of a snapshot
 * holding that frame or a newer one.
 */

import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { loadRig } from "../src/config/load.js";
import { buildBoard, lampConfig } from "../src/rig/board.js";
import { SatelliteNodeModel } from "../src/rig/satellite.js";
import { AlarmMonitor } from "../src/session/alarms.js";
import { Session } from "../src/session/session.js";
import { dashboardControls, SessionView, startDashboard } from "../src/ui/index.js";
import { silentStdin } from "./dashboard-fakes.js";
import { emit, figure, LoadRange } from "./lib/figures.js";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const seconds = Number(arg("seconds", "10"));
const pairs = Math.max(1, Number(arg("pairs", "4")));
const hz = Number(arg("hz", "50"));
const [cols, rows] = arg("size", "80x24").split("x").map(Number) as [number, number];
const rigPath = fileURLToPath(new URL("../rigs/emulated.yaml", import.meta.url));

class Screen extends Writable {
  isTTY = true;
  columns = cols;
  rows = rows;
  writes = 0;
  onWrite: () => void = () => undefined;
  override _write(_chunk: Buffer | string, _enc: BufferEncoding, cb: () => void) {
    this.writes++;
    this.onWrite();
    cb();
  }
}

async function run(withDashboard: boolean) {
  const rig = loadRig(rigPath);
  rig.config.board.rateHz = hz;
  const model = SatelliteNodeModel.fromRig(rig.config);
  const built = await buildBoard(rig, { speed: 1 });
  const board = built.board;
  const session = new Session({
    rigName: rig.config.name,
    mode: "emulated",
    board,
    model,
    lamp: lampConfig(rig),
    rateHz: hz,
    recorder: null,
    alarms: new AlarmMonitor(rig.config.limits, { link: () => board.stats() }),
  });
  // Arrival time of each frame by sequence number, and what each render pulled.
  const arrivals: { seq: number; atMs: number }[] = [];
  board.onFrame((f) => arrivals.push({ seq: f.seq, atMs: performance.now() }));
  let pulledSeq = -1;
  const view = new SessionView(session);
  const source = {
    getSnapshot: () => {
      const s = view.getSnapshot();
      pulledSeq = s.frame?.seq ?? -1;
      return s;
    },
    subscribe: (l: () => void) => view.subscribe(l),
  };
  const latencies: number[] = [];
  let covered = 0;
  const screen = new Screen();
  screen.onWrite = () => {
    const now = performance.now();
    for (; covered < arrivals.length && arrivals[covered]!.seq <= pulledSeq; covered++)
      latencies.push(now - arrivals[covered]!.atMs);
  };
  built.start();
  await session.start();
  // Let the board settle at the new rate before measuring.
  await new Promise((r) => setTimeout(r, 1500));
  covered = arrivals.length;
  const h = withDashboard
    ? startDashboard({
        source,
        controls: dashboardControls(session, view),
        stdout: screen as unknown as NodeJS.WriteStream,
        stdin: silentStdin(),
      })
    : null;
  const frames0 = arrivals.length;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const renders = h ? h.renders() - 1 : 0;
  const pace = h?.pace();
  h?.unmount();
  await session.stop("quit");
  built.stop();
  return {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    frames: arrivals.length - frames0,
    renders,
    pace,
    latencies: latencies.slice(0, covered),
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : Number.NaN;
};
const share = (r: { cpuMs: number; wallMs: number }) => (r.cpuMs / r.wallMs) * 100;

const results: { dash: boolean; r: Awaited<ReturnType<typeof run>> }[] = [];
for (let i = 0; i < pairs; i++)
  for (const dash of [false, true]) results.push({ dash, r: await run(dash) });
const withD = results.filter((x) => x.dash).map((x) => x.r);
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const diffs = Array.from(
  { length: pairs },
  (_, i) => share(results[2 * i + 1]!.r) - share(results[2 * i]!.r),
);
const out = [
  `dashboard on the emulated rig: ${hz} Hz frames, ${seconds} s per run, ${pairs} pairs, ${cols}x${rows}, NODE_ENV=${process.env.NODE_ENV ?? "(unset)"}`,
  ...results.map(
    ({ dash, r }) =>
      `  ${dash ? "session + dashboard" : "session alone      "}  frames ${String(r.frames).padStart(5)} (${(r.frames / (r.wallMs / 1000)).toFixed(1)}/s)  renders ${String(r.renders).padStart(4)}  CPU ${share(r).toFixed(1)} % of one core`,
  ),
  `dashboard share, difference: ${median(diffs).toFixed(2)} % of one core, median of ${pairs} pairs (range ${Math.min(...diffs).toFixed(2)} .. ${Math.max(...diffs).toFixed(2)}) (target < 5 %)`,
  `dashboard share, direct: ${avg(withD.map((r) => (((r.pace?.costMs ?? 0) * r.renders) / r.wallMs) * 100)).toFixed(2)} % of one core (renders only; ${withD.map((r) => r.pace?.costMs?.toFixed(2)).join(", ")} ms per render, ${withD.map((r) => (r.renders / (r.wallMs / 1000)).toFixed(1)).join(", ")} renders/s)`,
  `frame arrival -> on screen (it or a newer frame), ${withD.reduce((n, r) => n + r.latencies.length, 0)} frames: median ${pct(
    withD.flatMap((r) => r.latencies),
    50,
  ).toFixed(1)} ms, p95 ${pct(
    withD.flatMap((r) => r.latencies),
    95,
  ).toFixed(
    1,
  )} ms, max ${Math.max(...withD.flatMap((r) => r.latencies)).toFixed(1)} ms (target < 200 ms)`,
];
const load = new LoadRange();
const lat = withD.flatMap((r) => r.latencies);
emit(
  figure({
    name: `dashboard CPU share on the emulated rig at ${hz} Hz, ${cols}x${rows}`,
    unit: "% of one core",
    better: "lower",
    values: diffs,
    limit: 5,
    target: "< 5 % of one core",
    load,
    note: `(session + dashboard) minus session alone, ${pairs} pairs of ${seconds} s runs`,
    bench: "bench/dashboard-emulated.ts",
  }),
);
emit(
  figure({
    name: `dashboard latency p95 on the emulated rig, frame to screen, ${cols}x${rows}`,
    unit: "ms",
    better: "lower",
    values: pct(lat, 95),
    limit: 200,
    target: "< 200 ms",
    load,
    note: `median ${pct(lat, 50).toFixed(1)} ms over ${lat.length} frames`,
    bench: "bench/dashboard-emulated.ts",
  }),
);
// Exit once the text is out (a pipe is asynchronous): the emulator's timers would keep
// the process alive otherwise.
process.stdout.write(`${out.join("\n")}\n`, () => process.exit(0));
