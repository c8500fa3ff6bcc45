/**
 * The flags of a live session, written once: `demo` and `run` take the same view, recording,
 * policy and publishing flags and hand them to runSession (./session-runner.ts) the same
 * way; `demo` and `emulate` take the same --speed and --fault for the emulated rig.
 */
import type { Command, Option } from "commander";
import { POLICY_NAMES, type PolicyName } from "../config/schema/scheduler.js";
import type { FaultSpec } from "../emulator/faults.js";
import {
  faultSpec,
  JOIN_HELP,
  option,
  PUBLISH_FLAGS,
  PUBLISH_HELP,
  policy,
  positiveDurationS,
  recordingPath,
  repeatable,
  speed,
} from "./options.js";
import type { SessionRunOptions } from "./session-runner.js";

/** --speed and --fault of the emulated rig (demo, emulate). */
export function emulatedRigOptions(): Option[] {
  return [
    option(
      "--speed <x>",
      'emulated seconds per wall second (1 = real time), or "max"',
      speed,
    ).default(1),
    repeatable("--fault <spec>", "inject a fault into the emulated rig (kinds below)", faultSpec),
  ];
}

/** What commander makes of emulatedRigOptions(). */
export interface EmulatedRigFlags {
  speed: number | "max";
  fault: FaultSpec[];
}

/**
 * Adds the session flags to a command, in the order its --help lists them; `between` (the
 * emulated rig's options, for demo) stand after the recording flags.
 */
export function addSessionOptions(cmd: Command, between: readonly Option[] = []): Command {
  cmd
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
    .option("--no-record", "do not record");
  for (const o of between) cmd.addOption(o);
  return cmd
    .addOption(
      option(
        "--policy <name>",
        `duty-cycle policy, overrides the rig file (${POLICY_NAMES.join(", ")})`,
        policy,
      ),
    )
    .option(PUBLISH_FLAGS, PUBLISH_HELP)
    .option("--join", JOIN_HELP)
    .option("--json", "print the summary as JSON");
}

/** What commander makes of addSessionOptions(), with --rig. */
export interface SessionFlags {
  rig: string;
  headless?: boolean;
  projector?: boolean;
  duration?: number;
  /** A path, or false for --no-record (commander's negated flag); absent: the default path. */
  record?: string | boolean;
  overwrite?: boolean;
  policy?: PolicyName;
  json?: boolean;
  publish?: string;
  join?: boolean;
}

/** The session flags as runSession's options. */
export function sessionRunOptions(o: SessionFlags): SessionRunOptions {
  return {
    rigPath: o.rig,
    headless: o.headless === true,
    projector: o.projector === true,
    durationS: o.duration ?? null,
    record: o.record === false ? null : typeof o.record === "string" ? o.record : undefined,
    overwrite: o.overwrite === true,
    ...(o.policy ? { policy: o.policy } : {}),
    json: o.json === true,
    ...(o.publish ? { publish: o.publish } : {}),
    ...(o.join ? { join: true } : {}),
  };
}
