/**
 * `orbitrig demo`: the emulated rig (the real firmware in an emulated Uno) with the live
 * dashboard; no hardware needed. The rig defaults to the shipped `emulated` rig.
 */
import { POLICY_NAMES, type PolicyName } from "../../config/schema/scheduler.js";
import type { FaultSpec } from "../../emulator/faults.js";
import {
  faultHelpText,
  faultSpec,
  JOIN_HELP,
  option,
  PUBLISH_FLAGS,
  PUBLISH_HELP,
  policy,
  positiveDurationS,
  RIG_HELP,
  recordingPath,
  repeatable,
  speed,
} from "../options.js";
import type { RegisterCommand } from "./types.js";

/** The rig `demo` and `emulate` use without --rig: rigs/emulated.yaml, found by name. */
export const DEFAULT_RIG = "emulated";

export const register: RegisterCommand = (program, setExitCode) => {
  program
    .command("demo")
    .description(
      "run the emulated rig (the real firmware in an emulated Uno) with the live dashboard; no hardware needed",
    )
    .option("--rig <file|name>", RIG_HELP, DEFAULT_RIG)
    .option("--headless", "no dashboard: a status line every few seconds, then a summary")
    .option(
      "--projector",
      "start the dashboard in its projector view: big numbers for a class (P switches)",
    )
    .addOption(
      option(
        "--duration <time>",
        "stop after this much bench time (90, 90s, 5m, 1h30m)",
        positiveDurationS,
      ),
    )
    .addOption(
      option(
        "--record <file>",
        "recording path (default: recordings/<rig>-<time>.ndjson)",
        recordingPath,
      ),
    )
    .option("--overwrite", "replace the --record file if it exists (otherwise it is refused)")
    .option("--no-record", "do not record")
    .addOption(
      option(
        "--speed <x>",
        'emulated seconds per wall second (1 = real time), or "max"',
        speed,
      ).default(1),
    )
    .addOption(
      repeatable(
        "--fault <spec>",
        "inject a fault into the emulated rig (kinds below); repeatable",
        faultSpec,
      ),
    )
    .addOption(
      option(
        "--policy <name>",
        `duty-cycle policy, overrides the rig file (${POLICY_NAMES.join(", ")})`,
        policy,
      ),
    )
    .option(PUBLISH_FLAGS, PUBLISH_HELP)
    .option("--join", JOIN_HELP)
    .option("--json", "print the summary as JSON")
    .addHelpText("after", faultHelpText())
    .action(
      async (o: {
        rig: string;
        headless?: boolean;
        projector?: boolean;
        duration?: number;
        record?: string | boolean;
        overwrite?: boolean;
        speed: number | "max";
        fault: FaultSpec[];
        policy?: PolicyName;
        json?: boolean;
        publish?: string;
        join?: boolean;
      }) => {
        // The session (the board, the dashboard, the network) loads when it runs.
        const { runSession } = await import("../session-runner.js");
        const code = await runSession({
          rigPath: o.rig,
          headless: o.headless === true,
          projector: o.projector === true,
          durationS: o.duration ?? null,
          record: o.record === false ? null : typeof o.record === "string" ? o.record : undefined,
          overwrite: o.overwrite === true,
          speed: o.speed,
          faults: o.fault,
          ...(o.policy ? { policy: o.policy } : {}),
          json: o.json === true,
          ...(o.publish ? { publish: o.publish } : {}),
          ...(o.join ? { join: true } : {}),
        });
        setExitCode(code);
      },
    );
};
