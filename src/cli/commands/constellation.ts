/**
 * `orbitrig constellation`: many copies of the rig's node in orbit planes, joined by
 * inter-satellite links, sharing a job stream that follows the Sun; run at full speed with
 * no board, beside the same nodes on the same orbits with no links. Prints the comparison
 * (or JSON); --report writes charts and documents. With --bench or --ring, a desk
 * constellation instead: rigs on the desk as the nodes of one plane (../desk-bench.ts). The
 * work is in ../actions/constellation.ts.
 */
import type { Command } from "commander";
import { PLACEMENT_MODES, WORKLOAD_KINDS } from "../../config/schema/constellation.js";
import { POLICY_NAMES } from "../../config/schema/scheduler.js";
import type { ConstellationOptions } from "../actions/constellation.js";
import {
  fileOnly,
  numberIn,
  type OptionParser,
  oneOf,
  option,
  policy,
  positiveDurationS,
  RIG_HELP,
  speed,
  usageError,
} from "../options.js";
import type { RegisterCommand } from "./types.js";

/** A count of things of which a constellation needs at least one (nodes, planes). */
function atLeastOne(what: string): OptionParser<number> {
  return (name, text) => {
    const v = Number(text);
    if (text.trim() === "" || !Number.isInteger(v))
      throw usageError(`${name}: expected a whole number of ${what}, got "${text}"`);
    if (v < 1)
      throw usageError(
        `${name} ${text}: a constellation needs at least one ${what.replace(/s$/, "")}`,
      );
    return v;
  };
}

const linkGbps: OptionParser<number> = (name, text) => {
  const v = Number(text);
  if (text.trim() === "" || !Number.isFinite(v))
    throw usageError(`${name}: expected a capacity in Gbit/s (0 or more), got "${text}"`);
  if (v < 0)
    throw usageError(
      `${name} ${text}: a link cannot carry a negative amount of work (0 means the nodes work alone)`,
    );
  return v;
};

export const register: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command("constellation")
    .description(
      "Many nodes in orbit planes joined by laser links, with work that follows the Sun, at full speed with no board; against the same nodes alone",
    )
    .option("--rig <file|name>", RIG_HELP)
    .option(
      "--bench <rigs...>",
      "a desk constellation of these rigs (files or names, one per slot, in ring order): emulated boards in this process, or boards on --ports",
    )
    .option(
      "--ring <ids>",
      "a desk constellation of rigs that join over --broker from their own laptops (`run --join`): their ids, in ring order",
    )
    .option("--ids <ids>", "--bench: the rigs' ids, in ring order (default desk-1, desk-2, …)")
    .option("--ports <ports>", "--bench: serial ports, one per rig, comma-separated")
    .addOption(option("--speed <x>", "--bench: emulator speed (1 = real time, or max)", speed))
    .addOption(
      option(
        "--pacing <how>",
        "--bench: lockstep (emulated rigs' clocks together, held for the messages; the default) or wall (each emulator on its own)",
        oneOf(["lockstep", "wall"] as const),
      ),
    )
    .option(
      "--broker <url>",
      "--bench/--ring: the class's broker (default for --bench: one in this process, on loopback)",
    )
    .option("--credentials <file>", "--bench/--ring: the class's credentials (with --broker)")
    .option("--no-record", "--bench: no recording of each rig's session")
    .addOption(
      option(
        "--nodes <n>",
        "nodes in all (default: the rig's constellation.nodes, 22)",
        atLeastOne("nodes"),
      ),
    )
    .addOption(
      option(
        "--planes <n>",
        "orbit planes, each with its own RAAN (default: the rig's, 1)",
        atLeastOne("planes"),
      ),
    )
    .addOption(
      option(
        "--orbits <k>",
        "run length in orbits (default: one day; --bench/--ring: until Ctrl-C)",
        numberIn({ min: 0, aboveMin: true }),
      ),
    )
    .addOption(
      option("--days <d>", "run length in days (default 1)", numberIn({ min: 0, aboveMin: true })),
    )
    .addOption(
      option(
        "--policy <name>",
        `each node's duty-cycle policy (${POLICY_NAMES.join(", ")}); default: the rig's`,
        policy,
      ),
    )
    .addOption(
      option("--dt <time>", "step, in orbit time (1, 10s, 1min)", positiveDurationS).default(1),
    )
    .addOption(
      option(
        "--link-gbps <gbps>",
        "capacity of each link, Gbit/s each way (0: no migration)",
        linkGbps,
      ),
    )
    .option("--cross-plane", "link each node to the same slot of the next plane too")
    .addOption(
      option(
        "--placement <mode>",
        `where work goes (${PLACEMENT_MODES.join(", ")})`,
        oneOf(PLACEMENT_MODES),
      ),
    )
    .addOption(option("--workload <kind>", `${WORKLOAD_KINDS.join(" or ")}`, oneOf(WORKLOAD_KINDS)))
    .addOption(
      option(
        "--load <fraction>",
        "work offered, fraction of every accelerator at full compute",
        numberIn({ min: 0, aboveMin: true, max: 10 }),
      ),
    )
    .addOption(option("--seed <n>", "seed of the job stream", numberIn({ integer: true })))
    .option("--json", "print JSON")
    .addOption(
      option(
        "--report <dir>",
        "write charts (SVG, PNG), summary.md, report.html, nodes.csv, constellation.json",
        fileOnly("a report is a folder of files"),
      ),
    )
    .action(async (o: ConstellationOptions) => {
      const { constellation } = await import("../actions/constellation.js");
      setExitCode(await constellation(o));
    });
};
