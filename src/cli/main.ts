/**
 * The CLI's one entry point: parses the command line, runs one command, and is the only
 * place that exits the process. Typed errors (OrbitrigError) and commander's usage errors
 * print one line (src/cli/program.ts) and exit with their code; anything else is a bug and
 * prints its stack.
 */
import { ExitCode } from "../core/errors.js";
import { buildProgram, failureLine } from "./program.js";

export async function main(argv: readonly string[]): Promise<number> {
  const cli = buildProgram();
  try {
    await cli.program.parseAsync(argv as string[], { from: "node" });
    return cli.exitCode();
  } catch (e) {
    const failure = failureLine(e, cli.active());
    if (failure) {
      if (failure.line !== null) process.stderr.write(`orbitrig: ${failure.line}\n`);
      return failure.exitCode;
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
