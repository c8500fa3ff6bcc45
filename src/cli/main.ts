/**
 * The CLI's one entry point: parses the command line, runs one command, and is the only
 * place that exits the process. Typed errors (OrbitrigError) and commander's usage errors
 * print one line (src/cli/program.ts) and exit with their code; anything else is a bug and
 * prints its stack.
 */
import { describeFsError, ExitCode } from "../core/errors.js";
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

/**
 * Resolves once what was written to the stream has been handed to the OS (a pipe to a slow
 * reader holds it in Node's buffer: exiting before would cut the output), or after maxMs,
 * or at once when the stream is gone.
 */
function drained(stream: NodeJS.WriteStream, maxMs: number): Promise<void> {
  if (stream.destroyed || stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, maxMs);
    timer.unref();
    stream.write("", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

// A reader that goes away (`| head`) is not an error of ours: the rest of the output has
// nowhere to go, and the command ends as it would have. (Sessions add their own handler,
// which also stops the session: src/cli/lifecycle.ts.) Any other write error (stdout sent to
// a full disk) is one line and exit 74; during a session it is rethrown to the session's
// handler, which turns the lamp off and closes the recording first.
for (const [stream, name] of [
  [process.stdout, "standard output"],
  [process.stderr, "standard error"],
] as const) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE" || e.code === "EIO") return;
    if (process.listenerCount("uncaughtException") > 0) throw e;
    process.stderr.write(`orbitrig: ${name}: cannot write: ${describeFsError(e)}\n`);
    process.exit(ExitCode.io);
  });
}

const code = await main(process.argv);
process.exitCode = code;
// The command is done (its own handlers are gone): a Ctrl-C or SIGTERM while its output
// drains ends the process with the signal's code, not by Node's default death.
for (const [sig, exit] of [
  ["SIGINT", ExitCode.interrupted],
  ["SIGTERM", 143],
] as const)
  process.on(sig, () => process.exit(exit));
// Let pending writes drain before exiting (--json of a long simulation is megabytes).
if (code !== 129)
  await Promise.all([drained(process.stdout, 30_000), drained(process.stderr, 5_000)]);
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
