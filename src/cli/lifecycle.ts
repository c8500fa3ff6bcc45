/**
 * Runs a session to its end and makes sure every way out turns the lamp off: the quit
 * key, Ctrl-C (SIGINT), SIGTERM, SIGHUP (terminal closed), an uncaught error, the end of
 * a recording or of --duration. SIGKILL cannot be caught: there the firmware's own
 * watchdog turns lamp and load off when the heartbeats stop.
 */
import { ExitCode } from "../core/errors.js";
import type { Session } from "../session/session.js";

export interface RunOptions {
  /** Stop after this many bench seconds (the board's clock). */
  durationS?: number | null;
  /** Where to print the one-line reason for an abnormal end. */
  stderr?: NodeJS.WritableStream;
}

const SIGNAL_EXIT: Record<string, number> = {
  SIGINT: ExitCode.interrupted,
  SIGTERM: 143,
  SIGHUP: 129,
};

/**
 * Resolves with the process exit code once the session has stopped and its recording is
 * closed. Installs and removes its own signal and error handlers.
 */
export function runUntilStopped(
  session: Session,
  clock: { setTimeout(fn: () => void, ms: number): () => void },
  opts: RunOptions = {},
): Promise<number> {
  const stderr = opts.stderr ?? process.stderr;
  return new Promise<number>((resolve) => {
    let exitCode: number = ExitCode.ok;
    const cleanups: (() => void)[] = [];
    const finish = (reason: string, code: number) => {
      if (exitCode === ExitCode.ok) exitCode = code;
      void session.stop(reason);
    };
    for (const sig of Object.keys(SIGNAL_EXIT) as NodeJS.Signals[]) {
      const h = () => finish(sig, SIGNAL_EXIT[sig]!);
      process.on(sig, h);
      cleanups.push(() => process.off(sig, h));
    }
    const onError = (e: unknown) => {
      stderr.write(
        `orbitrig: internal error, lamp turned off and recording closed:\n${(e as Error)?.stack ?? String(e)}\n`,
      );
      finish("error", ExitCode.software);
    };
    process.on("uncaughtException", onError);
    process.on("unhandledRejection", onError);
    cleanups.push(() => {
      process.off("uncaughtException", onError);
      process.off("unhandledRejection", onError);
    });
    if (opts.durationS != null && Number.isFinite(opts.durationS)) {
      cleanups.push(clock.setTimeout(() => finish("duration", ExitCode.ok), opts.durationS * 1000));
    }
    const done = () => {
      for (const c of cleanups) c();
      resolve(exitCode);
    };
    if (session.stopped) {
      void session.stop("already stopped").then(done);
      return;
    }
    const unsubscribe = session.subscribe(() => {
      if (session.stopped) {
        unsubscribe();
        // stop() is idempotent: this waits for the one already under way.
        void session.stop("stopped").then(done);
      }
    });
  });
}

/** Parses "60", "60s", "5m", "1.5h", "250ms" into seconds. */
export function parseDurationS(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?\s*$/.exec(text);
  if (!m) return null;
  const v = Number(m[1]);
  switch (m[2] ?? "s") {
    case "ms":
      return v / 1000;
    case "s":
      return v;
    case "m":
    case "min":
      return v * 60;
    case "h":
      return v * 3600;
    default:
      return null;
  }
}
