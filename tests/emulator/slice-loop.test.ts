/**
 * The lockstep pacers' run loop (src/emulator/slice-loop.ts): one slice at a time, after
 * pending I/O or after a delay, none once stopped. Fake timers: nothing waits on the wall.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SliceLoop } from "../../src/emulator/slice-loop.js";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A loop that counts its slices. */
function counted(): { loop: SliceLoop; slices: () => number } {
  let n = 0;
  return { loop: new SliceLoop(() => n++), slices: () => n };
}

describe("SliceLoop", () => {
  it("runs one slice for many asks, and the next only when the slice asks for it", () => {
    let slices = 0;
    let again = true;
    const loop = new SliceLoop(() => {
      slices++;
      if (again) loop.schedule();
    });
    loop.start();
    loop.schedule();
    loop.start();
    vi.advanceTimersToNextTimer();
    expect(slices).toBe(1);
    again = false;
    vi.advanceTimersToNextTimer();
    expect(slices).toBe(2);
    vi.runAllTimers();
    expect(slices).toBe(2);
    // Held (no slice asked for the next): a callback resumes it.
    loop.schedule();
    vi.runAllTimers();
    expect(slices).toBe(3);
  });

  it("waits delayMs before the next slice when asked to", () => {
    const { loop, slices } = counted();
    loop.start();
    vi.runAllTimers();
    loop.schedule(5);
    vi.advanceTimersByTime(4);
    expect(slices()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(slices()).toBe(2);
  });

  it("runs no slice once stopped, even one already scheduled", () => {
    const { loop, slices } = counted();
    loop.schedule();
    vi.runAllTimers();
    expect(slices()).toBe(0);
    loop.start();
    loop.stop();
    vi.runAllTimers();
    expect(slices()).toBe(0);
    expect(loop.running).toBe(false);
  });
});
