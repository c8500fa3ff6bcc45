import { describe, expect, it } from "vitest";
import type { OrbitrigError } from "../../src/core/errors.js";
import { frame, frameFields } from "../../src/protocol/framing.js";
import { mockRig, settle, until } from "./harness.js";

// A valid T line's body, to corrupt in different ways.
const goodBody = "T,5,1000,0101,2500,3000,0,0,1,5000,100,10000,50000";

describe("SerialBoard rejected lines", () => {
  const cases: {
    name: string;
    bytes: string;
    counter: "checksumRejects" | "malformedLines";
    reason: string;
  }[] = [
    {
      name: "wrong checksum",
      bytes: `$${goodBody}*0000\n`,
      counter: "checksumRejects",
      reason: "bad-checksum",
    },
    {
      name: "no start marker",
      bytes: "hello there\n",
      counter: "malformedLines",
      reason: "no-start-marker",
    },
    {
      name: "binary garbage",
      bytes: "\x00\xff\xfe$T\x01\n",
      counter: "malformedLines",
      reason: "non-ascii",
    },
    {
      name: "no checksum",
      bytes: `$${goodBody}\n`,
      counter: "malformedLines",
      reason: "no-checksum",
    },
    {
      name: "wrong field count, valid checksum",
      bytes: `${frame("ACK,1")}\n`,
      counter: "malformedLines",
      reason: "field-count",
    },
    {
      name: "unknown message type",
      bytes: `${frameFields(["ZAP", 1])}\n`,
      counter: "malformedLines",
      reason: "unknown-type",
    },
    {
      name: "lamp level out of range",
      bytes: `${frame(goodBody.replace(",0,0,1,", ",300,0,1,"))}\n`,
      counter: "malformedLines",
      reason: "out-of-range",
    },
    { name: "empty line", bytes: "\r\n", counter: "malformedLines", reason: "empty" },
    {
      name: "5000 bytes without a newline",
      bytes: `${"x".repeat(5000)}\n`,
      counter: "malformedLines",
      reason: "overlong",
    },
  ];

  it.each(cases)("counts and skips: $name", async ({ bytes, counter, reason }) => {
    const rig = mockRig();
    await rig.open();
    await rig.advance(300);
    const before = rig.board.stats();
    const framesBefore = rig.frames.length;
    rig.mock.injectRaw(bytes);
    await rig.advance(300);
    const after = rig.board.stats();
    expect(after[counter]).toBe(before[counter] + 1);
    const other = counter === "checksumRejects" ? "malformedLines" : "checksumRejects";
    expect(after[other]).toBe(before[other]);
    expect(
      rig.events
        .filter((e) => e.kind === "rejected-line")
        .map((e) => (e.kind === "rejected-line" ? e.reason : "")),
    ).toEqual([reason]);
    // The stream goes on: frames keep arriving after the bad line.
    expect(rig.frames.length).toBeGreaterThan(framesBefore + 1);
  });

  it("reads a line that arrives in pieces, and one with a CRLF terminator", async () => {
    const rig = mockRig();
    await rig.open();
    const line = `${frameFields(["EVT", 10, "OTCUT", "6000"])}\r\n`;
    for (const piece of [line.slice(0, 5), line.slice(5, 17), line.slice(17)]) {
      rig.mock.injectRaw(piece);
      await rig.advance(5);
    }
    expect(rig.events.filter((e) => e.kind === "board-event" && e.name !== "BOOT")).toEqual([
      { kind: "board-event", hostMs: expect.any(Number), name: "OTCUT", arg: "6000" },
    ]);
    expect(rig.board.stats().malformedLines).toBe(0);
  });

  it("counts corrupted frames from the board as checksum rejects and keeps every good one", async () => {
    const rig = mockRig({ rateHz: 50 });
    await rig.open();
    await rig.advance(100);
    rig.mock.garbleLines = 7;
    await rig.advance(1000);
    const s = rig.board.stats();
    expect(s.checksumRejects).toBe(7);
    // Each garbled frame is a frame lost between two good ones: seen as sequence gaps.
    expect(s.framesLost).toBe(7);
    expect(s.framesReceived + s.framesLost).toBe(rig.frames.at(-1)!.seq - rig.frames[0]!.seq + 1);
  });
});

describe("SerialBoard sequence gaps", () => {
  it("counts gaps and the frames lost in them", async () => {
    const rig = mockRig();
    await rig.open();
    await rig.advance(500);
    rig.mock.skipFrames = 3;
    await rig.advance(500);
    rig.mock.skipFrames = 10;
    await rig.advance(500);
    expect(rig.board.stats()).toMatchObject({ seqGaps: 2, framesLost: 13 });
    expect(rig.board.stats().framesPerS).toBeCloseTo(10, 0);
  });
});

describe("SerialBoard unplug and replug", () => {
  it("marks the gap, reconnects with backoff, re-handshakes and re-applies lamp, load and settings, 5 times over", async () => {
    const rig = mockRig({ watchdogMs: 2000, rateHz: 20 }, { bootDelayMs: 500 });
    await rig.open();
    await rig.board.setLamp(180);
    await rig.board.setLoad(60);
    for (let i = 1; i <= 5; i++) {
      rig.link.unplug();
      await rig.advance(50);
      expect(rig.board.stats().link).toMatch(/down|reconnecting/);
      // A command while the link is down is refused now and remembered for later.
      const s = settle(rig.board.setLamp(190 + i));
      await rig.advance(10);
      expect((s.error as OrbitrigError).code).toBe("LINK_LOST");
      await rig.advance(3000); // unplugged a while: retries fail
      await rig.link.replug();
      await until(rig, () => rig.board.stats().link === "up", 10_000, `link up after replug ${i}`);
      expect(rig.mock.lamp).toBe(190 + i);
      expect(rig.mock.load).toBe(60);
      expect(rig.mock.watchdogMs).toBe(2000);
      expect(rig.mock.rateHz).toBe(20);
      expect(rig.board.stats().reconnects).toBe(i);
    }
    const kinds = rig.events
      .filter((e) => e.kind === "link-down" || e.kind === "link-up")
      .map((e) => (e.kind === "link-up" ? `up:${e.reconnect}` : "down"));
    expect(kinds).toEqual(["up:false", ...Array(5).fill(["down", "up:true"]).flat()]);
    // The board restarts its sequence after each reset: that is not frame loss.
    expect(rig.board.stats().framesLost).toBe(0);
  });

  it("safe() and close() on a dead link resolve without throwing", async () => {
    const rig = mockRig();
    await rig.open();
    await rig.board.setLamp(255);
    rig.link.unplug();
    await rig.advance(10);
    await expect(rig.board.safe()).resolves.toBeUndefined();
    await expect(rig.board.close()).resolves.toBeUndefined();
    expect(rig.board.stats().link).toBe("closed");
  });

  it("with reconnect off, a lost link closes the board and says why", async () => {
    const rig = mockRig({ reconnect: false });
    await rig.open();
    rig.link.unplug();
    await rig.advance(10);
    expect(rig.board.stats().link).toBe("closed");
    expect(rig.events.at(-1)).toMatchObject({ kind: "link-down", reason: "device disconnected" });
  });

  it("a board that falls silent with the port open is marked down, then handshaken again when it speaks", async () => {
    const rig = mockRig({ watchdogMs: 1500, silenceMs: 2000 });
    await rig.open();
    await rig.board.setLamp(99);
    // Hung firmware: no frames, no answers.
    rig.mock.powerOff();
    rig.mock.dropCommands = 1_000_000;
    await rig.advance(3000);
    expect(rig.board.stats().link).toBe("reconnecting");
    expect(rig.events.filter((e) => e.kind === "link-down")).toEqual([
      {
        kind: "link-down",
        hostMs: expect.any(Number),
        reason: expect.stringMatching(/^no data from \/dev\/ttyMOCK0 for 2\d\d\d ms$/),
      },
    ]);
    // Someone presses reset: the board boots, says HELLO, and gets its settings back.
    rig.mock.dropCommands = 0;
    rig.mock.reset();
    await until(
      rig,
      () => rig.board.stats().link === "up",
      8000,
      "link up after the board spoke again",
    );
    expect(rig.mock.lamp).toBe(99);
    expect(rig.mock.watchdogMs).toBe(1500);
    expect(rig.events.filter((e) => e.kind === "link-up").at(-1)).toMatchObject({
      reconnect: true,
    });
  });

  it("a silence and then the cable pulled are one gap: one link-down, one link-up, one reconnect", async () => {
    const rig = mockRig({ silenceMs: 2000 });
    await rig.open();
    await rig.board.setLamp(77);
    rig.mock.powerOff();
    rig.mock.dropCommands = 1_000_000;
    await rig.advance(2500);
    expect(rig.board.stats().link).toBe("reconnecting");
    rig.link.unplug();
    await rig.advance(2000);
    rig.mock.dropCommands = 0;
    await rig.link.replug();
    await until(rig, () => rig.board.stats().link === "up", 10_000, "link up after replug");
    const marks = rig.events
      .filter((e) => e.kind === "link-down" || e.kind === "link-up")
      .map((e) => (e.kind === "link-up" ? `up:${e.reconnect}` : "down"));
    expect(marks).toEqual(["up:false", "down", "up:true"]);
    expect(rig.board.stats().reconnects).toBe(1);
    expect(rig.mock.lamp).toBe(77);
  });

  it("gives up after the configured attempts and reports the link closed", async () => {
    const rig = mockRig({ reconnect: { maxAttempts: 3, initialDelayMs: 100, random: () => 0 } });
    await rig.open();
    rig.link.unplug();
    await rig.advance(2000);
    expect(rig.board.stats().link).toBe("closed");
    expect(rig.events.at(-1)).toMatchObject({
      kind: "link-down",
      reason: expect.stringMatching(/not back after 3 attempts/),
    });
    await expect(rig.board.setLamp(1)).rejects.toMatchObject({ code: "LINK_LOST" });
    await expect(rig.board.safe()).resolves.toBeUndefined();
  });

  it("re-applies settings when the board resets by itself while connected", async () => {
    const rig = mockRig({ rateHz: 5 });
    await rig.open();
    await rig.board.setLamp(42);
    rig.mock.reset();
    await until(
      rig,
      () => rig.mock.lamp === 42 && rig.mock.rateHz === 5,
      3000,
      "settings re-applied",
    );
    expect(rig.events.filter((e) => e.kind === "hello")).toHaveLength(2);
  });
});
