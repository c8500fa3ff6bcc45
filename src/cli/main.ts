/**
 * The CLI's one entry point: parses the command line, runs one command, and is the only
 * place that exits the process. Typed errors (OrbitrigError) print one line and exit with
 * their code; anything else is a bug and prints its stack.
 */
import { Command, CommanderError } from "commander";
import { ExitCode, isOrbitrigError } from "../core/errors.js";
import { packageVersion } from "../core/version.js";
import { commands } from "./commands/index.js";

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command("orbitrig")
    .description(
      "Hardware-in-the-loop testbed for the power subsystem of a solar-powered orbital compute node",
    )
    .version(packageVersion(), "-V, --version")
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      writeOut: (s) => process.stdout.write(s),
    })
    .showHelpAfterError("(run `orbitrig --help` for usage)");
  let exitCode: number = ExitCode.ok;
  for (const register of commands) {
    register(program, (code) => {
      exitCode = code;
    });
  }
  try {
    await program.parseAsync(argv as string[], { from: "node" });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; a usage mistake has already been printed by commander.
      return e.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (isOrbitrigError(e)) {
      process.stderr.write(`orbitrig: ${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(
      `orbitrig: internal error (a bug; please report it with this trace):\n${(e as Error)?.stack ?? String(e)}\n`,
    );
    return ExitCode.software;
  }
}

const code = await main(process.argv);
// Let pending writes (recordings, stdout) drain before exiting.
process.exitCode = code;
if (process.env.ORBITRIG_NO_FORCE_EXIT !== "1") {
  if (code === 129) {
    // The terminal hung up (lamp off and recording closed by now). process.exit() would
    // restore the dead terminal's settings, which crashes Node 20 (nodejs/node#51519);
    // ending by the hang-up signal itself skips that step and reports the same status.
    setImmediate(() => {
      process.removeAllListeners("SIGHUP");
      process.kill(process.pid, "SIGHUP");
      setTimeout(() => process.exit(code), 1000).unref();
    });
  } else setImmediate(() => process.exit(code));
}
