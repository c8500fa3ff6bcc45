/**
 * SerialBoard through the real serialport stack against the real uno-ina219 firmware:
 * the emulator (paced to wall time) sits on one end of a socat pty pair, bridged byte
 * for byte to its USART; SerialBoard opens the other end. Stopping socat is the cable
 * pulled: the host reconnects with backoff while the firmware's own watchdog turns the
 * lamp off; starting it again is the cable back (the board resets, as on power-up), and
 * the host must handshake again and re-apply the lamp and load.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { SerialBoard } from "../../src/board/serial-board.js";
import type { BoardEvent } from "../../src/core/board.js";
import { RealClock } from "../../src/core/clock.js";
import type { Frame } from "../../src/core/frame.js";
import { Emulator, loadHexFile, Pacer } from "../../src/emulator/index.js";
import { SerialportTransport } from "../../src/transport/serialport.js";
import { SocatPair } from "../../src/transport/socat-pair.js";
import { UNO_INA219_HEX } from "../board/emulated-rig.js";
import { needs } from "../support/requires.js";

// Every group in this file needs socat: skipped (and named at the end of the run) without it.
const { describe } = needs("socat");

async function waitFor(cond: () => boolean, boundMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > boundMs) throw new Error(`${what}: not within ${boundMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Joins the emulator's USART to a pty end (what `orbitrig emulate --pty` does for users). */
class Bridge {
  port: SerialportTransport | null = null;
  constructor(
    readonly emulator: Emulator,
    readonly path: string,
  ) {
    emulator.transport.onData((chunk) => {
      if (this.port?.isOpen) this.port.write(chunk).catch(() => {});
    });
  }
  async connect(): Promise<void> {
    const port = new SerialportTransport({ path: this.path });
    port.onData((chunk) => {
      this.emulator.transport.write(chunk).catch(() => {});
    });
    await port.open();
    this.port = port;
  }
}

describe("SerialBoard + serialport + socat pty + emulated uno-ina219 firmware", () => {
  const socat = new SocatPair();
  let emulator: Emulator;
  let pacer: Pacer;
  let bridge: Bridge;
  let board: SerialBoard;
  const frames: Frame[] = [];
  const events: BoardEvent[] = [];

  beforeAll(async () => {
    await socat.start();
    emulator = new Emulator({ firmware: await loadHexFile(UNO_INA219_HEX), resetOnOpen: false });
    await emulator.transport.open();
    pacer = new Pacer(emulator, { speed: 1 });
    pacer.start();
    bridge = new Bridge(emulator, socat.pathB);
    await bridge.connect();
    board = new SerialBoard(new SerialportTransport({ path: socat.pathA }), new RealClock(), {
      rateHz: 20,
      watchdogMs: 1000,
      calibration: [{ channel: "array", shuntOhms: 0.1, maxCurrentA: 0.4 }],
      reconnect: { initialDelayMs: 100, maxDelayMs: 500, random: () => 0.5 },
    });
    board.onFrame((f) => frames.push(f));
    board.onEvent((e) => events.push(e));
  });

  afterAll(async () => {
    await board?.close();
    pacer?.stop();
    await bridge?.port?.close();
    await socat.dispose();
  });

  it("handshakes with the firmware and the cell current follows the lamp", {
    timeout: 30_000,
  }, async () => {
    const info = await board.open();
    expect(info).toMatchObject({ kind: "serial", profile: "uno-ina219", protocolVersion: 1 });
    await waitFor(() => frames.length >= 10, 3000, "10 frames");
    const dark = frames.at(-1)!;
    await board.setLamp(255);
    await board.setLoad(100);
    await waitFor(
      () => (frames.at(-1)?.currentMa ?? 0) > 10 * Math.max(dark.currentMa, 0.1),
      3000,
      "cell current up under the lamp",
    );
    expect(emulator.pinDuty(9)).toBeCloseTo(1, 2);
    expect(board.stats()).toMatchObject({ framesLost: 0, checksumRejects: 0 });
  });

  it("cable pulled: the firmware watchdog cuts the lamp; cable back: reconnect, re-handshake, lamp and load re-applied", {
    timeout: 30_000,
  }, async () => {
    await socat.stop();
    await waitFor(() => board.stats().link !== "up", 2000, "link down");
    // The host is gone for the firmware: after WDT (1000 ms) it turns everything off itself.
    await waitFor(
      () => emulator.pinDuty(9) === 0 && emulator.pinDuty(10) === 0,
      3000,
      "firmware watchdog cut lamp and load",
    );
    await socat.start();
    emulator.resetBoard("external"); // powered up again by the cable
    await bridge.connect();
    await waitFor(() => board.stats().link === "up", 8000, "link up again").catch((e: unknown) => {
      throw new Error(
        `${(e as Error).message}; stats ${JSON.stringify(board.stats())}; events ${JSON.stringify(events.filter((x) => x.kind !== "hello").slice(-12))}`,
      );
    });
    await waitFor(
      () => emulator.pinDuty(9) > 0.99 && Math.abs(emulator.pinDuty(10) - 100 / 255) < 0.01,
      3000,
      "lamp and load re-applied",
    );
    expect(board.stats().reconnects).toBe(1);
    const marks = events
      .filter((e) => e.kind === "link-down" || e.kind === "link-up")
      .map((e) => e.kind);
    expect(marks, JSON.stringify(events.filter((e) => e.kind !== "hello"))).toEqual([
      "link-up",
      "link-down",
      "link-up",
    ]);
    const n = frames.length;
    await waitFor(() => frames.length > n + 10, 2000, "frames after reconnect");
    expect(frames.at(-1)?.lamp).toBe(255);
  });
});
