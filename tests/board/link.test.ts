/**
 * The link lifecycle on its own (src/board/link.ts), with a scripted driver on a
 * MemoryLink and a ManualClock: silence, loss, reconnect, close and a failed open, each
 * with the events a recording would get.
 */
import { describe, expect, it } from "vitest";
import { BoardLink, type LinkDriver } from "../../src/board/link.js";
import type { BoardEvent } from "../../src/core/board.js";
import { ManualClock } from "../../src/core/clock.js";
import { MemoryLink } from "../../src/transport/memory.js";
import { advance, settle } from "./harness.js";

type Answer = "ok" | "fail" | "hang";

function linkRig(options: { reconnect?: false; retryDelayMs?: number } = {}) {
  const clock = new ManualClock();
  const cable = new MemoryLink("/dev/ttyLINK0");
  void cable.device.open();
  const log: string[] = [];
  const events: BoardEvent[] = [];
  const state = { answer: "ok" as Answer, chatty: true, hung: [] as (() => void)[] };
  const attemptsAtMs: number[] = [];
  const driver: LinkDriver = {
    connect: (reconnect, attempt) => {
      log.push(`connect ${reconnect ? "again" : "first"}`);
      attemptsAtMs.push(clock.nowMs());
      const answer = state.answer;
      return new Promise<void>((resolve, reject) => {
        if (answer === "ok") clock.setTimeout(resolve, 100);
        else if (answer === "fail") clock.setTimeout(() => reject(new Error("no answer")), 500);
        else
          state.hung.push(() => {
            log.push(`late answer, current ${attempt.current}`);
            resolve();
          });
      });
    },
    started: () => log.push("started"),
    stopped: (e) => log.push(`stopped: ${e.message}`),
  };
  const link = new BoardLink(cable.host, clock, driver, (e) => events.push(e), {
    reconnect: options.reconnect ?? { initialDelayMs: 100, maxDelayMs: 400, random: () => 0 },
    silenceMs: 1000,
    retryDelayMs: options.retryDelayMs ?? 300,
  });
  link.transport.onData(() => link.heard());
  // The board says something every 100 ms while it is chatty.
  const chatter = () => {
    if (state.chatty && cable.device.isOpen) cable.device.write("x").catch(() => {});
    clock.setTimeout(chatter, 100);
  };
  clock.setTimeout(chatter, 100);
  const marks = () =>
    events
      .filter((e) => e.kind === "link-down" || e.kind === "link-up" || e.kind === "board-error")
      .map((e) =>
        e.kind === "link-up"
          ? `up${e.reconnect ? " again" : ""}`
          : e.kind === "link-down"
            ? `down: ${e.reason}`
            : e.kind === "board-error"
              ? `error ${e.code}: ${e.detail}`
              : "",
      );
  const run = (ms: number) => advance(clock, ms);
  const open = async () => {
    const s = settle(link.open());
    await run(200);
    if (!s.done) throw new Error("open() did not settle in 200 ms of virtual time");
    if (s.error) throw s.error;
  };
  return { clock, cable, link, log, events, state, attemptsAtMs, marks, run, open };
}

describe("BoardLink", () => {
  it("opens: connects once, starts the driver and reports the link up", async () => {
    const r = linkRig();
    await r.open();
    expect(r.link.phase).toBe("up");
    expect(r.link.stats.snapshot()).toMatchObject({ link: "up", reconnects: 0 });
    expect(r.log).toEqual(["connect first", "started"]);
    expect(r.marks()).toEqual(["up"]);
  });

  it("a board gone quiet with the port open: one link-down, retries paced, then up again", async () => {
    const r = linkRig();
    await r.open();
    await r.run(2000);
    expect(r.marks()).toEqual(["up"]); // chatter keeps it up
    r.state.chatty = false;
    r.state.answer = "fail";
    await r.run(1200);
    expect(r.marks()).toEqual(["up", "down: no data from /dev/ttyLINK0 for 1000 ms"]);
    expect(r.link.stats.snapshot().link).toBe("reconnecting");
    expect(r.log).toContain("stopped: board on /dev/ttyLINK0 silent");
    const downAtMs = r.events.find((e) => e.kind === "link-down")!.hostMs;
    // Attempts fail after 500 ms each; the next one comes 300 ms after a failure.
    await r.run(2500);
    const again = r.attemptsAtMs.slice(1).map((t) => t - downAtMs);
    expect(again).toEqual([300, 1100, 1900, 2700].filter((t) => t <= r.clock.nowMs() - downAtMs));
    expect(again.length).toBeGreaterThanOrEqual(3);
    expect(r.marks().filter((m) => m.startsWith("down"))).toHaveLength(1);
    expect(r.marks().filter((m) => m.startsWith("error HANDSHAKE"))).toHaveLength(
      r.log.filter((l) => l === "connect again").length - 1,
    );
    r.state.chatty = true;
    r.state.answer = "ok";
    await r.run(1500);
    expect(r.link.phase).toBe("up");
    expect(r.marks().filter((m) => !m.startsWith("error"))).toEqual([
      "up",
      "down: no data from /dev/ttyLINK0 for 1000 ms",
      "up again",
    ]);
    expect(r.link.stats.snapshot()).toMatchObject({ link: "up", reconnects: 1 });
    // Up again, and it stays up while the board talks.
    await r.run(3000);
    expect(r.marks().filter((m) => m.startsWith("down"))).toHaveLength(1);
  });

  it("a silence and then the port dropping are one gap: one link-down, one link-up", async () => {
    const r = linkRig();
    await r.open();
    r.state.chatty = false;
    r.state.answer = "hang";
    await r.run(1500);
    r.cable.unplug();
    await r.run(1000);
    expect(r.link.stats.snapshot().link).toBe("reconnecting");
    r.state.chatty = true;
    r.state.answer = "ok";
    await r.cable.replug();
    await r.run(1000);
    expect(r.marks()).toEqual(["up", "down: no data from /dev/ttyLINK0 for 1000 ms", "up again"]);
    expect(r.link.stats.snapshot().reconnects).toBe(1);
    // The attempt that hung when the port dropped answers late: it is stale and ignored.
    for (const answer of r.state.hung) answer();
    await r.run(100);
    expect(r.log).toContain("late answer, current false");
    expect(r.marks().at(-1)).toBe("up again");
    expect(r.link.phase).toBe("up");
  });

  it("an unplugged cable: link-down, backoff on the clock, connect again once it is back", async () => {
    const r = linkRig();
    await r.open();
    r.cable.unplug();
    expect(r.link.stats.snapshot().link).toBe("reconnecting");
    await r.run(3000);
    expect(r.log.filter((l) => l.startsWith("connect"))).toEqual(["connect first"]);
    await r.cable.replug();
    await r.run(600);
    expect(r.marks()).toEqual(["up", "down: device disconnected", "up again"]);
    expect(r.log.filter((l) => l.startsWith("connect"))).toEqual([
      "connect first",
      "connect again",
    ]);
    expect(r.link.stats.snapshot()).toMatchObject({ link: "up", reconnects: 1 });
  });

  it("close during a reconnect stops every retry and timer and closes the port", async () => {
    const r = linkRig();
    await r.open();
    r.cable.unplug();
    await r.run(300);
    await r.link.close();
    expect(r.link.phase).toBe("closed");
    expect(r.link.stats.snapshot().link).toBe("closed");
    expect(r.log.at(-1)).toBe("stopped: board closed");
    await r.cable.replug();
    await r.run(5000);
    expect(r.log.filter((l) => l.startsWith("connect"))).toEqual(["connect first"]);
    expect(r.cable.host.isOpen).toBe(false);
    expect(r.marks()).toEqual(["up", "down: device disconnected"]);
  });

  it("close during a connect attempt: the attempt's late success does not bring the link up", async () => {
    const r = linkRig();
    await r.open();
    r.state.chatty = false;
    r.state.answer = "hang";
    await r.run(1500);
    expect(r.log.at(-1)).toBe("connect again");
    await r.link.close();
    for (const answer of r.state.hung) answer();
    await r.run(3000);
    expect(r.link.phase).toBe("closed");
    expect(r.log).toContain("late answer, current false");
    expect(r.marks()).toEqual(["up", "down: no data from /dev/ttyLINK0 for 1000 ms"]);
  });

  it("a failed open undoes everything: driver stopped, port closed, no link events", async () => {
    const r = linkRig();
    r.state.answer = "fail";
    const s = settle(r.link.open());
    await r.run(600);
    expect(s.error).toMatchObject({ message: "no answer" });
    expect(r.link.phase).toBe("closed");
    expect(r.link.stats.snapshot().link).toBe("closed");
    expect(r.cable.host.isOpen).toBe(false);
    expect(r.log).toEqual(["connect first", "stopped: opening /dev/ttyLINK0 failed"]);
    expect(r.marks()).toEqual([]);
    await r.run(5000);
    expect(r.log).toHaveLength(2);
    await expect(r.link.open()).rejects.toThrow(/already opened/);
  });

  it("a port that will not open fails with PORT_OPEN_FAILED, naming the port", async () => {
    const r = linkRig();
    r.cable.unplug();
    await expect(r.link.open()).rejects.toMatchObject({
      code: "PORT_OPEN_FAILED",
      message: expect.stringContaining("/dev/ttyLINK0"),
    });
    expect(r.link.stats.snapshot().link).toBe("closed");
    expect(r.log).toEqual([]);
  });

  it("the port lost during the first open fails the open, with no link-down", async () => {
    const r = linkRig();
    r.state.answer = "hang";
    const s = settle(r.link.open());
    await r.run(50);
    r.cable.unplug();
    await r.cable.replug();
    for (const answer of r.state.hung) answer();
    await r.run(2000);
    expect(s.error).toMatchObject({ code: "LINK_LOST" });
    expect(r.link.phase).toBe("closed");
    expect(r.marks()).toEqual([]);
    expect(r.cable.host.isOpen).toBe(false);
  });

  it("with reconnect off, a lost port closes the link and says why", async () => {
    const r = linkRig({ reconnect: false });
    await r.open();
    r.cable.unplug();
    await r.run(2000);
    expect(r.link.phase).toBe("closed");
    expect(r.marks()).toEqual(["up", "down: device disconnected"]);
    expect(r.log.at(-1)).toBe("stopped: link to /dev/ttyLINK0 closed: device disconnected");
  });
});
