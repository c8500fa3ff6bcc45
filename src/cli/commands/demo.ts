/**
 * `orbitrig demo`: the emulated rig (the real firmware in an emulated Uno) with the live
 * dashboard; no hardware needed. The rig defaults to the shipped `emulated` rig.
 */
import { faultHelpText, RIG_HELP } from "../options.js";
import {
  addSessionOptions,
  type EmulatedRigFlags,
  emulatedRigOptions,
  type SessionFlags,
  sessionRunOptions,
} from "../session-flags.js";
import type { RegisterCommand } from "./types.js";

/** The rig `demo` and `emulate` use without --rig: rigs/emulated.yaml, found by name. */
export const DEFAULT_RIG = "emulated";

export const register: RegisterCommand = (program, setExitCode) => {
  const cmd = program
    .command("demo")
    .description(
      "run the emulated rig (the real firmware in an emulated Uno) with the live dashboard; no hardware needed",
    )
    .option("--rig <file|name>", RIG_HELP, DEFAULT_RIG);
  addSessionOptions(cmd, emulatedRigOptions())
    .addHelpText("after", faultHelpText())
    .action(async (o: SessionFlags & EmulatedRigFlags) => {
      // The session (the board, the dashboard, the network) loads when it runs.
      const { runSession } = await import("../session-runner.js");
      setExitCode(await runSession({ ...sessionRunOptions(o), speed: o.speed, faults: o.fault }));
    });
};
