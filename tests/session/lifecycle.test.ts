import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runUntilStopped, SignalLatch } from "../../src/cli/lifecycle.js";
import { OrbitrigError } from "../../src/core/errors.js";
import { driveClock, FakeBoard, startSession } from "./fakes.js";

const running = () => startSession();

const quiet = new Writable({ write: (_c, _e, cb) => cb() });

describe("every exit path stops the session safely", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)("%s -> SAFE, recording closed, exit %d", async (signal, code) => {
    const { board, recorder, session } = await running();
    const done = runUntilStopped(session, board.clock, { stderr: quiet });
    process.emit(signal, signal);
    expect(await done).toBe(code);
    expect(board.commands.at(-1)?.command).toBe("SAFE");
    expect(recorder.footer?.reason).toBe(signal);
    expect(board.closed).toBe(true);
    // The handlers are gone afterwards.
    expect(process.listeners(signal).length).toBe(0);
  });

  it("an uncaught error -> SAFE, recording closed, exit 70, the error printed", async () => {
    const { board, recorder, session } = await running();
    let printed = "";
    const err = new Writable({
      write: (c, _e, cb) => {
        printed += String(c);
        cb();
      },
    });
    const done = runUntilStopped(session, board.clock, { stderr: err });
    process.emit(
      "uncaughtException" as "unhandledRejection",
      new Error("boom in a listener"),
      Promise.resolve(),
    );
    expect(await done).toBe(70);
    expect(board.commands.at(-1)?.command).toBe("SAFE");
    expect(recorder.footer?.reason).toBe("error");
    expect(printed).toContain("boom in a listener");
  });

  it("--duration ends the session after that much board-clock time, exit 0", async () => {
    const { board, recorder, session } = await running();
    const code = await driveClock(
      board.clock,
      runUntilStopped(session, board.clock, { durationS: 2, stderr: quiet }),
      50,
    );
    expect(code).toBe(0);
    expect(recorder.footer?.reason).toBe("duration");
    expect(board.clock.nowMs() - 5000).toBeGreaterThanOrEqual(2000);
    expect(board.clock.nowMs() - 5000).toBeLessThan(2200);
  });

  it("the quit key ends it with exit 0", async () => {
    const { board, session } = await running();
    const done = runUntilStopped(session, board.clock, { stderr: quiet });
    await session.quit();
    expect(await done).toBe(0);
    expect(board.lamp).toBe(0);
  });
});

describe("a signal while the rig starts is held, not Node's default death", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)(
    "%s before runUntilStopped: held, then the session stops at once with exit %d",
    async (signal, code) => {
      const told: string[] = [];
      const latch = new SignalLatch((l) => told.push(l));
      // Without the latch this emit would find no listener: a real signal would kill Node.
      expect(process.listeners(signal).length).toBe(1);
      process.emit(signal, signal);
      expect(latch.signal).toBe(signal);
      expect(told).toEqual([
        `${signal}: stopping once the rig has started (again to quit at once)`,
      ]);
      const { board, recorder, session } = await running();
      const done = runUntilStopped(session, board.clock, { stderr: quiet, latch });
      // Handed over: runUntilStopped's handler alone.
      expect(process.listeners(signal).length).toBe(1);
      expect(await done).toBe(code);
      expect(board.commands.at(-1)?.command).toBe("SAFE");
      expect(recorder.footer?.reason).toBe(signal);
      expect(process.listeners(signal).length).toBe(0);
    },
  );

  it("no signal: the handover changes nothing", async () => {
    const latch = new SignalLatch();
    const { board, session } = await running();
    const done = runUntilStopped(session, board.clock, { stderr: quiet, latch });
    expect(latch.signal).toBeNull();
    expect(process.listeners("SIGINT").length).toBe(1);
    await session.quit();
    expect(await done).toBe(0);
    expect(process.listeners("SIGINT").length).toBe(0);
  });

  it("a second Ctrl-C leaves a start that hangs: INTERRUPTED with the first signal's code", async () => {
    const latch = new SignalLatch();
    const hangs = new Promise<never>(() => undefined);
    const waiting = latch.race(hangs);
    process.emit("SIGTERM", "SIGTERM");
    // A closing terminal may send SIGHUP twice: not insisting.
    process.emit("SIGHUP", "SIGHUP");
    process.emit("SIGINT", "SIGINT");
    const e = await waiting.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OrbitrigError);
    expect((e as OrbitrigError).code).toBe("INTERRUPTED");
    expect((e as OrbitrigError).exitCode).toBe(143);
    latch.release();
    for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
      expect(process.listeners(sig).length).toBe(0);
  });

  it("SIGHUP twice is one signal: the start is waited for", async () => {
    const latch = new SignalLatch();
    let resolveStart: (v: string) => void = () => undefined;
    const start = latch.race(new Promise<string>((r) => (resolveStart = r)));
    process.emit("SIGHUP", "SIGHUP");
    process.emit("SIGHUP", "SIGHUP");
    resolveStart("started");
    expect(await start).toBe("started");
    expect(latch.signal).toBe("SIGHUP");
    latch.release();
  });

  it("onSignal: called with the first signal, at once when it came before", () => {
    const latch = new SignalLatch();
    const seen: string[] = [];
    latch.onSignal((s) => seen.push(`early ${s}`));
    process.emit("SIGINT", "SIGINT");
    latch.onSignal((s) => seen.push(`late ${s}`));
    expect(seen).toEqual(["early SIGINT", "late SIGINT"]);
    latch.release();
  });
});

describe("a second Ctrl-C while the stop hangs", () => {
  it("quits at once with the first signal's code, and says so in one line", async () => {
    const board = new FakeBoard();
    // A board that never answers SAFE: the stop cannot finish.
    board.safe = () => new Promise<void>(() => undefined);
    const { session } = await startSession({ board });
    let printed = "";
    const err = new Writable({
      write: (c, _e, cb) => {
        printed += String(c);
        cb();
      },
    });
    const done = runUntilStopped(session, board.clock, { stderr: err, stopGraceMs: 60_000 });
    process.emit("SIGTERM", "SIGTERM");
    expect(session.stopped).toBe(true);
    process.emit("SIGINT", "SIGINT");
    expect(await done).toBe(143);
    expect(printed).toBe(
      "orbitrig: SIGINT again: quit without waiting for the stop; the recording is closed as it is (the board's watchdog turns lamp and load off if SAFE was not through)\n",
    );
    expect(process.listeners("SIGINT").length).toBe(0);
  });
});
