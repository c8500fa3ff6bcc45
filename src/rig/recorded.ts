/**
 * The rig and policy a recording's session ran with, read back from its header for a replay
 * or a re-run of the node model (`orbitrig replay`, headless or played back): one reading of
 * the header for both.
 */
import { parseRig } from "../config/load.js";
import type { RigConfig } from "../config/rig.js";
import { POLICY_NAMES, type PolicyName } from "../config/schema/scheduler.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import type { RecordingHeader } from "../telemetry/format.js";
import { applyOverrides } from "../telemetry/rerun.js";

export interface RecordedRig {
  /** The recorded rig with the `key=value` overrides applied. */
  config: RigConfig;
  /** The policy the session recorded (as written, null when the header has none). */
  recordedPolicy: string | null;
  /** The policy to model with: the one given, else the recorded one if it is known. */
  policy: PolicyName | undefined;
}

export function recordedRig(
  file: string,
  header: RecordingHeader,
  set: readonly string[],
  policy?: PolicyName,
): RecordedRig {
  // Without it the rig's defaults would stand in, and fail on a calibration never measured.
  const rig = header.rig?.config;
  if (!rig || typeof rig !== "object") {
    throw new OrbitrigError(
      "RECORDING_INVALID",
      `${file}:1 header.rig.config: missing; a re-run needs the rig the session ran with`,
      ExitCode.usage,
    );
  }
  const config = parseRig(
    applyOverrides(rig, set),
    `${file} (rig from the header${set.length ? " + --set" : ""})`,
  );
  const recordedPolicy =
    typeof header.session?.policy === "string" ? (header.session.policy as string) : null;
  const known = POLICY_NAMES.find((p) => p === recordedPolicy) as PolicyName | undefined;
  return { config, recordedPolicy, policy: policy ?? known };
}
