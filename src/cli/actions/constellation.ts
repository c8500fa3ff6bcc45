/** What `orbitrig constellation` does (its options: ../commands/constellation.ts). */
import { loadRig } from "../../config/index.js";
import type { PLACEMENT_MODES, WORKLOAD_KINDS } from "../../config/schema/constellation.js";
import type { PolicyName } from "../../config/schema/scheduler.js";
import { compareConstellation } from "../../constellation/compare.js";
import { formatConstellation } from "../../constellation/format.js";
import { prepareConstellation } from "../../constellation/setup.js";
import { ExitCode } from "../../core/errors.js";
import { writeConstellationReport } from "../../report/constellation-report.js";
import { progressBar } from "../../report/progress.js";
import { runDeskBench } from "../desk-bench.js";
import { jsonOutput } from "../json-output.js";
import { usageError } from "../options.js";

export interface ConstellationOptions {
  rig?: string;
  bench?: string[];
  ring?: string;
  ids?: string;
  ports?: string;
  speed?: number | "max";
  pacing?: "lockstep" | "wall";
  broker?: string;
  credentials?: string;
  record: boolean;
  nodes?: number;
  planes?: number;
  orbits?: number;
  days?: number;
  policy?: PolicyName;
  dt: number;
  linkGbps?: number;
  crossPlane?: boolean;
  placement?: (typeof PLACEMENT_MODES)[number];
  workload?: (typeof WORKLOAD_KINDS)[number];
  load?: number;
  seed?: number;
  json?: boolean;
  report?: string;
}

/**
 * Writes to stdout and resolves once the text is handed to the OS. main.ts exits soon after a
 * command returns, and Node drops what a pipe has not yet taken (JSON of a large
 * constellation is well over a pipe's 64-128 KiB), so the command waits for the write.
 */
function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (e) => (e ? reject(e) : resolve()));
  });
}

/** A comma-separated list: "desk-1,desk-2" -> ["desk-1", "desk-2"]. */
const list = (text: string) =>
  text
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** The constellation against the same nodes alone, or a desk constellation; the exit code. */
export async function constellation(o: ConstellationOptions): Promise<number> {
  if (o.bench || o.ring) {
    const code = await runDeskBench({
      ...(o.bench ? { bench: o.bench } : {}),
      ...(o.ring ? { ring: list(o.ring) } : {}),
      ...(o.rig ? { rig: o.rig } : {}),
      ...(o.ids ? { ids: list(o.ids) } : {}),
      ...(o.ports ? { ports: list(o.ports) } : {}),
      ...(o.speed !== undefined ? { speed: o.speed } : {}),
      ...(o.pacing ? { pacing: o.pacing } : {}),
      ...(o.broker ? { broker: o.broker } : {}),
      ...(o.credentials ? { credentials: o.credentials } : {}),
      ...(o.orbits !== undefined ? { orbits: o.orbits } : {}),
      record: o.record,
      ...(o.linkGbps !== undefined ? { linkGbps: o.linkGbps } : {}),
      ...(o.placement ? { placement: o.placement } : {}),
      ...(o.load !== undefined ? { load: o.load } : {}),
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
    });
    return code;
  }
  if (!o.rig)
    throw usageError("--rig: give the rig file (or --bench RIG1 RIG2 … for a desk constellation)");
  if (o.orbits !== undefined && o.days !== undefined)
    throw usageError("--orbits and --days: give one run length, not both");
  const loaded = loadRig(o.rig);
  const rig = loaded.config;
  const prepared = prepareConstellation(rig, {
    nodes: o.nodes,
    planes: o.planes,
    policy: o.policy,
    orbits: o.orbits,
    days: o.days,
    dtS: o.dt,
    linkGbps: o.linkGbps,
    crossPlane: o.crossPlane,
    placement: o.placement,
    workload: o.workload,
    loadFraction: o.load,
    seed: o.seed,
    series: o.report !== undefined ? {} : null,
  });
  const bar = progressBar("constellation");
  const outcome = compareConstellation(prepared, (f) => bar.update(f, 1));
  bar.done();
  const c = outcome.comparison;
  if (o.report !== undefined) {
    const r = await writeConstellationReport(rig.name, outcome, o.report);
    if (!o.json) process.stderr.write(`report: ${r.files.length} files in ${r.outDir}\n`);
  }
  if (o.json) {
    await writeOut(jsonOutput({ rig: loaded.path, name: rig.name, ...c }));
    return ExitCode.ok;
  }
  await writeOut(formatConstellation(rig.name, c));
  return ExitCode.ok;
}
