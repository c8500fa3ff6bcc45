/**
 * CPU cost of one dashboard render, without timers or pacing: the dashboard is rendered
 * back to back for a run of changing snapshots at each terminal size, and the CPU per render
 * (React, layout, ink's output and the write) is printed, median of rounds. This is the
 * low-noise figure behind bench/dashboard.ts's CPU share (share = cost x renders/s).
 *
 *   npx tsx bench/dashboard-render.tsx [--renders 300] [--rounds 5] [--sizes 80x24,140x40]
 */

import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import { render } from "ink";
import type { SessionControls, SessionSnapshot } from "../src/session/types.js";
import "../src/ui/production-env.js";
import { DashboardApp } from "../src/ui/views/app.js";
import { makeFrame, makeNode, makeSnapshot, PERIOD_S } from "../tests/ui/fixtures.js";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const renders = Number(arg("renders", "300"));
const rounds = Number(arg("rounds", "5"));
const sizes = arg("sizes", "80x24,100x40,140x40,200x60")
  .split(",")
  .map((s) => s.split("x").map(Number) as [number, number]);

class Screen extends Writable {
  isTTY = true;
  bytes = 0;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void) {
    this.bytes += chunk.length;
    cb();
  }
}

const controls: SessionControls = {
  quit: async () => undefined,
  togglePause: () => undefined,
  changeSpeed: () => undefined,
  seek: () => undefined,
  cycleLampMode: () => undefined,
  forceEclipse: () => undefined,
  acknowledgeAlarms: () => undefined,
  addNote: () => undefined,
  capabilities: { pause: false, speed: true, seek: false, lamp: true },
};

/** Snapshot i: every panel's values move, as they do at 50 Hz telemetry. */
function snapshotAt(base: SessionSnapshot, i: number): SessionSnapshot {
  const powerMw = 100 + (i % 9000) / 10;
  const tS = i * 3;
  const trends = base.trends;
  return {
    ...base,
    frame: makeFrame({ powerMw, seq: i, hostMs: i * 20 }),
    node: makeNode({
      orbitPhase: (tS % PERIOD_S) / PERIOD_S,
      tS,
      socFraction: 0.5 + 0.3 * Math.sin(i / 50),
      nodeTempC: 35 + (i % 100) / 10,
    }),
    nowHostMs: i * 20,
    link: { ...base.link, lastFrameHostMs: i * 20, framesReceived: i },
    trends: {
      ...trends,
      benchPowerMw: trends.benchPowerMw.map((v, k) => v + ((i + k) % 7)),
    },
  };
}

function stdin() {
  return Object.assign(new EventEmitter(), {
    isTTY: false,
    setRawMode() {},
    setEncoding() {},
    resume() {},
    pause() {},
    ref() {},
    unref() {},
    read: () => null,
  }) as unknown as NodeJS.ReadStream;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(
  cols: number,
  rows: number,
): Promise<{ msPerRender: number; bytesPerRender: number }> {
  const base = makeSnapshot();
  const screen = new Screen(cols, rows);
  const el = (s: SessionSnapshot) => (
    <DashboardApp
      snapshot={s}
      controls={controls}
      color={true}
      staleLinkS={2}
      onQuitDone={() => undefined}
    />
  );
  const app = render(el(base), {
    stdout: screen as unknown as NodeJS.WriteStream,
    stdin: stdin(),
    exitOnCtrlC: false,
    patchConsole: false,
    // ink throttles its drawing (1 ms at most here) and writes on a timer: each render
    // below is followed by a pause that lets both run, as the live pacing does.
    maxFps: 1000,
  });
  const bytes0 = screen.bytes;
  const c0 = process.cpuUsage();
  for (let i = 1; i <= renders; i++) {
    app.rerender(el(snapshotAt(base, i)));
    await pause(3);
  }
  const c = process.cpuUsage(c0);
  const out = {
    msPerRender: (c.user + c.system) / 1000 / renders,
    bytesPerRender: (screen.bytes - bytes0) / renders,
  };
  app.unmount();
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Warm up the JIT on every size first.
for (const [c, r] of sizes) await measure(c, r);
const lines = [
  `dashboard render cost: ${renders} back-to-back renders x ${rounds} rounds per size, NODE_ENV=${process.env.NODE_ENV}`,
  "terminal   CPU ms/render (median)   min     max    bytes/render   share at 6 renders/s",
];
for (const [c, r] of sizes) {
  const runs: Awaited<ReturnType<typeof measure>>[] = [];
  for (let k = 0; k < rounds; k++) runs.push(await measure(c, r));
  const ms = runs.map((x) => x.msPerRender);
  const med = median(ms);
  lines.push(
    `${`${c}x${r}`.padEnd(9)}  ${med.toFixed(2).padStart(12)}            ${Math.min(...ms)
      .toFixed(2)
      .padStart(5)}  ${Math.max(...ms)
      .toFixed(2)
      .padStart(5)}  ${median(runs.map((x) => x.bytesPerRender))
      .toFixed(0)
      .padStart(12)}   ${((med * 6) / 10).toFixed(2).padStart(6)} %`,
  );
}
process.stdout.write(`${lines.join("\n")}\n`);
