/**
 * Model benchmark (`npx tsx bench/model.ts`): node-steps per second of the node kernel,
 * the single-node simulator (schedule + predictive policy + thermal guard + kernel), the
 * session's stepNode, and the fleet kernel (1000 nodes at different orbital phases); and
 * the wall time of one node-year at 1 s steps. Targets (issue 4): >= 20 million
 * node-steps/s on one core; a node-year in < 2 s. Figures depend on machine load: run it
 * on an idle machine, and compare the lines of one run with each other.
 */
import { nodeSchema } from "../src/config/schema/node.js";
import { orbitSchema } from "../src/config/schema/orbit.js";
import { schedulerSchema } from "../src/config/schema/scheduler.js";
import {
  createFleet,
  initialNodeState,
  KERNEL_OUT_SIZE,
  nodeKernel,
  nodeParams,
  simulate,
  stepFleet,
  stepNode,
} from "../src/node/index.js";
import { EclipseSchedule, resolveOrbit } from "../src/orbit/index.js";
import { emit, figure, LoadRange, tiny } from "./lib/figures.js";

const BENCH = "bench/model.ts";
/** BENCH_TINY: every loop a hundredth as long, one repetition (only the shape is checked). */
const SCALE = tiny ? 0.01 : 1;
const REPS = tiny ? 1 : 3;
const load = new LoadRange();

const node = nodeParams(nodeSchema.parse({ array: { source: "model" } }));
const orbit = resolveOrbit(orbitSchema.parse({ preset: "starlink", betaDeg: 20 }));
const scheduler = schedulerSchema.parse({ policy: "predictive" });
const geometry = new EclipseSchedule(orbit).geometryOfOrbit(0);
const T = orbit.periodS;

/**
 * Runs fn reps times and prints the best rate by wall time and by CPU time of this process
 * (user + system). On a shared machine the CPU-time figure is the one-core throughput; the
 * wall-time figure also counts time spent waiting for a core.
 */
function best(label: string, reps: number, fn: () => number): { wall: number; cpu: number } {
  let bestWall = 0;
  let bestCpu = 0;
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const steps = fn();
    const wallS = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const cpuS = (c.user + c.system) / 1e6;
    bestWall = Math.max(bestWall, steps / wallS);
    bestCpu = Math.max(bestCpu, steps / cpuS);
  }
  const m = (x: number) => (x / 1e6).toFixed(1).padStart(6);
  console.log(`${label.padEnd(58)} ${m(bestWall)} wall ${m(bestCpu)} cpu  M node-steps/s`);
  load.sample();
  return { wall: bestWall, cpu: bestCpu };
}

function kernelOnly(): number {
  const out = new Float64Array(KERNEL_OUT_SIZE);
  let e = node.initialJ;
  let tk = node.initialTempK;
  const n = 10_000_000 * SCALE;
  for (let i = 0; i < n; i++) {
    const ph = (i % 5739) / 5739;
    const il =
      ph < geometry.penumbraEntryPhase || ph >= geometry.penumbraExitPhase
        ? 1
        : geometry.illuminationAtPhase(ph);
    nodeKernel(node, e, tk, node.arrayFullSunW * il, il, il === 1 ? 1 : 0.25, 1, out);
    e = out[0]!;
    tk = out[1]!;
  }
  return n;
}

function simulator(): number {
  return simulate({ orbit, node, scheduler, orbits: 2000 * SCALE, dtS: 1, perOrbit: false }).totals
    .steps;
}

function session(): number {
  let s = initialNodeState(node);
  const n = 300_000 * SCALE;
  for (let i = 0; i < n; i++) {
    const ph = (i % T) / T;
    s = stepNode(node, s, 1, {
      illumination: geometry.illuminationAtPhase(ph),
      region: "sunlit",
      benchPowerMw: null,
      computeLevel: 1,
      orbitNumber: Math.floor(i / T),
      orbitPhase: ph,
    });
  }
  return n;
}

function fleet(): number {
  const n = 1000;
  const f = createFleet(node, n);
  const arr = new Float64Array(n);
  const ill = new Float64Array(n);
  const lvl = new Float64Array(n);
  const steps = 10_000 * SCALE;
  const pe = geometry.penumbraEntryPhase;
  const px = geometry.penumbraExitPhase;
  for (let k = 0; k < steps; k++) {
    const base = k / T;
    for (let i = 0; i < n; i++) {
      let ph = base + i / n;
      ph -= Math.floor(ph);
      const il = ph < pe || ph >= px ? 1 : geometry.illuminationAtPhase(ph);
      ill[i] = il;
      arr[i] = node.arrayFullSunW * il;
      lvl[i] = il === 1 ? 1 : 0.25;
    }
    stepFleet(node, f, 1, arr, ill, lvl);
  }
  return n * steps;
}

console.log(
  `orbitrig model benchmark: node ${process.version}, default node, 550 km, beta 20 deg, 1 s steps`,
);
const kernel = best("node kernel alone (1 node)", REPS, kernelOnly);
const sim = best("simulate(): 1 node, schedule + predictive + guard + kernel", REPS, simulator);
best("stepNode (session API, one NodeState object per step)", REPS, session);
const fl = best("fleet kernel: 1000 nodes at different phases", REPS, fleet);
const steps = (name: string, r: { wall: number; cpu: number }, limit: number | null) =>
  emit(
    figure({
      name,
      unit: "node-steps/s",
      values: r.wall,
      limit,
      target: limit === null ? null : `≥ ${limit / 1e6} M node-steps/s on one core`,
      load,
      note: `best of ${REPS}; per CPU second ${(r.cpu / 1e6).toFixed(1)} M`,
      bench: BENCH,
    }),
  );
steps("model: node kernel, 1 node", kernel, 20e6);
steps("model: simulate(), 1 node with schedule, policy and guard", sim, null);
steps("model: fleet kernel, 1000 nodes", fl, 20e6);

const year = 365.25 * 86400;
const yearOrbit = resolveOrbit(orbitSchema.parse({ preset: "starlink" }));
const c0 = process.cpuUsage();
const t0 = performance.now();
const r = simulate({
  orbit: yearOrbit,
  node,
  scheduler,
  orbits: (year * SCALE) / yearOrbit.periodS,
  dtS: 1,
  perOrbit: false,
});
const wall = (performance.now() - t0) / 1000;
const cu = process.cpuUsage(c0);
const cpu = (cu.user + cu.system) / 1e6;
console.log(
  `${"node-year, 1 s steps (simulate, beta from date + J2)".padEnd(58)} ${wall.toFixed(2).padStart(6)} s wall ${cpu.toFixed(2).padStart(6)} s cpu  (${(r.totals.steps / 1e6).toFixed(1)} M steps; target < 2 s)`,
);
emit(
  figure({
    name: "model: one node-year at 1 s steps (wall time)",
    unit: "s",
    better: "lower",
    values: wall / SCALE,
    limit: 2,
    target: "< 2 s",
    load,
    note: `${cpu.toFixed(2)} s CPU${tiny ? " (tiny: a hundredth of a year, scaled)" : ""}`,
    bench: BENCH,
  }),
);
