/**
 * The BoardDriver contract: what the session relies on, whatever the board. Run it
 * against any driver with a factory; the factory's advance() moves that board's clock
 * (virtual time for the mock, emulated time for the emulator).
 */
import { describe, expect, it } from "vitest";
import type { BoardDriver, BoardEvent } from "../../src/core/board.js";
import type { Frame } from "../../src/core/frame.js";

export interface ContractRig {
  board: BoardDriver;
  expectedKind: BoardDriver["kind"];
  /** Protocol v1 boards report 1; Firmata boards 0 (not our protocol). */
  expectedProtocolVersion: number;
  /** Moves the board's clock on by ms, letting IO run. */
  advance(ms: number): Promise<void>;
  /** Closes the board; the contract keeps advancing time until it settles. */
  dispose(): Promise<void>;
}

async function settleWithin<T>(
  rig: ContractRig,
  p: Promise<T>,
  boundMs: number,
  what: string,
): Promise<T> {
  let done = false;
  let value: T | undefined;
  let error: unknown;
  p.then(
    (v) => {
      done = true;
      value = v;
    },
    (e: unknown) => {
      done = true;
      error = e;
    },
  );
  for (let t = 0; t <= boundMs && !done; t += 20) await rig.advance(20);
  if (!done) throw new Error(`${what} did not settle within ${boundMs} ms of board time`);
  if (error !== undefined) throw error;
  return value as T;
}

async function framesUntil(
  rig: ContractRig,
  frames: Frame[],
  cond: (f: Frame) => boolean,
  boundMs: number,
  what: string,
): Promise<Frame> {
  const start = frames.length;
  for (let t = 0; t <= boundMs; t += 20) {
    const hit = frames.slice(start).find(cond);
    if (hit) return hit;
    await rig.advance(20);
  }
  throw new Error(`no frame with ${what} within ${boundMs} ms of board time`);
}

export function boardContract(
  name: string,
  factory: () => Promise<ContractRig>,
  opts: { timeoutMs?: number } = {},
): void {
  const timeout = opts.timeoutMs ?? 20_000;
  describe(`BoardDriver contract: ${name}`, () => {
    async function opened() {
      const rig = await factory();
      const frames: Frame[] = [];
      const events: BoardEvent[] = [];
      rig.board.onFrame((f) => frames.push(f));
      rig.board.onEvent((e) => events.push(e));
      const info = await settleWithin(rig, rig.board.open(), 8000, "open()");
      return { rig, frames, events, info };
    }

    it("opens, reports what it is, and streams frames with rising sequence numbers", {
      timeout,
    }, async () => {
      const { rig, frames, info } = await opened();
      try {
        expect(rig.board.kind).toBe(rig.expectedKind);
        expect(info.kind).toBe(rig.expectedKind);
        expect(rig.board.info).toEqual(info);
        expect(info.protocolVersion).toBe(rig.expectedProtocolVersion);
        await framesUntil(rig, frames, () => frames.length >= 5, 3000, "five frames");
        for (let i = 1; i < frames.length; i++)
          expect(frames[i]!.seq).toBeGreaterThan(frames[i - 1]!.seq);
        for (const f of frames) {
          for (const v of [f.busV, f.currentMa, f.powerMw, f.hostMs, f.boardMs])
            expect(Number.isFinite(v)).toBe(true);
        }
        const s = rig.board.stats();
        expect(s.link).toBe("up");
        expect(s.framesReceived).toBe(frames.length);
        expect(s.lastFrameHostMs).toBe(frames.at(-1)!.hostMs);
      } finally {
        await settleWithin(rig, rig.dispose(), 5000, "dispose()");
      }
    });

    it("applies lamp and load levels, acknowledged, and the frames show them", {
      timeout,
    }, async () => {
      const { rig, frames } = await opened();
      try {
        await settleWithin(rig, rig.board.setLamp(200), 3000, "setLamp(200)");
        await framesUntil(rig, frames, (f) => f.lamp === 200, 2000, "lamp 200");
        await settleWithin(rig, rig.board.setLoad(90), 3000, "setLoad(90)");
        await framesUntil(
          rig,
          frames,
          (f) => f.load === 90 && f.lamp === 200,
          2000,
          "load 90 and lamp 200",
        );
      } finally {
        await settleWithin(rig, rig.dispose(), 5000, "dispose()");
      }
    });

    it("changes the telemetry rate", { timeout }, async () => {
      const { rig, frames } = await opened();
      try {
        await settleWithin(rig, rig.board.setRateHz(20), 3000, "setRateHz(20)");
        await rig.advance(200);
        const from = frames.length;
        await rig.advance(2000);
        const perS = (frames.length - from) / 2;
        expect(perS).toBeGreaterThanOrEqual(17);
        expect(perS).toBeLessThanOrEqual(23);
      } finally {
        await settleWithin(rig, rig.dispose(), 5000, "dispose()");
      }
    });

    it("safe() turns lamp and load off, and never throws, even after close", {
      timeout,
    }, async () => {
      const { rig, frames } = await opened();
      try {
        await settleWithin(rig, rig.board.setLamp(255), 3000, "setLamp(255)");
        await settleWithin(rig, rig.board.setLoad(255), 3000, "setLoad(255)");
        await settleWithin(rig, rig.board.safe(), 3000, "safe()");
        await framesUntil(
          rig,
          frames,
          (f) => f.lamp === 0 && f.load === 0,
          2000,
          "lamp and load off",
        );
        await settleWithin(rig, rig.board.close(), 3000, "close()");
        expect(rig.board.stats().link).toBe("closed");
        await expect(
          settleWithin(rig, rig.board.safe(), 1000, "safe() after close"),
        ).resolves.toBeUndefined();
      } finally {
        await settleWithin(rig, rig.dispose(), 5000, "dispose()");
      }
    });

    it("rejects out-of-range levels without sending them", { timeout }, async () => {
      const { rig } = await opened();
      try {
        await expect(rig.board.setLamp(256)).rejects.toThrow(/lamp level 256/);
        await expect(rig.board.setLoad(-1)).rejects.toThrow(/load level -1/);
      } finally {
        await settleWithin(rig, rig.dispose(), 5000, "dispose()");
      }
    });
  });
}
