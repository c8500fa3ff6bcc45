/**
 * The orbitrig command tree (every command of ./commands) and the one line a failure
 * becomes. Commander's own messages are not printed as they happen: a usage mistake,
 * ours (OrbitrigError USAGE) or commander's (an unknown option, a missing argument),
 * becomes one line that ends with the --help of the subcommand it happened in.
 */

import { Command, CommanderError } from "commander";
import { ExitCode, isOrbitrigError } from "../core/errors.js";
import { visibleControls } from "../core/text.js";
import { packageVersion } from "../core/version.js";
import { commands } from "./commands/index.js";

export interface Cli {
  program: Command;
  /** The exit code a command reported (through setExitCode), ok by default. */
  exitCode(): number;
  /** The deepest command the command line reached so far (the program before any). */
  active(): Command;
}

export function buildProgram(): Cli {
  const program = new Command("orbitrig")
    .description(
      "Hardware-in-the-loop testbed for the power subsystem of a solar-powered orbital compute node",
    )
    .version(packageVersion(), "-V, --version")
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      writeOut: (s) => process.stdout.write(s),
      // Printed by main.ts as one line with the right subcommand's help (failureLine).
      outputError: () => {},
    });
  let exitCode: number = ExitCode.ok;
  for (const register of commands) {
    register(program, (code) => {
      exitCode = code;
    });
  }
  let active: Command = program;
  const track = (cmd: Command) => {
    if (cmd.commands.length === 0) return;
    cmd.hook("preSubcommand", (_parent, sub) => {
      active = sub;
    });
    for (const sub of cmd.commands) track(sub);
  };
  track(program);
  return { program, exitCode: () => exitCode, active: () => active };
}

/** `orbitrig firmware build --help`: how to ask for this command's help. */
export function helpCommand(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return `${names.join(" ")} --help`;
}

export interface Failure {
  /** What to print after "orbitrig: " (one line), or null when commander printed help. */
  line: string | null;
  exitCode: number;
}

/** A user's failure as one line and an exit code; null for a bug (print its stack). */

export function failureLine(e: unknown, active: Command): Failure | null {
  const see = ` (see \`${helpCommand(active)}\`)`;
  if (e instanceof CommanderError) {
    // --help and --version end with 0; help shown for a missing subcommand, with 1.
    if (e.exitCode === 0) return { line: null, exitCode: ExitCode.ok };
    if (e.code === "commander.help") return { line: null, exitCode: ExitCode.usage };
    const text = e.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ");
    return { line: `${text}${see}`, exitCode: ExitCode.usage };
  }
  if (isOrbitrigError(e)) {
    // A path with a line break in it stays on the one line.
    const line = visibleControls(e.message);
    return { line: e.code === "USAGE" ? `${line}${see}` : line, exitCode: e.exitCode };
  }
  return null;
}
