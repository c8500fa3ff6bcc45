/** `orbitrig run`: a session on the rig a rig file describes (serial, Firmata or emulated). */
import { POLICY_NAMES, type PolicyName } from "../../config/schema/scheduler.js";
import {
  JOIN_HELP,
  option,
  PUBLISH_FLAGS,
  PUBLISH_HELP,
  policy,
  portPath,
  positiveDurationS,
  RIG_HELP,
  recordingPath,
} from "../options.js";
import type { RegisterCommand } from "./types.js";

export const register: RegisterCommand = (program, setExitCode) => {
  program
    .command("run")
    .description(
      "run a session on the rig a rig file describes (a desk rig over USB serial or Firmata, or the emulated one)",
    )
    .requiredOption("--rig <file|name>", RIG_HELP)
    .addOption(option("--port <path>", "serial port, or auto (overrides board.port)", portPath))
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
        "--policy <name>",
        `duty-cycle policy, overrides the rig file (${POLICY_NAMES.join(", ")})`,
        policy,
      ),
    )
    .option(PUBLISH_FLAGS, PUBLISH_HELP)
    .option("--join", JOIN_HELP)
    .option("--json", "print the summary as JSON")
    .action(
      async (o: {
        rig: string;
        port?: string;
        headless?: boolean;
        projector?: boolean;
        duration?: number;
        record?: string | boolean;
        overwrite?: boolean;
        policy?: PolicyName;
        json?: boolean;
        publish?: string;
        join?: boolean;
      }) => {
        // The session (the board, the dashboard, the network) loads when it runs.
        const { runSession } = await import("../session-runner.js");
        const code = await runSession({
          rigPath: o.rig,
          ...(o.port ? { port: o.port } : {}),
          headless: o.headless === true,
          projector: o.projector === true,
          durationS: o.duration ?? null,
          record: o.record === false ? null : typeof o.record === "string" ? o.record : undefined,
          overwrite: o.overwrite === true,
          ...(o.policy ? { policy: o.policy } : {}),
          json: o.json === true,
          ...(o.publish ? { publish: o.publish } : {}),
          ...(o.join ? { join: true } : {}),
          requireBoardKind: true,
        });
        setExitCode(code);
      },
    );
};
