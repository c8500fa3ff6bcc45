/**
 * `orbitrig replay FILE [--speed N|max] [--from T] [--to T] [--policy P] [--set k=v ...]
 * [--headless]`.
 *
 * Without --headless the recording plays through the same session and dashboard as a live
 * run (ReplayBoard; space pauses, +/- change speed, arrows seek). `--headless` re-runs the
 * recorded bench frames through the satellite model at full speed (with the recorded policy
 * and rig, or the ones given) and prints the recorded and re-run summaries side by side.
 */
import { POLICY_NAMES } from "../../config/schema/scheduler.js";
import type { ReplayCliOptions } from "../actions/replay.js";
import {
  durationS,
  keyValue,
  option,
  PUBLISH_FLAGS,
  PUBLISH_HELP,
  policy,
  repeatable,
  speed,
} from "../options.js";
import type { RegisterCommand } from "./types.js";

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
    .option("--projector", "start the dashboard in its projector view (P switches)")
    .option(PUBLISH_FLAGS, PUBLISH_HELP)
    .option("--json", "with --headless: the comparison as JSON")
    .action(async (file: string, opts: ReplayCliOptions) => {
      const { replay } = await import("../actions/replay.js");
      setExitCode(await replay(file, opts));
    });
};
