/** What `orbitrig replay` does (its options: ../commands/replay.ts). */
import type { PolicyName } from "../../config/schema/scheduler.js";
import { ExitCode } from "../../core/errors.js";
import { countOf } from "../../core/text.js";
import { formatRerun } from "../../report/compare.js";
import { progressBar } from "../../report/progress.js";
import { recordedRig } from "../../rig/recorded.js";
import { SatelliteNodeModel } from "../../rig/satellite.js";
import { describeDamage, openRecording } from "../../telemetry/reader.js";
import { rerunRecording } from "../../telemetry/rerun.js";
import { jsonOutput } from "../json-output.js";
import { timeWindow } from "../options.js";
import { runReplay } from "../session-runner.js";

export interface ReplayCliOptions {
  speed: number | "max";
  /** --from/--to, seconds since the recording's start. */
  from?: number;
  to?: number;
  policy?: PolicyName;
  set: string[];
  headless?: boolean;
  json?: boolean;
  publish?: string;
  projector?: boolean;
}

/** The recorded run re-run headless: returns the text to print. */
export function replayHeadless(file: string, opts: ReplayCliOptions): string {
  const window = timeWindow(opts.from, opts.to);
  const rec = openRecording(file);
  const h = rec.header;
  const { config, recordedPolicy, policy } = recordedRig(file, h, opts.set, opts.policy);
  const model = SatelliteNodeModel.fromRig(config, policy ? { policy } : {});
  const bar = progressBar("re-run");
  const result = rerunRecording(rec, model, { window, onProgress: (d, t) => bar.update(d, t) });
  bar.done();
  const changes = [opts.policy ? `policy ${opts.policy}` : null, ...opts.set]
    .filter(Boolean)
    .join(", ");
  const out = [
    `${file}: ${countOf(result.frames, "frame")}, recorded with policy ${recordedPolicy ?? "(not in header)"}`,
    "",
    formatRerun(result, {
      recorded: recordedPolicy ?? "as recorded",
      rerun: changes || "nothing changed",
    }),
  ];
  const damage = describeDamage(result.counts);
  if (damage) out.push(`file: ${damage}`);
  if (opts.json)
    return jsonOutput({
      recording: file,
      recordedPolicy,
      changes: { policy: opts.policy ?? null, set: opts.set },
      ...result,
    });
  return `${out.join("\n").trimEnd()}\n`;
}

/** The command's work: a headless re-run, or the playback session; returns the exit code. */
export async function replay(file: string, opts: ReplayCliOptions): Promise<number> {
  if (opts.headless) {
    process.stdout.write(replayHeadless(file, opts));
    return ExitCode.ok;
  }
  const window = timeWindow(opts.from, opts.to);
  return await runReplay({
    file,
    speed: opts.speed,
    ...(window.fromS !== undefined ? { fromS: window.fromS } : {}),
    ...(window.toS !== undefined ? { toS: window.toS } : {}),
    ...(opts.policy ? { policy: opts.policy } : {}),
    set: opts.set,
    headless: false,
    projector: opts.projector === true,
    json: opts.json === true,
    ...(opts.publish ? { publish: opts.publish } : {}),
  });
}
