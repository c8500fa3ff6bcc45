import { fileURLToPath } from "node:url";
import { POLICY_NAMES, type PolicyName } from "../../config/schema/scheduler.js";
import { ExitCode, OrbitrigError } from "../../core/errors.js";
import { parseFault } from "../../emulator/index.js";
import { parseDurationS } from "../lifecycle.js";
import { runSession } from "../session-runner.js";
import type { RegisterCommand } from "./types.js";

/** rigs/emulated.yaml inside the installed package. */
export const DEFAULT_RIG = fileURLToPath(new URL("../../../rigs/emulated.yaml", import.meta.url));

export function parseSpeed(text: string): number | "max" {
  if (text === "max") return "max";
  const v = Number(text);
  if (!(v > 0) || !Number.isFinite(v))
    throw new OrbitrigError(
      "USAGE",
      `--speed: expected a positive number or "max", got "${text}"`,
      ExitCode.usage,
    );
  return v;
}

export function parsePolicy(text: string | undefined): PolicyName | undefined {
  if (text === undefined) return undefined;
  if (!(POLICY_NAMES as readonly string[]).includes(text)) {
    throw new OrbitrigError(
      "USAGE",
      `--policy: expected one of ${POLICY_NAMES.join(", ")}, got "${text}"`,
      ExitCode.usage,
    );
  }
  return text as PolicyName;
}

export function parseDurationOption(text: string | undefined): number | null {
  if (text === undefined) return null;
  const s = parseDurationS(text);
  if (s === null || !(s > 0))
    throw new OrbitrigError(
      "USAGE",
      `--duration: expected a duration such as 60s, 5m or 1h, got "${text}"`,
      ExitCode.usage,
    );
  return s;
}

export const register: RegisterCommand = (program, setExitCode) => {
  program
    .command("demo")
    .description(
      "run the emulated rig (the real firmware in an emulated Uno) with the live dashboard; no hardware needed",
    )
    .option("--rig <file>", "rig file", DEFAULT_RIG)
    .option("--headless", "no dashboard: a status line every few seconds, then a summary")
    .option("--duration <time>", "stop after this much bench time (e.g. 60s, 5m)")
    .option("--record <file>", "recording path (default: recordings/<rig>-<time>.ndjson)")
    .option("--no-record", "do not record")
    .option("--speed <x>", "emulator speed: emulated seconds per wall second, or max", "1")
    .option(
      "--fault <spec...>",
      "inject a fault into the emulated rig (see `orbitrig emulate --help`)",
    )
    .option("--policy <name>", "duty-cycle policy (overrides the rig file)")
    .option("--json", "print the summary as JSON")
    .action(
      async (o: {
        rig: string;
        headless?: boolean;
        duration?: string;
        record?: string | boolean;
        speed: string;
        fault?: string[];
        policy?: string;
        json?: boolean;
      }) => {
        const code = await runSession({
          rigPath: o.rig,
          headless: o.headless === true,
          durationS: parseDurationOption(o.duration),
          record: o.record === false ? null : typeof o.record === "string" ? o.record : undefined,
          speed: parseSpeed(o.speed),
          faults: (o.fault ?? []).map((f) => parseFault(f)),
          ...(o.policy ? { policy: parsePolicy(o.policy)! } : {}),
          json: o.json === true,
        });
        setExitCode(code);
      },
    );
};
