/**
 * `orbitrig rigs list [--json]` and `orbitrig rigs copy NAME FILE [--force]`: the rig files
 * shipped in the package (any `--rig NAME` finds them), and a copy of one, comments and
 * all, to start your own. The work is in ../actions/rigs.ts.
 */
import { type OutputTarget, outputTarget } from "../options.js";
import type { RegisterCommand } from "./types.js";

export const register: RegisterCommand = (program) => {
  const rigs = program
    .command("rigs")
    .description("the rig files shipped with orbitrig: list them, or copy one to start your own");

  rigs
    .command("list")
    .description("one line per shipped rig: the name --rig takes, board kind, description")
    .option("--json", "print JSON instead")
    .action(async (o: { json?: boolean }) => {
      const { listRigs } = await import("../actions/rigs.js");
      listRigs(o);
    });

  rigs
    .command("copy")
    .description("copy a shipped rig file as it is (comments kept) to edit as your own")
    .argument("<name>", "shipped rig name (see `orbitrig rigs list`)")
    .addArgument(
      program
        .createArgument("<file>", 'where to write it (a file, a folder, or "-" for stdout)')
        .argParser((text: string) => outputTarget("FILE", text)),
    )
    .option("--force", "overwrite FILE if it exists")
    .action(async (name: string, target: OutputTarget, o: { force?: boolean }) => {
      const { copyShippedRig } = await import("../actions/rigs.js");
      copyShippedRig(name, target, o);
    });
};
