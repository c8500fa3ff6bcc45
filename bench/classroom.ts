/**
 * The classroom at scale: 40 rigs publishing at 5 Hz to the embedded broker on one
 * machine, the teacher's view following them all.
 *
 *   npx tsx bench/classroom.ts [--rigs 40] [--hz 5] [--seconds 20] [--size 140x50]
 *
 * Processes, so each CPU figure is one program's own: this one runs the embedded broker
 * (aedes) on a free 127.0.0.1 port; a child runs the 40 publishers (the real MqttPublisher,
 * each fed by a synthetic session whose status changes every call); a child runs the
 * teacher's view (ClassroomSubscriber + the ink view, drawing into a discarding terminal of
 * the given size); a child runs the subscriber alone, without the view; and, when
 * installed, `mosquitto_sub` receives the same state stream as the peer.
 *
 * Printed side by side, after a warm-up: CPU share of one core (user + system over wall
 * time) and latency from a state's publish (its wallMs) to the view's screen (the render
 * that first shows it), to the bare subscriber, and to mosquitto_sub's output.
 * Not a timed test: run it on a quiet machine.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { startBroker } from "../src/network/broker.js";
import { newCredentials } from "../src/network/credentials.js";
import { MqttPublisher } from "../src/network/publisher.js";
import { ClassroomSubscriber } from "../src/network/subscriber.js";
import { startClassroomView } from "../src/ui/index.js";
import { makeNode, makeSnapshot } from "../tests/ui/fixtures.js";
import { emit, figure, LoadRange } from "./lib/figures.js";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const role = arg("role", "main");
const rigs = Number(arg("rigs", "40"));
const hz = Number(arg("hz", "5"));
const seconds = Number(arg("seconds", "20"));
const warmupS = 3;
const CLASS = "bench";

interface Figures {
  cpuPct: number;
  latencies: number[];
  messages: number;
  renders?: number;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Measures over `seconds` after the warm-up; calls `sample` to collect latencies. */
async function measure(collect: { latencies: number[]; on: boolean }): Promise<{ cpuPct: number }> {
  await new Promise((r) => setTimeout(r, warmupS * 1000));
  collect.on = true;
  const c0 = cpuMs();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  collect.on = false;
  return { cpuPct: ((cpuMs() - c0) / (performance.now() - t0)) * 100 };
}

async function publishers(url: string, passwords: string[]): Promise<void> {
  const list: MqttPublisher[] = [];
  for (let i = 0; i < rigs; i++) {
    let calls = 0;
    const session = {
      status: () => {
        calls++;
        const soc = 0.5 + 0.4 * Math.sin(calls / 50 + i);
        return makeSnapshot({ node: makeNode({ socFraction: soc, workAccelS: calls * 10 + i }) });
      },
      forceEclipse: () => undefined,
      togglePause: () => undefined,
      addNote: () => undefined,
      capabilities: { pause: false, speed: true, seek: false, lamp: true },
      setPolicy: () => ({ ok: false as const, reason: "bench" }),
      setParameter: () => ({ ok: false as const, reason: "bench" }),
    };
    const p = new MqttPublisher({
      url,
      cls: CLASS,
      rigId: `desk-${i + 1}`,
      account: { username: `desk-${i + 1}`, password: passwords[i]! },
      stateHz: hz,
      facts: {
        name: `desk ${i + 1}`,
        mode: "emulated",
        orbit: { periodS: 5736, timeScale: 15, altitudeKm: 550, fixedBetaDeg: null, kind: "orbit" },
        params: {
          capacityJ: 80_000 * 3600,
          floorJ: 32_000 * 3600,
          arrayFullSunW: 150_000,
          accelerators: 72,
        },
      },
      session,
    });
    p.begin(makeSnapshot().board!);
    list.push(p);
  }
  process.stdout.write("ready\n");
  await new Promise((r) => setTimeout(r, (warmupS + seconds + 5) * 1000));
  const dropped = list.reduce((a, p) => a + p.stats().dropped, 0);
  const reconnects = list.reduce((a, p) => a + p.stats().reconnects, 0);
  process.stdout.write(`${JSON.stringify({ dropped, reconnects })}\n`);
  for (const p of list) await p.close(200);
}

async function follower(url: string, password: string, withView: boolean): Promise<void> {
  const sub = await ClassroomSubscriber.open({
    url,
    cls: CLASS,
    account: { username: "teacher", password },
  });
  const collect = { latencies: [] as number[], on: false };
  const seen = new Map<string, number>();
  const note = (s: ReturnType<typeof sub.getSnapshot>) => {
    const now = Date.now();
    for (const r of s.rigs) {
      const w = r.state?.wallMs;
      if (w === undefined || seen.get(r.id) === w) continue;
      seen.set(r.id, w);
      if (collect.on) collect.latencies.push(now - w);
    }
  };
  let renders = () => 0;
  if (withView) {
    const [cols, rowsN] = arg("size", "140x50").split("x").map(Number) as [number, number];
    const screen = Object.assign(
      new Writable({
        write: (_c, _e, cb) => cb(),
      }),
      { isTTY: true, columns: cols, rows: rowsN },
    ) as unknown as NodeJS.WriteStream;
    const stdin = Object.assign(new Writable({ write: (_c, _e, cb) => cb() }), {
      isTTY: false,
      setRawMode: () => undefined,
      on: () => stdin,
      off: () => stdin,
      removeListener: () => stdin,
      setEncoding: () => undefined,
      resume: () => undefined,
      pause: () => undefined,
      ref: () => undefined,
      unref: () => undefined,
      read: () => null,
    }) as unknown as NodeJS.ReadStream;
    const view = startClassroomView({
      source: sub,
      send: () => Promise.resolve(""),
      stdout: screen,
      stdin,
      env: {},
    });
    // The render that draws a state is when the teacher can see it.
    view.afterRender(note);
    renders = view.renders;
  } else {
    sub.subscribe(() => note(sub.getSnapshot()));
  }
  process.stdout.write("ready\n");
  const r0 = renders();
  const { cpuPct } = await measure(collect);
  const f: Figures = {
    cpuPct,
    latencies: collect.latencies,
    messages: sub.getSnapshot().received,
    renders: renders() - r0,
  };
  process.stdout.write(`${JSON.stringify(f)}\n`);
  process.exit(0);
}

function child(args: string[]): { proc: ChildProcess; lines: AsyncIterableIterator<string> } {
  const shared = ["--rigs", String(rigs), "--hz", String(hz), "--seconds", String(seconds)];
  const size = ["--size", arg("size", "140x50")];
  const all = [...args, ...shared, ...size];
  // PROF=DIR writes a CPU profile of the view's process there (node --cpu-prof).
  const prof =
    args[1] === "view" && process.env.PROF
      ? ["--cpu-prof", "--cpu-prof-dir", process.env.PROF]
      : [];
  const proc = spawn(process.execPath, [...prof, "--import", "tsx", "bench/classroom.ts", ...all], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  const lines = createInterface({ input: proc.stdout! })[Symbol.asyncIterator]();
  return { proc, lines };
}

async function next(it: AsyncIterableIterator<string>): Promise<string> {
  const r = await it.next();
  if (r.done) throw new Error("child ended early");
  return r.value;
}

/** CPU seconds of another process so far (/proc/PID/stat utime + stime). */
function procCpuS(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
}

async function peerMosquittoSub(port: number, password: string): Promise<Figures | null> {
  if (spawnSync("sh", ["-c", "command -v mosquitto_sub"]).status !== 0) return null;
  const proc = spawn("mosquitto_sub", [
    ...["-h", "127.0.0.1", "-p", String(port), "-u", "viewer", "-P", password, "-V", "mqttv311"],
    ...["-t", `orbitrig/v1/${CLASS}/+/state`],
  ]);
  const collect = { latencies: [] as number[], on: false };
  let messages = 0;
  createInterface({ input: proc.stdout }).on("line", (line) => {
    messages++;
    const m = /"wallMs":(\d+)/.exec(line);
    if (m && collect.on) collect.latencies.push(Date.now() - Number(m[1]));
  });
  await new Promise((r) => setTimeout(r, warmupS * 1000));
  collect.on = true;
  const c0 = procCpuS(proc.pid!);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  collect.on = false;
  const cpuPct = ((procCpuS(proc.pid!) - c0) / ((performance.now() - t0) / 1000)) * 100;
  proc.kill();
  return { cpuPct, latencies: collect.latencies, messages };
}

async function main(): Promise<void> {
  const ids = Array.from({ length: rigs }, (_, i) => `desk-${i + 1}`);
  const c = newCredentials(CLASS, ids);
  const broker = await startBroker({ credentials: c, port: 0 });
  const url = broker.url;
  const cBroker0 = cpuMs();
  const passwords = c.rigs.map((r) => r.password).join(",");
  const pubs = child(["--role", "publishers", "--url", url, "--passwords", passwords]);
  await next(pubs.lines);
  const view = child(["--role", "view", "--url", url, "--password", c.teacher.password]);
  const bare = child(["--role", "subscriber", "--url", url, "--password", c.teacher.password]);
  await Promise.all([next(view.lines), next(bare.lines)]);
  const t0 = performance.now();
  const [vf, bf, pf] = await Promise.all([
    next(view.lines).then((l) => JSON.parse(l) as Figures),
    next(bare.lines).then((l) => JSON.parse(l) as Figures),
    peerMosquittoSub(broker.port, c.viewer.password),
  ]);
  const brokerPct = ((cpuMs() - cBroker0) / (performance.now() - t0 + warmupS * 1000)) * 100;
  const dropped = JSON.parse(await next(pubs.lines)) as { dropped: number };
  await broker.close();
  const row = (name: string, f: Figures | null) =>
    f
      ? `${name.padEnd(34)} ${f.cpuPct.toFixed(1).padStart(6)} %  ${percentile(f.latencies, 50).toFixed(0).padStart(5)} ms ${percentile(f.latencies, 95).toFixed(0).padStart(6)} ms ${Math.max(
          ...f.latencies,
        )
          .toFixed(0)
          .padStart(6)} ms  ${String(f.latencies.length).padStart(6)}`
      : `${name.padEnd(34)} (mosquitto_sub not installed)`;
  const expected = rigs * hz * seconds;
  console.log(
    `${rigs} rigs × ${hz} Hz for ${seconds} s (after ${warmupS} s warm-up), one machine, loopback`,
  );
  console.log(`${"".padEnd(34)}   CPU    p50 lat  p95 lat  max lat  states`);
  console.log(row("teacher's view (subscriber + ink)", vf));
  console.log(row("subscriber alone (no screen)", bf));
  console.log(row("peer: mosquitto_sub (prints lines)", pf));
  console.log(
    `messages received in all: view ${vf.messages}, subscriber ${bf.messages}, mosquitto_sub ${pf?.messages}`,
  );
  console.log(
    `view: ${vf.renders} renders (${(vf.renders! / seconds).toFixed(1)}/s); states expected ≈ ${expected}; publishers dropped ${dropped.dropped}; broker (aedes, this process) ≈ ${brokerPct.toFixed(1)} % of a core`,
  );
  console.log(
    `targets: view < 10 % of a core: ${vf.cpuPct < 10 ? "met" : "MISSED"}; p95 publish→screen < 200 ms: ${percentile(vf.latencies, 95) < 200 ? "met" : "MISSED"}`,
  );
  const load = new LoadRange();
  emit(
    figure({
      name: `classroom: teacher's view CPU share, ${rigs} rigs at ${hz} Hz`,
      unit: "% of one core",
      better: "lower",
      values: vf.cpuPct,
      limit: 10,
      target: "< 10 % of one core",
      load,
      note: `the subscriber alone: ${bf.cpuPct.toFixed(1)} %; mosquitto_sub: ${pf ? `${pf.cpuPct.toFixed(1)} %` : "not installed"}`,
      bench: "bench/classroom.ts",
    }),
  );
  emit(
    figure({
      name: `classroom: p95 latency publish to teacher's screen, ${rigs} rigs`,
      unit: "ms",
      better: "lower",
      values: percentile(vf.latencies, 95),
      peer: pf ? "mosquitto_sub (publish to printed line)" : null,
      peerValues: pf ? percentile(pf.latencies, 95) : null,
      limit: 200,
      target: "< 200 ms",
      load,
      note: `${vf.latencies.length} states on screen; ${seconds} s after ${warmupS} s warm-up`,
      bench: "bench/classroom.ts",
    }),
  );
  view.proc.kill();
  bare.proc.kill();
  pubs.proc.kill();
  process.exit(0);
}

if (role === "publishers") await publishers(arg("url", ""), arg("passwords", "").split(","));
else if (role === "view") await follower(arg("url", ""), arg("password", ""), true);
else if (role === "subscriber") await follower(arg("url", ""), arg("password", ""), false);
else await main();
