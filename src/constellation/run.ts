/**
 * One constellation run at full speed: every node is the rig's node (nodeKernel, its own
 * policy and thermal guard, exactly as `simulate` steps it) on its own orbit; jobs arrive;
 * each step the follow-the-Sun planner moves work over the links; each node runs what it
 * holds, up to what its policy allows.
 *
 * Per step [t, t + dt]: (1) work in flight that arrives now joins its queue; (2) jobs that
 * arrived by t join their node's queue (and, with dropLate, jobs past their deadline are
 * dropped); (3) each node's light, eclipse window and allowed level (policy ∧ guard) at t;
 * (4) the plan, and the moves (the sender gives the work up now; it arrives after the
 * link's latency, at least one step later); (5) each node asks the kernel for
 * min(allowed, the lowest throttle level that clears its queue) and works off its queue.
 * With the "saturated" workload every node has endless work and asks for what its policy
 * allows, which is exactly `simulate`.
 */
import type { NodeStats } from "./figures.js";
import type { NodeOrbits } from "./orbits.js";
import { advance, type Ctx, context, observe } from "./passes.js";
import { planMigrations } from "./planner.js";
import type { WorkQueues } from "./queues.js";
import type { RunOptions } from "./run-options.js";
import type { RunSeries } from "./series.js";

export type { MigrationSpec, RunOptions, WorkloadSpec } from "./run-options.js";

const PROGRESS_STEPS = 2000;

export interface RunState {
  stats: NodeStats;
  queues: WorkQueues | null;
  energyJ: Float64Array;
  tempK: Float64Array;
  series: RunSeries | null;
  orbits: NodeOrbits;
}

/** Step j, between the passes: plan the routes and send the work. */
function migrate(c: Ctx, j: number, bin: number): void {
  const q = c.queues!;
  const { o, routes, dt } = c;
  const planned = planMigrations(
    c.view,
    o.topology,
    c.capacity,
    o.placement,
    dt,
    c.scratch,
    routes,
  );
  if (planned === 0) return;
  for (let r = 0; r < routes.count; r++) {
    const delaySteps = Math.max(1, Math.ceil(routes.latencyS[r]! / dt - 1e-9));
    const m = q.move(
      routes.from[r]!,
      routes.to[r]!,
      routes.amountAccelS[r]!,
      j,
      delaySteps,
      o.migration.overheadFraction,
      o.migration.checkpointAccelS,
    );
    if (c.series) c.series.moved[bin]! += m;
  }
}

export function runConstellation(o: RunOptions): RunState {
  const c = context(o);
  const { queues, stream, series, dt } = c;
  const deadlineS = o.workload.deadlineS;
  const dropLate = o.workload.dropLate && deadlineS !== null;
  for (let j = 0; j < o.steps; j++) {
    const tS = j * dt;
    const bin = series ? series.binOf(j) : 0;
    if (queues && stream) {
      queues.deliver(j);
      while (stream.nextS <= tS) {
        queues.arrive(stream.nextNode, stream.nextS, stream.nextSizeAccelS);
        if (series) series.offered[bin]! += stream.nextSizeAccelS;
        stream.advance();
      }
      if (dropLate) queues.dropDue(tS, deadlineS);
    }
    observe(c, j);
    if (c.planning) migrate(c, j, bin);
    advance(c, j, bin);
    if (o.onProgress && j % PROGRESS_STEPS === 0) o.onProgress(j, o.steps);
  }
  o.onProgress?.(o.steps, o.steps);
  const invCapJ = 1 / o.node.capacityJ;
  for (let n = 0; n < c.N; n++)
    c.stats.closeOrbit(
      n,
      (o.steps - c.orbits.iStart[n]!) * dt,
      c.orbits.periodS,
      dt,
      c.e[n]! * invCapJ,
    );
  return {
    stats: c.stats,
    queues,
    energyJ: c.e,
    tempK: c.tempK,
    series,
    orbits: c.orbits,
  };
}
