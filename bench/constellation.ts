/**
 * Constellation benchmark (`npx tsx bench/constellation.ts [--quick]`): node-steps per
 * second of the constellation model beside its peers on the same run, and the wall and CPU
 * time of the target case, 1,000 nodes for a day of 1 s steps (target: under a
 * minute on one core), as `orbitrig constellation` runs it (the constellation and its
 * independent twin).
 *
 * Peers, same nodes, same orbits, same steps:
 * - N × simulate(): the single-node fast path, once per node (the saturated workload, where
 *   the constellation must give the same numbers);
 * - a naive loop: one object per node, the session's API (EclipseSchedule, Scheduler,
 *   stepNode) called per node per step, as one would first write it.
 * Figures depend on machine load: compare the lines of one run with each other. The CPU
 * column is this process's CPU time (one core's throughput on a shared machine).
 */
import { loadRig } from "../src/config/index.js";
import {
  type PreparedConstellation,
  prepareConstellation,
  runConstellation,
} from "../src/constellation/index.js";
import { initialNodeState, simulate, stepNode } from "../src/node/index.js";
import { EclipseSchedule } from "../src/orbit/index.js";
import { INITIAL_MEMORY, policyContext, Scheduler } from "../src/scheduler/index.js";
import { emit, figure, LoadRange } from "./lib/figures.js";

const quick = process.argv.includes("--quick");
const load = new LoadRange();
const BENCH = "bench/constellation.ts";
const rig = loadRig("sim-starlink").config;

function timed(fn: () => void): { wallS: number; cpuS: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const cu = process.cpuUsage(c0);
  return { wallS: (performance.now() - t0) / 1000, cpuS: (cu.user + cu.system) / 1e6 };
}

/** Best of reps, as M node-steps/s by wall and by CPU time. */
function rate(label: string, nodeSteps: number, reps: number, fn: () => void): number {
  let wall = 0;
  let cpu = 0;
  for (let r = 0; r < reps; r++) {
    const t = timed(fn);
    wall = Math.max(wall, nodeSteps / t.wallS);
    cpu = Math.max(cpu, nodeSteps / t.cpuS);
  }
  const m = (x: number) => (x / 1e6).toFixed(2).padStart(6);
  console.log(`${label.padEnd(70)} ${m(wall)} wall ${m(cpu)} cpu  M node-steps/s`);
  load.sample();
  return wall;
}

function prepare(nodes: number, planes: number, orbits: number, workload: "jobs" | "saturated") {
  return prepareConstellation(rig, { nodes, planes, orbits, workload });
}

function naive(c: PreparedConstellation): void {
  const p = c.run.node;
  const nodes = c.layout.nodes.map((x) => ({
    schedule: new EclipseSchedule(x.orbit),
    scheduler: new Scheduler(rig.scheduler, policyContext(p), c.run.policy),
    state: initialNodeState(p),
    memory: INITIAL_MEMORY,
  }));
  for (let j = 0; j < c.run.steps; j++) {
    const tS = j * c.run.dtS;
    for (const n of nodes) {
      const w = n.schedule.nextEclipse(tS);
      const pos = n.schedule.position(tS);
      const illumination = n.schedule.illumination(tS);
      const d = n.scheduler.decide(
        {
          tS,
          socFraction: n.state.socFraction,
          batteryJ: n.state.batteryWh * 3600,
          nodeTempC: n.state.nodeTempC,
          illumination,
          eclipseEntryInS: w ? w.entryInS : Number.POSITIVE_INFINITY,
          eclipseExitInS: w ? w.exitInS : Number.POSITIVE_INFINITY,
          arrayFullSunW: p.arrayFullSunW,
        },
        n.memory,
      );
      n.memory = d.memory;
      n.state = stepNode(p, n.state, c.run.dtS, {
        illumination,
        region: n.schedule.region(tS),
        benchPowerMw: null,
        computeLevel: d.level,
        orbitNumber: pos.orbitNumber,
        orbitPhase: pos.phase,
      });
    }
  }
}

console.log(
  `orbitrig constellation benchmark: node ${process.version}, sim-starlink (default node, 550 km / 53°, beta from the date), 1 s steps`,
);
const reps = quick ? 1 : 3;
{
  const orbits = quick ? 0.2 : 1;
  const sat = prepare(1000, 20, orbits, "saturated");
  const ns = 1000 * sat.run.steps;
  console.log(
    `\n1,000 nodes in 20 planes, ${orbits} orbit (${(ns / 1e6).toFixed(1)} M node-steps), saturated workload:`,
  );
  const model = rate(
    "  constellation model (no links needed: every node has work)",
    ns,
    reps,
    () => {
      runConstellation(sat.run);
    },
  );
  const peer = rate("  peer: 1,000 × simulate(), one node at a time", ns, reps, () => {
    for (const x of sat.layout.nodes)
      simulate({
        orbit: x.orbit,
        node: sat.run.node,
        scheduler: rig.scheduler,
        policy: sat.run.policy,
        orbits,
        perOrbit: false,
      });
  });
  emit(
    figure({
      name: "constellation: 1,000 nodes, saturated workload",
      unit: "node-steps/s",
      values: model,
      peer: "1,000 × simulate() (the single-node fast path)",
      peerValues: peer,
      load,
      note: `best of ${reps}, wall clock`,
      bench: BENCH,
    }),
  );
  const few = prepare(1000, 20, quick ? 0.02 : 0.1, "saturated");
  rate(
    "  peer: naive loop, one object per node (session API), 0.1 orbit",
    1000 * few.run.steps,
    1,
    () => naive(few),
  );
  const jobs = prepare(1000, 20, orbits, "jobs");
  console.log("1,000 nodes, jobs at 60 % load, follow-the-Sun over 100 Gbps in-plane links:");
  rate("  constellation model (planner every step)", ns, reps, () => {
    runConstellation(jobs.run);
  });
  rate("  its independent twin (same jobs, no links)", ns, reps, () => {
    runConstellation({ ...jobs.run, linkCapacityAccelSPerS: 0 });
  });
}
{
  const orbits = quick ? 0.05 : 0.25;
  const big = prepare(10_000, 100, orbits, "jobs");
  const ns = 10_000 * big.run.steps;
  console.log(
    `10,000 nodes in 100 planes, ${orbits} orbit (${(ns / 1e6).toFixed(1)} M node-steps), jobs, follow-the-Sun:`,
  );
  rate("  constellation model", ns, 1, () => {
    runConstellation(big.run);
  });
}
if (!quick) {
  const day = prepareConstellation(rig, { nodes: 1000, planes: 20, days: 1 });
  const t = timed(() => {
    runConstellation(day.run);
    runConstellation({ ...day.run, linkCapacityAccelSPerS: 0 });
  });
  console.log(
    `\n1,000 nodes × 1 day of 1 s steps (${((1000 * day.run.steps) / 1e6).toFixed(1)} M node-steps, twice: constellation + independent twin): ${t.wallS.toFixed(1)} s wall, ${t.cpuS.toFixed(1)} s cpu (target < 60 s)`,
  );
  emit(
    figure({
      name: "constellation: 1,000 nodes × 1 day, with its independent twin (wall time)",
      unit: "s",
      better: "lower",
      values: t.wallS,
      limit: 60,
      target: "< 60 s",
      load,
      note: `${t.cpuS.toFixed(1)} s CPU`,
      bench: BENCH,
    }),
  );
}
