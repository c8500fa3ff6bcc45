/**
 * `orbitrig simulate`: runs the node model on its orbit with no board, at full speed, and
 * prints per-orbit and total figures, or one row per case of a sweep. The array is always
 * modelled (area x flux x efficiency x illumination) here, whatever node.array.source says.
 * `--set key=value` changes any rig parameter first; `--sweep` takes beta, altitude, policy
 * or any numeric parameter by its dotted key (several: a grid); `--days` runs for a time
 * instead of a number of orbits; `--report DIR` writes charts. The work is in
 * ../actions/simulate.ts.
 */
import type { Command } from "commander";
import { POLICY_NAMES } from "../../config/schema/scheduler.js";
import type { SimulateOptions } from "../actions/simulate.js";
import {
  fileOnly,
  numberIn,
  option,
  policy,
  positiveDurationS,
  RIG_HELP,
  repeatable,
  sweepAxis,
  usageError,
} from "../options.js";
import type { RegisterCommand } from "./types.js";

export const register: RegisterCommand = (program: Command) => {
  program
    .command("simulate")
    .description(
      "Run the node model on its orbit with no board, at full speed: per-orbit and total figures, or a sweep",
    )
    .requiredOption("--rig <file|name>", RIG_HELP)
    .addOption(
      option(
        "--orbits <n>",
        "orbits to simulate",
        numberIn({ min: 0, aboveMin: true, integer: true }),
      ).default(10),
    )
    .addOption(
      option(
        "--policy <name>",
        `duty-cycle policy (${POLICY_NAMES.join(", ")}); default: the rig's`,
        policy,
      ),
    )
    .addOption(
      option("--dt <time>", "step, in orbit time (1, 10s, 1min)", positiveDurationS).default(1),
    )
    .addOption(
      option(
        "--days <n>",
        "days of orbit time to simulate (instead of --orbits)",
        numberIn({ min: 0, aboveMin: true }),
      ),
    )
    .addOption(
      repeatable(
        "--set <key=value>",
        "change a rig parameter first (node.battery.capacityWh=120000)",
        (_o, text) => text,
      ),
    )
    .addOption(
      repeatable(
        "--sweep <key=values>",
        "beta=0:75:5, altitude=400,550, policy=a,b, or any parameter: node.battery.capacityWh=40000:200000:40000 (several: a grid)",
        sweepAxis,
      ),
    )
    .addOption(
      option(
        "--report <dir>",
        "write charts, summary.md and report.html into this folder",
        fileOnly(
          "a report is a folder of files (report.html, summary.md, charts, CSV); give a folder",
        ),
      ),
    )
    .option("--json", "print JSON")
    .addHelpText(
      "after",
      "\nLimits (refused with one line before anything runs): at most 10,000 sweep cases, all axes\ntogether; at most 1,000,000,000 model steps, all cases together (31 years of 1 s steps,\na minute or two of CPU); --dt at most a tenth of the orbit (573 s at 550 km); a run of at\nleast one step.",
    )
    .action(async (o: SimulateOptions, cmd: Command) => {
      if (o.days !== undefined && cmd.getOptionValueSource("orbits") === "cli")
        throw usageError("--days and --orbits: give one of them");
      const { simulateCommand } = await import("../actions/simulate.js");
      await simulateCommand(o);
    });
};
