/**
 * CPU cost of one dashboard render, without the live pacing: the dashboard is rendered
 * back to back for a run of changing snapshots at each terminal size, and the CPU per render
 * (React, the panels, the rows and their write) is printed, median of rounds, with the frame
 * cache on and off in alternating rounds (ORBITRIG_FRAME_CACHE, src/ui/frame-writer.ts).
 * This is the low-noise figure behind bench/dashboard.ts's CPU share (share = cost x
 * renders/s).
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
import { movingSnapshot } from "../tests/ui/fixtures.js";
import { idleControls, silentStdin } from "./dashboard-fakes.js";
import { emit, figure, LoadRange } from "./lib/figures.js";

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

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(
  cols: number,
  rows: number,
): Promise<{ msPerRender: number; bytesPerRender: number }> {
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
  const app = render(el(movingSnapshot(0)), {
    stdout: screen as unknown as NodeJS.WriteStream,
    stdin: silentStdin(),
    exitOnCtrlC: false,
    patchConsole: false,
    // Each render below is followed by a pause that lets ink's own timers run, as the
    // live pacing does (the frame itself is written within the render).
    maxFps: 1000,
  });
  const bytes0 = screen.bytes;
  const c0 = process.cpuUsage();
  for (let i = 1; i <= renders; i++) {
    app.rerender(el(movingSnapshot(i)));
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

/** One round with the frame cache on (only changed rows are sent) or off (every row). */
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
  "frame cache (src/ui/frame-writer.ts): only the rows that changed since the frame on screen are sent; off = every row of every frame",
  "terminal   CPU ms/render, cache on (min..max)   cache off (min..max)   on/off   bytes/render on / off   share at 6 renders/s (on)",
];
const range = (xs: number[]) =>
  `${median(xs).toFixed(2).padStart(6)} (${Math.min(...xs).toFixed(2)}..${Math.max(...xs).toFixed(2)})`;
const load = new LoadRange();
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
    `${`${c}x${r}`.padEnd(9)}  ${range(msOn).padEnd(32)}  ${range(msOff).padEnd(21)}  ${(median(msOn) / median(msOff)).toFixed(2).padStart(6)}   ${`${median(on.map((x) => x.bytesPerRender)).toFixed(0)} / ${median(off.map((x) => x.bytesPerRender)).toFixed(0)}`.padStart(21)}   ${((median(msOn) * 6) / 10).toFixed(2).padStart(6)} %`,
  );
  emit(
    figure({
      name: `dashboard render cost, ${c}x${r}, frame cache on`,
      unit: "ms CPU per render",
      better: "lower",
      values: msOn,
      peer: "the same render with the frame cache off (every row sent)",
      peerValues: msOff,
      load,
      note: `${renders} renders per round; bytes per render ${median(on.map((x) => x.bytesPerRender)).toFixed(0)} on, ${median(off.map((x) => x.bytesPerRender)).toFixed(0)} off`,
      bench: "bench/dashboard-render.tsx",
    }),
  );
}
process.stdout.write(`${lines.join("\n")}\n`);
