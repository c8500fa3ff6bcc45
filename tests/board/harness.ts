/**
 * Test harness: a SerialBoard and a MockBoard joined by a MemoryLink, on a ManualClock.
 * advance() moves the virtual clock in small steps and lets the microtasks that carry
 * bytes between the two ends run between steps, so nothing sleeps real time.
 */

import { MockBoard, type MockBoardOptions } from "../../src/board/mock-board.js";
import { SerialBoard, type SerialBoardOptions } from "../../src/board/serial-board.js";
import type { BoardEvent } from "../../src/core/board.js";
import { ManualClock } from "../../src/core/clock.js";
import type { Frame } from "../../src/core/frame.js";
import { MemoryLink } from "../../src/transport/memory.js";

/** Lets queued microtasks and immediate callbacks run (no timers, no real waiting). */
export async function flush(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

export async function advance(clock: ManualClock, ms: number, stepMs = 5): Promise<void> {
  await flush();
  for (let t = 0; t < ms; t += stepMs) {
    clock.advance(Math.min(stepMs, ms - t));
    await flush();
  }
}

export interface MockRig {
  clock: ManualClock;
  link: MemoryLink;
  mock: MockBoard;
  board: SerialBoard;
  frames: Frame[];
  events: BoardEvent[];
  advance(ms: number): Promise<void>;
  /** Opens the board, moving the clock until open() settles (fails the test after boundMs). */
  open(boundMs?: number): Promise<void>;
}

export function mockRig(
  boardOptions: SerialBoardOptions = {},
  mockOptions: MockBoardOptions = {},
): MockRig {
  const clock = new ManualClock();
  const link = new MemoryLink("/dev/ttyMOCK0");
  const mock = new MockBoard(link.device, clock, mockOptions);
  // An Uno resets when the host opens its port; so does the mock.
  link.host.onOpen(() => mock.reset());
  void link.device.open();
  const board = new SerialBoard(link.host, clock, {
    reconnect: { random: () => 0 },
    ...boardOptions,
  });
  const frames: Frame[] = [];
  const events: BoardEvent[] = [];
  board.onFrame((f) => frames.push(f));
  board.onEvent((e) => events.push(e));
  const rig: MockRig = {
    clock,
    link,
    mock,
    board,
    frames,
    events,
    advance: (ms) => advance(clock, ms),
    open: async (boundMs = 10_000) => {
      const outcome = settle(board.open());
      await until(rig, () => outcome.done, boundMs, "board.open() did not settle");
      if (outcome.error) throw outcome.error;
    },
  };
  return rig;
}

/** Tracks a promise's outcome without awaiting it. */
export function settle<T>(p: Promise<T>): { done: boolean; value?: T; error?: unknown } {
  const s: { done: boolean; value?: T; error?: unknown } = { done: false };
  p.then(
    (v) => {
      s.done = true;
      s.value = v;
    },
    (e: unknown) => {
      s.done = true;
      s.error = e;
    },
  );
  return s;
}

/** Advances virtual time until cond() holds; throws after boundMs of virtual time. */
export async function until(
  rig: { advance(ms: number): Promise<void> },
  cond: () => boolean,
  boundMs: number,
  what: string,
): Promise<void> {
  for (let t = 0; t <= boundMs; t += 5) {
    if (cond()) return;
    await rig.advance(5);
  }
  if (!cond()) throw new Error(`${what} within ${boundMs} ms of virtual time`);
}
