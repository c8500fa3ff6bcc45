/**
 * CPU cost of one dashboard render, without the live pacing: the dashboard is rendered
 * back to back for a run of changing snapshots at each terminal size, and the CPU per render
 * (React, layout, ink's output and the write) is printed, median of rounds. This is the
 * low-noise figure behind bench/dashboard.ts's CPU share (share = cost x renders/s).
 *
 *   NODE_ENV=production npx tsx bench/dashboard-render.tsx [--renders 300] [--rounds 5] [--sizes 80x24,140x40]
 *
 * NODE_ENV must be set by the caller (`npm run bench` does). React picks its build when it
 * loads, and the JSX compiler puts this file's `react/jsx-runtime` import ahead of every
 * other, so an in-file default (like src/ui/production-env.ts) comes too late: React's
 * development JSX runtime would meet ink's production reconciler, and nothing is drawn.
 */

import { Writable } from "node:stream";
import { render } from "ink";
import { FrameWriter } from "../src/ui/frame-writer.js";
import type { SessionSnapshot } from "../src/ui/snapshot.js";
import { DashboardApp } from "../src/ui/views/app.js";
import { makeFrame, makeNode, makeSnapshot, PERIOD_S } from "../tests/ui/fixtures.js";
import { idleControls, silentStdin } from "./dashboard-fakes.js";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
if (process.env.NODE_ENV !== "production") {
  process.stderr.write("dashboard-render: run with NODE_ENV=production (see the header)\n");
  process.exit(2);
}
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

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(
  cols: number,
  rows: number,
): Promise<{ msPerRender: number; bytesPerRender: number }> {
  const base = makeSnapshot();
  const screen = new Screen(cols, rows);
  // Reads ORBITRIG_FRAME_CACHE now: measureWith() below sets it for this round.
  const frames = new FrameWriter(screen);
  const el = (s: SessionSnapshot) => (
    <DashboardApp
      snapshot={s}
      controls={idleControls}
      color={true}
      staleLinkS={2}
      onQuitDone={() => undefined}
      frames={frames}
    />
  );
  const app = render(el(base), {
    stdout: screen as unknown as NodeJS.WriteStream,
    stdin: silentStdin(),
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
  // A render that draws nothing would measure nothing: insist on real output.
  if (screen.bytes - bytes0 < renders * 100)
    throw new Error(
      `dashboard-render: only ${screen.bytes - bytes0} bytes drawn in ${renders} renders`,
    );
  const out = {
    msPerRender: (c.user + c.system) / 1000 / renders,
    bytesPerRender: (screen.bytes - bytes0) / renders,
  };
  app.unmount();
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One round with ink's frame-to-frame output cache (patches/ink+6.8.0.patch) on or off. */
async function measureWith(cache: boolean, cols: number, rows: number) {
  process.env.ORBITRIG_FRAME_CACHE = cache ? "1" : "0";
  try {
    return await measure(cols, rows);
  } finally {
    delete process.env.ORBITRIG_FRAME_CACHE;
  }
}

// Warm up the JIT on every size first.
for (const [c, r] of sizes) await measureWith(true, c, r);
const lines = [
  `dashboard render cost: ${renders} renders x ${rounds} rounds per size and mode (rounds alternate), NODE_ENV=${process.env.NODE_ENV}`,
  "frame cache (patches/ink+6.8.0.patch): a render reuses the tokenized lines and row texts of the render before; off = nothing reused, as in ink 6.8.0",
  "terminal   CPU ms/render, cache on (min..max)   cache off (min..max)   on/off   bytes/render   share at 6 renders/s (on)",
];
const range = (xs: number[]) =>
  `${median(xs).toFixed(2).padStart(6)} (${Math.min(...xs).toFixed(2)}..${Math.max(...xs).toFixed(2)})`;
for (const [c, r] of sizes) {
  const on: Awaited<ReturnType<typeof measure>>[] = [];
  const off: Awaited<ReturnType<typeof measure>>[] = [];
  for (let k = 0; k < rounds; k++) {
    on.push(await measureWith(true, c, r));
    off.push(await measureWith(false, c, r));
  }
  const msOn = on.map((x) => x.msPerRender);
  const msOff = off.map((x) => x.msPerRender);
  lines.push(
    `${`${c}x${r}`.padEnd(9)}  ${range(msOn).padEnd(32)}  ${range(msOff).padEnd(21)}  ${(median(msOn) / median(msOff)).toFixed(2).padStart(6)}   ${median(
      on.map((x) => x.bytesPerRender),
    )
      .toFixed(0)
      .padStart(12)}   ${((median(msOn) * 6) / 10).toFixed(2).padStart(6)} %`,
  );
}
process.stdout.write(`${lines.join("\n")}\n`);
