/** What one constellation run needs (built by setup.ts from a rig and the command line). */
import type { PolicyName, SchedulerConfig } from "../config/schema/scheduler.js";
import type { NodeParams } from "../node/params.js";
import type { Layout } from "./layout.js";
import type { Topology } from "./links.js";
import type { PlacementRules } from "./planner.js";
import type { SeriesOptions } from "./series.js";

export interface WorkloadSpec {
  kind: "jobs" | "saturated";
  loadFraction: number;
  meanJobAccelS: number;
  deadlineS: number | null;
  dropLate: boolean;
  seed: number;
}

export interface MigrationSpec {
  overheadFraction: number;
  checkpointAccelS: number;
}

export interface RunOptions {
  layout: Layout;
  topology: Topology;
  node: NodeParams;
  scheduler: SchedulerConfig;
  policy: PolicyName;
  steps: number;
  dtS: number;
  /** Work each link carries per second, accel-s/s (0: the nodes work alone). */
  linkCapacityAccelSPerS: number;
  migration: MigrationSpec;
  placement: PlacementRules;
  workload: WorkloadSpec;
  /** Record time series for charts (costs a little per node-step). */
  series?: SeriesOptions | null;
  /** Called every few thousand steps with the steps done and the steps in all (a UI's progress bar). */
  onProgress?: (stepsDone: number, steps: number) => void;
}
