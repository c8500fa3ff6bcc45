/**
 * `orbitrig replay FILE [--speed N|max] [--from T] [--to T] [--policy P] [--set k=v ...]
 * [--headless]`.
 *
 * Without --headless the recording plays through the same session and dashboard as a live
 * run (ReplayBoard; space pauses, +/- change speed, arrows seek). `--headless` re-runs the
 * recorded bench frames through the satellite model at full speed (with the recorded policy
 * and rig, or the ones given) and prints the recorded and re-run summaries side by side.
 */
import { parseRig } from "../../config/load.js";
import { POLICY_NAMES, type PolicyName } from "../../config/schema/scheduler.js";
import { formatRerun } from "../../report/compare.js";
import { progressBar } from "../../report/progress.js";
import { SatelliteNodeModel } from "../../rig/satellite.js";
import { describeDamage, openRecording } from "../../telemetry/reader.js";
import { applyOverrides, rerunRecording } from "../../telemetry/rerun.js";
import { durationS, keyValue, option, policy, repeatable, speed, timeWindow } from "../options.js";
import { PUBLISH_FLAGS, PUBLISH_HELP } from "../publish.js";
import { runReplay } from "../session-runner.js";
import type { RegisterCommand } from "./types.js";

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
}

/** The recorded run re-run headless: returns the text to print. */
export function replayHeadless(file: string, opts: ReplayCliOptions): string {
  const window = timeWindow(opts.from, opts.to);
  const rec = openRecording(file);
  const h = rec.header;
  const recordedPolicy =
    typeof h.session?.policy === "string" ? (h.session.policy as string) : null;
  const config = parseRig(
    applyOverrides(h.rig?.config, opts.set),
    `${file} (rig from the header${opts.set.length ? " + --set" : ""})`,
  );
  const policy =
    opts.policy ??
    (recordedPolicy && (POLICY_NAMES as readonly string[]).includes(recordedPolicy)
      ? (recordedPolicy as PolicyName)
      : undefined);
  const model = SatelliteNodeModel.fromRig(config, policy ? { policy } : {});
  const bar = progressBar("re-run");
  const result = rerunRecording(rec, model, { window, onProgress: (d, t) => bar.update(d, t) });
  bar.done();
  const changes = [opts.policy ? `policy ${opts.policy}` : null, ...opts.set]
    .filter(Boolean)
    .join(", ");
  const out = [
    `${file}: ${result.frames} frames, recorded with policy ${recordedPolicy ?? "(not in header)"}`,
    "",
    formatRerun(result, {
      recorded: recordedPolicy ?? "as recorded",
      rerun: changes || "nothing changed",
    }),
  ];
  const damage = describeDamage(result.counts);
  if (damage) out.push(`file: ${damage}`);
  if (opts.json)
    return `${JSON.stringify({ recording: file, recordedPolicy, changes: { policy: opts.policy ?? null, set: opts.set }, ...result }, null, 2)}\n`;
  return `${out.join("\n").trimEnd()}\n`;
}

export const register: RegisterCommand = (program, setExitCode) => {
  program
    .command("replay")
    .description(
      "play a recording back; with --policy/--set, re-run the node model on the recorded bench frames",
    )
    .argument("<file>", "recording (.ndjson)")
    .addOption(
      option("--speed <x>", 'recording seconds per wall second, or "max"', speed).default(1),
    )
    .addOption(
      option(
        "--from <t>",
        "start at this time since the recording's start (90, 90s, 5m, 1h30m)",
        durationS,
      ),
    )
    .addOption(option("--to <t>", "stop at this time", durationS))
    .addOption(
      option(
        "--policy <name>",
        `re-run with this duty-cycle policy (${POLICY_NAMES.join(", ")})`,
        policy,
      ),
    )
    .addOption(
      repeatable(
        "--set <key=value>",
        "re-run with a rig parameter changed, e.g. node.battery.capacityWh=120000",
        keyValue,
      ),
    )
    .option("--headless", "no playback: print the recorded and re-run summaries side by side")
    .option(PUBLISH_FLAGS, PUBLISH_HELP)
    .option("--json", "with --headless: the comparison as JSON")
    .action(async (file: string, opts: ReplayCliOptions) => {
      if (opts.headless) {
        process.stdout.write(replayHeadless(file, opts));
        return;
      }
      const window = timeWindow(opts.from, opts.to);
      setExitCode(
        await runReplay({
          file,
          speed: opts.speed,
          ...(window.fromS !== undefined ? { fromS: window.fromS } : {}),
          ...(window.toS !== undefined ? { toS: window.toS } : {}),
          ...(opts.policy ? { policy: opts.policy } : {}),
          set: opts.set,
          headless: false,
          json: opts.json === true,
          ...(opts.publish ? { publish: opts.publish } : {}),
        }),
      );
    });
};
