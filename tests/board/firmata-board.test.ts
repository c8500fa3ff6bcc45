/**
 * FirmataBoard against StandardFirmata in the emulator: what it reads must be what the
 * virtual bench holds (within the INA219's and the ADC's resolution), and what it
 * commands must reach the pins.
 */
import { describe, expect, it } from "vitest";
import { FirmataBoard } from "../../src/board/firmata-board.js";
import { benchSchema } from "../../src/config/schema/bench.js";
import type { BoardEvent } from "../../src/core/board.js";
import type { Frame } from "../../src/core/frame.js";
import { Emulator } from "../../src/emulator/emulator.js";
import { type FaultSpec, fault } from "../../src/emulator/faults.js";
import { loadHexFile } from "../../src/emulator/hex.js";
import { STANDARD_FIRMATA_HEX } from "./emulated-rig.js";
import { flush } from "./harness.js";

async function firmataRig(bench = benchSchema.parse(undefined), faults: FaultSpec[] = []) {
  const emulator = new Emulator({
    firmware: await loadHexFile(STANDARD_FIRMATA_HEX),
    bench,
    faults,
  });
  const board = new FirmataBoard(emulator.transport, emulator.clock, {
    lampPin: 9,
    loadPin: 10,
    panelTempChannel: 0,
    reconnect: false,
    inas: [
      { address: 0x40, role: "array", shuntOhms: 0.1, maxCurrentA: 0.4 },
      { address: 0x41, role: "load", shuntOhms: 0.1, maxCurrentA: 0.4 },
    ],
  });
  const frames: Frame[] = [];
  const events: BoardEvent[] = [];
  board.onFrame((f) => frames.push(f));
  board.onEvent((e) => events.push(e));
  const advance = async (ms: number) => {
    for (let t = 0; t < ms; t += 5) {
      emulator.runFor(5);
      await flush(2);
    }
  };
  const settle = async <T>(p: Promise<T>, boundMs: number): Promise<T> => {
    let done = false;
    p.finally(() => {
      done = true;
    }).catch(() => {});
    for (let t = 0; t < boundMs && !done; t += 20) await advance(20);
    return p;
  };
  await settle(board.open(), 8000);
  return { emulator, board, frames, events, advance, settle };
}

describe("FirmataBoard on emulated StandardFirmata", () => {
  it("reads the bench's truth through the INA219 part and the TMP36, and drives the PWM pins", {
    timeout: 60_000,
  }, async () => {
    const sigintBefore = process.listenerCount("SIGINT");
    const { emulator, board, frames, advance, settle } = await firmataRig();
    // johnny-five installs a SIGINT handler that exits the process unless told not to:
    // Ctrl-C must stay with the session, which turns the lamp off first.
    expect(process.listenerCount("SIGINT")).toBe(sigintBefore);
    await advance(500);
    const dark = frames.at(-1)!;
    await settle(board.setLamp(255), 1000);
    await settle(board.setLoad(128), 1000);
    await advance(1000);
    expect(emulator.pinDuty(9)).toBeCloseTo(1, 2);
    expect(emulator.pinDuty(10)).toBeCloseTo(128 / 255, 2);
    const lit = frames.at(-1)!;
    const truth = emulator.bench.truth;
    // Array channel: current within 1 % (noise and one sampling interval of drift), bus within 2 LSB.
    expect(Math.abs(lit.currentMa - truth.arrayCurrentA * 1000)).toBeLessThan(
      truth.arrayCurrentA * 1000 * 0.01,
    );
    expect(Math.abs(lit.busV - truth.busV)).toBeLessThan(0.008);
    expect(Math.abs(lit.powerMw - lit.busV * lit.currentMa)).toBeLessThan(lit.powerMw * 0.01 + 0.5);
    expect(lit.currentMa).toBeGreaterThan(20 * Math.max(dark.currentMa, 0.05));
    // Load channel sees the compute load's current.
    const load = lit.channels.find((c) => c.role === "load")!;
    expect(load.present).toBe(true);
    expect(Math.abs(load.currentMa - truth.loadCurrentA * 1000)).toBeLessThan(
      truth.loadCurrentA * 1000 * 0.02 + 0.1,
    );
    // Panel temperature through the TMP36 at one ADC step (4.9 mV = 0.49 C).
    expect(Math.abs((lit.panelTempC ?? Number.NaN) - truth.panelTempC)).toBeLessThan(0.6);
    await settle(board.safe(), 1000);
    await advance(100);
    expect(emulator.pinDuty(9)).toBe(0);
    expect(emulator.pinDuty(10)).toBe(0);
    await settle(board.close(), 1000);
  });

  it("reports an INA219 that does not answer, and marks its channel absent", {
    timeout: 60_000,
  }, async () => {
    const bench = benchSchema.parse({
      inas: [
        { address: 0x40, branch: "array" },
        { address: 0x41, branch: "load", present: false },
      ],
    });
    const { board, frames, events, advance, settle } = await firmataRig(bench);
    await advance(500);
    expect(events).toContainEqual({
      kind: "board-error",
      hostMs: expect.any(Number),
      code: "I2C",
      detail: "INA219 at 0x41 did not answer",
    });
    const f = frames.at(-1)!;
    expect(f.channels.map((c) => [c.address, c.present])).toEqual([
      [0x40, true],
      [0x41, false],
    ]);
    expect(f.flags & 0b11).toBe(0b01);
    await settle(board.close(), 1000);
  });

  it("picks up an INA219 that answers later (plugged in, or a missed reply at start-up)", {
    timeout: 60_000,
  }, async () => {
    // The array INA219 does not answer when the board opens, then does.
    const { emulator, board, frames, events, advance, settle } = await firmataRig(undefined, [
      fault("ina-absent", { address: 0x40 }),
    ]);
    await advance(300);
    expect(frames.at(-1)!.channels[0]!.present).toBe(false);
    emulator.clearFaults();
    await settle(board.setLamp(255), 1000);
    await advance(3000);
    expect(events).toContainEqual({
      kind: "board-event",
      hostMs: expect.any(Number),
      name: "SENSFOUND",
      arg: "0x40",
    });
    const f = frames.at(-1)!;
    expect(f.channels.map((c) => [c.address, c.present])).toEqual([
      [0x40, true],
      [0x41, true],
    ]);
    // Calibrated on the retry: current and power read, not the zeros of an uncalibrated chip.
    expect(f.currentMa).toBeGreaterThan(50);
    expect(f.powerMw).toBeGreaterThan(200);
    await settle(board.close(), 1000);
  });

  it("notices a board gone silent with the port still open, and picks it up again", {
    timeout: 60_000,
  }, async () => {
    const { emulator, board, frames, events, advance, settle } = await firmataRig();
    await settle(board.setLamp(255), 1000);
    await advance(500);
    // Every byte from the board is lost for 5 s: the port stays open, nothing arrives.
    emulator.injectFault(fault("drop", { atMs: emulator.nowMs(), forMs: 5000, rate: 1 }));
    await advance(4000);
    expect(events).toContainEqual(
      expect.objectContaining({
        kind: "link-down",
        reason: expect.stringMatching(/no data .* for \d+ ms/),
      }),
    );
    expect(board.stats().link).not.toBe("up");
    // firmata.js waits for REPORT_VERSION on a wall-clock timer (the board does not reboot
    // here), so give wall time too while the emulator runs.
    const wallStart = Date.now();
    while (board.stats().link !== "up" && Date.now() - wallStart < 30_000) {
      await advance(100);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(board.stats().link).toBe("up");
    expect(
      events
        .filter((e) => e.kind === "link-up")
        .map((e) => (e as { reconnect: boolean }).reconnect),
    ).toEqual([false, true]);
    expect(events.filter((e) => e.kind === "link-down")).toHaveLength(1);
    const n = frames.length;
    await advance(1000);
    expect(frames.length).toBeGreaterThan(n + 5);
    expect(frames.at(-1)!.channels[0]!.present).toBe(true);
    expect(emulator.pinDuty(9)).toBeGreaterThan(0.99);
    await settle(board.close(), 1000);
  });
});
