/**
 * Runs a session to its end and makes sure every way out turns the lamp off: the quit
 * key, Ctrl-C (SIGINT), SIGTERM, SIGHUP (terminal closed), an uncaught error, the end of
 * a recording or of --duration. SIGKILL cannot be caught: there the firmware's own
 * watchdog turns lamp and load off when the heartbeats stop.
 */
import { ExitCode, OrbitrigError } from "../core/errors.js";
import type { Session } from "../session/session.js";

export interface RunOptions {
  /** Stop after this many bench seconds (the board's clock). */
  durationS?: number | null;
  /** Where to print the one-line reason for an abnormal end. */
  stderr?: NodeJS.WritableStream;
  /**
   * The streams a closed terminal or a gone reader breaks. A write error on one of them
   * (EIO, EPIPE) ends the session like SIGHUP. Default process.stdout and stderr.
   */
  outputs?: NodeJS.WritableStream[];
  /**
   * Wall-clock ms a stop may take before the promise resolves anyway (a board that never
   * answers SAFE must not keep the process alive). Default 5000. A second signal resolves
   * at once.
   */
  stopGraceMs?: number;
  /**
   * The latch that held signals while the session was built and started: handed over here
   * (a signal it kept stops the session at once, with that signal's exit code).
   */
  latch?: SignalLatch;
}

const SIGNAL_EXIT: Record<string, number> = {
  SIGINT: ExitCode.interrupted,
  SIGTERM: 143,
  SIGHUP: 129,
};

/**
 * Holds Ctrl-C, SIGTERM and SIGHUP from the moment a command starts building a rig until
 * its own handlers take over (runUntilStopped's `latch` option) or its stop is done. Without
 * a handler a signal kills Node at once: a lamp already on stays on until the firmware's
 * watchdog, and the recording has no footer. The first signal is kept, for whoever stops
 * the rig; a second Ctrl-C or SIGTERM means the user insists, and `insisted` rejects, so a
 * start that hangs (a board that never answers) is left. Not SIGHUP: a closing terminal may
 * send it twice.
 */
export class SignalLatch {
  private first: NodeJS.Signals | null = null;
  private readonly waiting: ((sig: NodeJS.Signals) => void)[] = [];
  private readonly handlers = new Map<NodeJS.Signals, () => void>();
  private rejectInsisted: (e: OrbitrigError) => void = () => undefined;
  /** Rejects (an OrbitrigError with the first signal's exit code) on a second signal. */
  readonly insisted: Promise<never>;

  /** `notice`: told of a signal that arrives before anyone waits for one (onSignal). */
  constructor(private readonly notice?: (line: string) => void) {
    this.insisted = new Promise<never>((_, reject) => {
      this.rejectInsisted = reject;
    });
    this.insisted.catch(() => undefined);
    for (const sig of Object.keys(SIGNAL_EXIT) as NodeJS.Signals[]) {
      const h = () => this.take(sig);
      this.handlers.set(sig, h);
      process.on(sig, h);
    }
  }

  /** The first signal, if one came. */
  get signal(): NodeJS.Signals | null {
    return this.first;
  }

  /** The exit code of a signal (SIGINT 130, SIGTERM 143, SIGHUP 129). */
  static exitCode(sig: NodeJS.Signals): number {
    return SIGNAL_EXIT[sig] ?? ExitCode.failure;
  }

  /** Calls `f` with the first signal: at once if one came already. */
  onSignal(f: (sig: NodeJS.Signals) => void): void {
    if (this.first) f(this.first);
    else this.waiting.push(f);
  }

  /** `p`, unless the user insists first. */
  race<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.insisted]);
  }

  /** Removes the handlers (idempotent). */
  release(): void {
    for (const [sig, h] of this.handlers) process.off(sig, h);
    this.handlers.clear();
  }

  private take(sig: NodeJS.Signals): void {
    if (this.first === null) {
      this.first = sig;
      const waiting = this.waiting.splice(0);
      if (waiting.length === 0 && sig !== "SIGHUP")
        this.notice?.(`${sig}: stopping once the rig has started (again to quit at once)`);
      for (const f of waiting) f(sig);
      return;
    }
    if (sig === "SIGHUP") return;
    this.rejectInsisted(
      new OrbitrigError(
        "INTERRUPTED",
        `${sig} again: quit without waiting for the rig to start or stop`,
        SignalLatch.exitCode(this.first),
      ),
    );
  }
}

/**
 * True for a write error that means the reader is gone (terminal closed: EIO; pipe reader
 * exited: EPIPE; a stream already torn down), not a bug. Reporting it would only write to
 * the same dead stream again.
 */
export function isBrokenOutput(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === "EIO" || code === "EPIPE" || code === "ERR_STREAM_DESTROYED";
}

const guarded = new WeakSet<NodeJS.WritableStream>();

/**
 * Makes write errors of a gone reader harmless on these streams for the rest of the
 * process: without an 'error' listener they are uncaught exceptions, and Node's stdio
 * streams un-destroy themselves after each one, so every later write (a summary, ink's
 * last frame) raises another. Other errors are rethrown as before. Idempotent.
 */
export function guardOutput(streams: NodeJS.WritableStream[]): void {
  for (const s of streams) {
    if (guarded.has(s)) continue;
    guarded.add(s);
    s.on("error", (e: unknown) => {
      if (!isBrokenOutput(e)) throw e;
    });
  }
}

/**
 * Resolves with the process exit code once the session has stopped and its recording is
 * closed (or, if the stop hangs, after the grace period or a second SIGINT/SIGTERM).
 * Installs and removes its own signal and error handlers. A write error of a gone reader
 * on an output ends the session like SIGHUP and is never printed; of other errors only
 * the first is printed, so the handler cannot feed itself.
 */
export function runUntilStopped(
  session: Session,
  clock: { setTimeout(fn: () => void, ms: number): () => void },
  opts: RunOptions = {},
): Promise<number> {
  const stderr = opts.stderr ?? process.stderr;
  const outputs: NodeJS.WritableStream[] = [
    ...new Set<NodeJS.WritableStream>(opts.outputs ?? [process.stdout, stderr]).add(stderr),
  ];
  const graceMs = opts.stopGraceMs ?? 5000;
  return new Promise<number>((resolve) => {
    let exitCode: number = ExitCode.ok;
    let settled = false;
    let stderrGone = false;
    let errorReported = false;
    let graceTimer: ReturnType<typeof setTimeout> | null = null;
    const cleanups: (() => void)[] = [];
    const outputCleanups: (() => void)[] = [];
    const done = () => {
      if (settled) return;
      settled = true;
      if (graceTimer) clearTimeout(graceTimer);
      for (const c of cleanups) c();
      // A failed write reports its error on a later tick: keep listening until those of
      // the last writes are in, or they would escape as uncaught exceptions.
      setImmediate(() => {
        for (const c of outputCleanups) c();
      });
      resolve(exitCode);
    };
    // Never throws and never writes to a stderr already known dead: a failed write here
    // must not become the next error to report.
    const say = (text: string) => {
      if (stderrGone) return;
      try {
        stderr.write(text);
      } catch {
        stderrGone = true;
      }
    };
    const finish = (reason: string, code: number) => {
      if (settled) return;
      if (exitCode === ExitCode.ok) exitCode = code;
      void session.stop(reason);
      // The board's clock may stand still (a paused or ended replay): wait on the wall clock.
      graceTimer ??= setTimeout(() => {
        say(`orbitrig: the session did not stop within ${graceMs} ms; exiting anyway\n`);
        done();
      }, graceMs);
    };
    for (const sig of Object.keys(SIGNAL_EXIT) as NodeJS.Signals[]) {
      const h = () => {
        // A second Ctrl-C or SIGTERM while the stop is under way: the user insists. Not
        // SIGHUP: a closing terminal may send it twice, and the stop must still finish.
        if (sig !== "SIGHUP" && session.stopped && graceTimer) {
          if (exitCode === ExitCode.ok) exitCode = SIGNAL_EXIT[sig]!;
          say(
            `orbitrig: ${sig} again: quit without waiting for the stop; the recording is closed as it is (the board's watchdog turns lamp and load off if SAFE was not through)\n`,
          );
          done();
          return;
        }
        finish(sig, SIGNAL_EXIT[sig]!);
      };
      process.on(sig, h);
      cleanups.push(() => process.off(sig, h));
    }
    // Ours are on: the latch's can go (no moment without a handler).
    const pending = opts.latch?.signal ?? null;
    opts.latch?.release();
    const onError = (e: unknown) => {
      // Only the first error is printed: the stop it starts may raise more, and a handler
      // that prints each one can feed itself.
      if (!errorReported) {
        errorReported = true;
        say(
          `orbitrig: internal error, lamp turned off and recording closed:\n${(e as Error)?.stack ?? String(e)}\n`,
        );
      }
      finish("error", ExitCode.software);
    };
    process.on("uncaughtException", onError);
    process.on("unhandledRejection", onError);
    cleanups.push(() => {
      process.off("uncaughtException", onError);
      process.off("unhandledRejection", onError);
    });
    for (const s of outputs) {
      const onOutputError = (e: unknown) => {
        if (!isBrokenOutput(e)) return onError(e);
        // The terminal or the reader went away: a hang-up, not a bug, and nothing to print.
        if (s === stderr) stderrGone = true;
        finish("SIGHUP", SIGNAL_EXIT.SIGHUP!);
      };
      s.on("error", onOutputError);
      outputCleanups.push(() => s.off("error", onOutputError));
    }
    if (opts.durationS != null && Number.isFinite(opts.durationS)) {
      cleanups.push(clock.setTimeout(() => finish("duration", ExitCode.ok), opts.durationS * 1000));
    }
    if (session.stopped) {
      if (pending && exitCode === ExitCode.ok) exitCode = SIGNAL_EXIT[pending]!;
      void session.stop("already stopped").then(done);
      return;
    }
    const unsubscribe = session.addSink({
      changed: () => {
        if (session.stopped) {
          unsubscribe();
          // stop() is idempotent: this waits for the one already under way.
          void session.stop("stopped").then(done);
        }
      },
    });
    cleanups.push(unsubscribe);
    // A signal the latch kept while the rig started stops it now.
    if (pending) finish(pending, SIGNAL_EXIT[pending]!);
  });
}
