/**
 * SerialBoard through the real serialport stack: socat joins two pseudo-terminals, the
 * MockBoard talks protocol v1 on one end, SerialBoard on the other. Stopping socat hangs
 * up both ends (the cable pulled); starting it again brings the same paths back.
 * Real time runs here (the serialport binding is real IO): waits are bounded polls.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MockBoard } from "../../src/board/mock-board.js";
import { SerialBoard } from "../../src/board/serial-board.js";
import type { BoardEvent } from "../../src/core/board.js";
import { RealClock } from "../../src/core/clock.js";
import type { Frame } from "../../src/core/frame.js";
import { SerialportTransport } from "../../src/transport/serialport.js";
import { SocatPair } from "../../src/transport/socat-pair.js";
import { needs } from "../support/requires.js";

async function waitFor(cond: () => boolean, boundMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > boundMs) throw new Error(`${what}: not within ${boundMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

needs("socat").describe("SerialBoard over serialport and socat pseudo-terminals", () => {
  const socat = new SocatPair();
  const clock = new RealClock();
  let mock: MockBoard;
  let board: SerialBoard;
  const frames: Frame[] = [];
  const events: BoardEvent[] = [];

  beforeAll(async () => {
    await socat.start();
    mock = new MockBoard(new SerialportTransport({ path: socat.pathB }), clock);
    await mock.start();
    board = new SerialBoard(new SerialportTransport({ path: socat.pathA }), clock, {
      rateHz: 50,
      reconnect: { initialDelayMs: 50, maxDelayMs: 400, random: () => 0.5 },
    });
    board.onFrame((f) => frames.push(f));
    board.onEvent((e) => events.push(e));
  });

  afterAll(async () => {
    await board?.close();
    await mock?.transport.close();
    await socat.dispose();
  });

  it("handshakes and streams frames through the real serialport binding", async () => {
    const info = await board.open();
    expect(info).toMatchObject({
      kind: "serial",
      port: socat.pathA,
      profile: "uno-ina219",
      protocolVersion: 1,
    });
    await waitFor(() => frames.length >= 20, 3000, "20 frames");
    const s = board.stats();
    expect(s.framesLost).toBe(0);
    expect(s.checksumRejects + s.malformedLines).toBe(0);
    await board.setLamp(200);
    await board.setLoad(40);
    await waitFor(
      () => frames.at(-1)?.lamp === 200 && frames.at(-1)?.load === 40,
      2000,
      "frames showing lamp 200, load 40",
    );
  });

  it("survives the pty going away and coming back 20 times: reconnects and re-applies lamp and load", {
    timeout: 60_000,
  }, async () => {
    for (let i = 1; i <= 20; i++) {
      await socat.stop();
      await waitFor(() => board.stats().link !== "up", 2000, `link down after stop ${i}`);
      await socat.start();
      await mock.start(); // the board powers up again with everything off
      expect(mock.lamp).toBe(0);
      await waitFor(() => board.stats().link === "up", 5000, `link up after restart ${i}`);
      await waitFor(
        () => mock.lamp === 200 && mock.load === 40,
        2000,
        `lamp and load re-applied ${i}`,
      );
      expect(board.stats().reconnects).toBe(i);
      const n = frames.length;
      await waitFor(() => frames.length > n + 5, 2000, `frames flowing after reconnect ${i}`);
    }
    const marks = events
      .filter((e) => e.kind === "link-down" || e.kind === "link-up")
      .map((e) => e.kind);
    expect(marks).toEqual(["link-up", ...Array(20).fill(["link-down", "link-up"]).flat()]);
    // Each replug is a board reset: the sequence restarts, which is not loss.
    expect(board.stats().framesLost).toBe(0);
  });
});

describe("opening a port that is not there", () => {
  it.each([
    {
      path: "/dev/ttyNOPE0",
      message:
        /^cannot open \/dev\/ttyNOPE0: No such file or directory; is the board plugged in\? `orbitrig ports` lists what is there$/,
    },
    { path: "/dev/null", message: /^cannot open \/dev\/null: .*; that path is not a serial port$/ },
  ])("SerialBoard on $path fails with PORT_OPEN_FAILED and a hint", async ({ path, message }) => {
    const board = new SerialBoard(new SerialportTransport({ path }), new RealClock());
    const err = await board.open().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "PORT_OPEN_FAILED", exitCode: 69 });
    expect((err as Error).message).toMatch(message);
    expect(board.stats().link).toBe("closed");
  });
});
