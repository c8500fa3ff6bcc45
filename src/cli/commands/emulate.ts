/**
 * `orbitrig emulate`: the emulated board on its own, for any serial program to talk to.
 * With --pty it sits on a pseudo-terminal (socat) and prints the path to open; without,
 * it is a serial monitor on this terminal: board lines to stdout, stdin lines to the board.
 * Runs until Ctrl-C (or --duration of emulated time).
 */
import type { EmulateOptions } from "../actions/emulate.js";
import { faultHelpText, option, positiveDurationS, RIG_HELP } from "../options.js";
import { emulatedRigOptions } from "../session-flags.js";
import { DEFAULT_RIG } from "./demo.js";
import type { RegisterCommand } from "./types.js";

export const register: RegisterCommand = (program, setExitCode) => {
  const cmd = program
    .command("emulate")
    .description(
      "run the emulated board alone: on a pseudo-terminal (--pty) for any serial program, or as a serial monitor here",
    )
    .option("--rig <file|name>", `${RIG_HELP}; its bench: section and board.profile`, DEFAULT_RIG)
    .option("--hex <file>", "firmware .hex to run instead of the profile's")
    .option("--pty", "put the board on a pseudo-terminal and print its path (needs socat)");
  for (const o of emulatedRigOptions()) cmd.addOption(o);
  cmd
    .addOption(
      option(
        "--duration <time>",
        "stop after this much emulated time (90, 30s, 5m)",
        positiveDurationS,
      ),
    )
    .addHelpText("after", faultHelpText())
    .action(async (o: EmulateOptions) => {
      const { emulate } = await import("../actions/emulate.js");
      setExitCode(await emulate(o));
    });
};
