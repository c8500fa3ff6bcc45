import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { MemoryLink } from "../../src/transport/memory.js";
import {
  backoffDelayMs,
  type LinkChange,
  ReconnectingTransport,
} from "../../src/transport/reconnecting.js";
import type { Transport } from "../../src/transport/types.js";

const flush = async () => {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
};

describe("backoffDelayMs", () => {
  it.each([
    { attempt: 0, random: 0, ms: 250 },
    { attempt: 1, random: 0, ms: 500 },
    { attempt: 2, random: 0, ms: 1000 },
    { attempt: 4, random: 0, ms: 4000 },
    { attempt: 5, random: 0, ms: 5000 }, // capped
    { attempt: 30, random: 0, ms: 5000 },
    { attempt: 2, random: 0.5, ms: 900 }, // 20 % jitter at most, here 10 %
    { attempt: 2, random: 0.999, ms: 800 },
  ])("attempt $attempt, random $random -> $ms ms", ({ attempt, random, ms }) => {
    expect(backoffDelayMs(attempt, {}, random)).toBe(ms);
  });
});

describe("ReconnectingTransport", () => {
  function setup(options = {}) {
    const clock = new ManualClock();
    const link = new MemoryLink("/dev/ttyACM0");
    void link.device.open();
    const t = new ReconnectingTransport(link.host, clock, { random: () => 0, ...options });
    const changes: LinkChange[] = [];
    t.onLink((c) => changes.push(c));
    const closes: (Error | undefined)[] = [];
    t.onClose((e) => closes.push(e));
    return { clock, link, t, changes, closes };
  }

  it("retries with growing delays on the injected clock until the device is back, then reports link-up", async () => {
    const { clock, link, t, changes } = setup();
    await t.open();
    link.unplug();
    expect(changes).toEqual([
      { state: "down", reason: "device disconnected" },
      { state: "retrying", attempt: 1, delayMs: 250, lastError: "device disconnected" },
    ]);
    // Attempts at 250, 250+500, 750+1000, 1750+2000 ms fail while unplugged.
    for (const step of [250, 500, 1000, 2000]) {
      clock.advance(step);
      await flush();
    }
    expect(
      changes
        .filter((c) => c.state === "retrying")
        .map((c) => (c.state === "retrying" ? c.delayMs : 0)),
    ).toEqual([250, 500, 1000, 2000, 4000]);
    expect(t.isOpen).toBe(false);
    expect(t.reconnecting).toBe(true);
    await link.replug();
    clock.advance(3999);
    await flush();
    expect(t.isOpen).toBe(false); // not before the scheduled retry
    clock.advance(1);
    await flush();
    expect(t.isOpen).toBe(true);
    expect(changes.at(-1)).toEqual({ state: "up", attempts: 5 });
    expect(t.reconnects).toBe(1);
  });

  it("reports one loss when the port reports its close twice (serialport does after a hang-up)", async () => {
    const closeListeners: ((err?: Error) => void)[] = [];
    let open = false;
    const inner: Transport = {
      path: "/dev/ttyACM9",
      get isOpen() {
        return open;
      },
      open: async () => {
        open = true;
      },
      write: async () => {},
      onData: () => () => {},
      onClose: (l) => {
        closeListeners.push(l);
        return () => {};
      },
      close: async () => {},
    };
    const t = new ReconnectingTransport(inner, new ManualClock(), { random: () => 0 });
    const changes: LinkChange[] = [];
    t.onLink((c) => changes.push(c));
    await t.open();
    open = false;
    for (const l of closeListeners) l(new Error("closed unexpectedly"));
    for (const l of closeListeners) l(new Error("EIO: i/o error, write"));
    expect(changes.filter((c) => c.state === "down")).toEqual([
      { state: "down", reason: "closed unexpectedly" },
    ]);
    expect(changes.filter((c) => c.state === "retrying")).toHaveLength(1);
  });

  it("carries data again after it came back", async () => {
    const { clock, link, t } = setup();
    const got: string[] = [];
    t.onData((c) => got.push(Buffer.from(c).toString()));
    await t.open();
    link.unplug();
    await link.replug();
    clock.advance(250);
    await flush();
    await link.device.write("after\n");
    await flush();
    expect(got).toEqual(["after\n"]);
  });

  it("gives up after maxAttempts and closes with the reason", async () => {
    const { clock, link, t, changes, closes } = setup({ maxAttempts: 3 });
    await t.open();
    link.unplug();
    for (let i = 0; i < 10; i++) {
      clock.advance(1000);
      await flush();
    }
    expect(changes.at(-1)).toMatchObject({ state: "gave-up", attempts: 3 });
    expect(closes).toHaveLength(1);
    expect(closes[0]?.message).toMatch(/link lost and not back after 3 attempts/);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("close() while retrying stops the retries and reports a clean close", async () => {
    const { clock, link, t, closes } = setup();
    await t.open();
    link.unplug();
    await t.close();
    expect(clock.pendingTimers()).toBe(0);
    expect(closes).toEqual([undefined]);
  });

  it("does not retry the first open: a wrong path fails at once", async () => {
    const { link, t } = setup();
    link.unplug();
    await expect(t.open()).rejects.toThrow(/unplugged/);
  });
});
