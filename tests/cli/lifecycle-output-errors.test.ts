/**
 * A closed terminal turns every write to stdout/stderr into EIO (a gone pipe reader: EPIPE).
 * Node's stdio streams un-destroy themselves after each failed write, so each later write
 * raises a new 'error'; without a listener that is an uncaught exception. The lifecycle's
 * error handler used to print it to the same dead stream: a loop of nextTicks that starved
 * the event loop (no stop, no SIGTERM). These tests pin the way out.
 */
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { guardOutput, isBrokenOutput, runUntilStopped } from "../../src/cli/lifecycle.js";
import { FakeBoard, startSession } from "../session/fakes.js";

const running = (board = new FakeBoard()) => startSession({ board });

function eio(): NodeJS.ErrnoException {
  return Object.assign(new Error("write EIO"), { code: "EIO", errno: -5, syscall: "write" });
}

/**
 * A stream like process.stderr on a hung-up terminal: every write fails with EIO, and
 * (like Node's stdio dummyDestroy) the stream un-destroys itself, so the next write fails
 * again. After `failLimit` failures it starts to succeed, so that a loop ends and the
 * test can report it instead of hanging.
 */
class DeadTty extends Writable {
  attempts = 0;
  constructor(private readonly failLimit = 50) {
    super();
  }
  override _write(_c: unknown, _e: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.attempts++;
    cb(this.attempts <= this.failLimit ? eio() : null);
  }
  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    cb(err);
    (this as unknown as { _undestroy(): void })._undestroy();
  }
}

/** Lets queued ticks, microtasks and one timer turn run. */
const settle = () => new Promise((r) => setTimeout(r, 20));

const quiet = new Writable({ write: (_c, _e, cb) => cb() });

// Write errors a broken (old) lifecycle lets escape as real uncaught exceptions: collected
// here so the test fails on its assertions, not on vitest's unhandled-error report alone.
const escaped: unknown[] = [];
const collect = (e: unknown) => {
  if (isBrokenOutput(e)) escaped.push(e);
};

afterEach(() => {
  process.off("uncaughtException", collect);
  escaped.length = 0;
});

describe("write errors on a closed terminal", () => {
  it("classifies EIO, EPIPE and a destroyed stream as a gone reader, nothing else", () => {
    expect(isBrokenOutput(eio())).toBe(true);
    expect(isBrokenOutput(Object.assign(new Error("x"), { code: "EPIPE" }))).toBe(true);
    expect(isBrokenOutput(Object.assign(new Error("x"), { code: "ERR_STREAM_DESTROYED" }))).toBe(
      true,
    );
    expect(isBrokenOutput(new Error("boom"))).toBe(false);
    expect(isBrokenOutput(null)).toBe(false);
  });

  it("an internal error reported to a dead stderr is written once, not in a loop", async () => {
    process.on("uncaughtException", collect);
    const { board, recorder, session } = await running();
    const tty = new DeadTty();
    const done = runUntilStopped(session, board.clock, { stderr: tty, outputs: [tty] });
    process.emit(
      "uncaughtException" as "unhandledRejection",
      new Error("boom in a listener"),
      Promise.resolve(),
    );
    expect(await done).toBe(70);
    await settle();
    expect(tty.attempts).toBe(1);
    expect(escaped).toEqual([]);
    expect(board.commands.at(-1)?.command).toBe("SAFE");
    expect(recorder.footer?.reason).toBe("error");
    expect(board.closed).toBe(true);
    // Its listeners are gone with the run.
    expect(tty.listenerCount("error")).toBe(0);
  });

  it("EIO on stdout mid-run stops the session like a hang-up: exit 129, nothing printed", async () => {
    process.on("uncaughtException", collect);
    const { board, recorder, session } = await running();
    const stdout = new DeadTty();
    const stderr = new DeadTty();
    const done = runUntilStopped(session, board.clock, { stderr, outputs: [stdout] });
    stdout.write("a dashboard frame");
    expect(await done).toBe(129);
    await settle();
    expect(stderr.attempts).toBe(0);
    expect(escaped).toEqual([]);
    expect(board.commands.at(-1)?.command).toBe("SAFE");
    expect(recorder.footer?.reason).toBe("SIGHUP");
  });

  it("guardOutput keeps later writes to a dead stream (the summary) from becoming uncaught", async () => {
    process.on("uncaughtException", collect);
    const tty = new DeadTty();
    guardOutput([tty]);
    guardOutput([tty]); // idempotent: one listener
    expect(tty.listenerCount("error")).toBe(1);
    tty.write("summary");
    tty.write("more");
    await settle();
    expect(escaped).toEqual([]);
  });

  it("guardOutput still lets other stream errors surface", () => {
    const s = new Writable({ write: (_c, _e, cb) => cb() });
    guardOutput([s]);
    expect(() => s.emit("error", new Error("not a hang-up"))).toThrow("not a hang-up");
  });
});

describe("a stop that hangs cannot keep the process alive", () => {
  function hangingBoard(): FakeBoard {
    const board = new FakeBoard();
    // A board that never answers SAFE (a wedged serial link).
    board.safe = () => new Promise<void>(() => undefined);
    return board;
  }

  it("a second SIGTERM ends the run at once", async () => {
    const { board, session } = await running(hangingBoard());
    const done = runUntilStopped(session, board.clock, { stderr: quiet, stopGraceMs: 60_000 });
    process.emit("SIGTERM", "SIGTERM");
    process.emit("SIGTERM", "SIGTERM");
    expect(await done).toBe(143);
    expect(process.listeners("SIGTERM").length).toBe(0);
  });

  it("after the grace period the run ends with the signal's code and says why", async () => {
    const { board, session } = await running(hangingBoard());
    let printed = "";
    const err = new Writable({
      write: (c, _e, cb) => {
        printed += String(c);
        cb();
      },
    });
    const done = runUntilStopped(session, board.clock, { stderr: err, stopGraceMs: 50 });
    process.emit("SIGHUP", "SIGHUP");
    // A closing terminal may send SIGHUP twice: that alone must not cut the stop short.
    process.emit("SIGHUP", "SIGHUP");
    expect(await done).toBe(129);
    expect(printed).toContain("did not stop within 50 ms");
  });

  it("a repeated SIGHUP waits for the stop (recording closed)", async () => {
    const { board, recorder, session } = await running();
    const done = runUntilStopped(session, board.clock, { stderr: quiet });
    process.emit("SIGHUP", "SIGHUP");
    process.emit("SIGHUP", "SIGHUP");
    expect(await done).toBe(129);
    expect(recorder.footer?.reason).toBe("SIGHUP");
    expect(board.closed).toBe(true);
  });
});
