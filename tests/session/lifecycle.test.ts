import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runUntilStopped } from "../../src/cli/lifecycle.js";
import { driveClock, startSession } from "./fakes.js";

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
