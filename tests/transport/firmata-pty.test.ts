/**
 * FirmataBoard through the real serialport stack at 57600 baud against StandardFirmata
 * running in the emulator behind a socat pty, including a cable pulled and put back:
 * the board must come back through johnny-five's ready again with the lamp re-applied.
 * StandardFirmata emulates slower than real time here, so the bounds are generous.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { FirmataBoard } from "../../src/board/firmata-board.js";
import type { BoardEvent } from "../../src/core/board.js";
import { RealClock } from "../../src/core/clock.js";
import type { Frame } from "../../src/core/frame.js";
import { Emulator, loadHexFile, Pacer } from "../../src/emulator/index.js";
import { SerialportTransport } from "../../src/transport/serialport.js";
import { SocatPair } from "../../src/transport/socat-pair.js";
import { STANDARD_FIRMATA_HEX } from "../board/emulated-rig.js";
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

describe("FirmataBoard + serialport + socat pty + emulated StandardFirmata", () => {
  const socat = new SocatPair();
  let emulator: Emulator;
  let pacer: Pacer;
  let devicePort: SerialportTransport | null = null;
  let board: FirmataBoard;
  const frames: Frame[] = [];
  const events: BoardEvent[] = [];

  const connectDevice = async () => {
    const port = new SerialportTransport({ path: socat.pathB, baudRate: 57600 });
    port.onData((chunk) => {
      emulator.transport.write(chunk).catch(() => {});
    });
    await port.open();
    devicePort = port;
  };

  beforeAll(async () => {
    await socat.start();
    emulator = new Emulator({
      firmware: await loadHexFile(STANDARD_FIRMATA_HEX),
      resetOnOpen: false,
    });
    await emulator.transport.open();
    emulator.transport.onData((chunk) => {
      if (devicePort?.isOpen) devicePort.write(chunk).catch(() => {});
    });
    pacer = new Pacer(emulator, { speed: 2 });
    pacer.start();
    await connectDevice();
    board = new FirmataBoard(
      new SerialportTransport({ path: socat.pathA, baudRate: 57600 }),
      new RealClock(),
      {
        lampPin: 9,
        loadPin: 10,
        panelTempChannel: 0,
        inas: [{ address: 0x40, role: "array", shuntOhms: 0.1, maxCurrentA: 0.4 }],
        readyTimeoutMs: 15_000,
        reconnect: { initialDelayMs: 100, maxDelayMs: 500, random: () => 0.5 },
      },
    );
    board.onFrame((f) => frames.push(f));
    board.onEvent((e) => events.push(e));
  });

  afterAll(async () => {
    await board?.close();
    pacer?.stop();
    await devicePort?.close();
    await socat.dispose();
  });

  it("reaches ready, drives the lamp and reads the cell", { timeout: 40_000 }, async () => {
    const info = await board.open();
    expect(info).toMatchObject({ kind: "firmata", firmwareVersion: "StandardFirmata.ino 2.4" });
    await board.setLamp(255);
    await waitFor(() => emulator.pinDuty(9) > 0.99, 5000, "lamp pin at full duty");
    await waitFor(() => (frames.at(-1)?.currentMa ?? 0) > 20, 5000, "cell current under the lamp");
  });

  it("comes back after the cable is pulled and put back, with the lamp re-applied", {
    timeout: 60_000,
  }, async () => {
    await socat.stop();
    // A pty hang-up reaches serialport on its next poll; under load that can take seconds.
    await waitFor(() => board.stats().link !== "up", 10_000, "link down");
    emulator.resetBoard("external"); // unplugged: the Uno loses power, and the lamp with it
    await waitFor(() => emulator.pinDuty(9) === 0, 3000, "lamp off after the reset");
    await socat.start();
    await connectDevice();
    await waitFor(() => board.stats().link === "up", 30_000, "link up again");
    await waitFor(() => emulator.pinDuty(9) > 0.99, 5000, "lamp re-applied");
    expect(board.stats().reconnects).toBe(1);
    const marks = events
      .filter((e) => e.kind === "link-down" || e.kind === "link-up")
      .map((e) => (e.kind === "link-up" ? `up:${e.reconnect}` : "down"));
    expect(marks).toEqual(["up:false", "down", "up:true"]);
  });
});
