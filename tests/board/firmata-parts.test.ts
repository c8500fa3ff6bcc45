/**
 * Which johnny-five parts the Firmata board uses, and the evidence for docs/wiring.md
 * ("The Firmata path"): its Led drives the lamp and load pins (and refuses a pin the
 * board cannot drive by PWM); its TMP36 Thermometer is not used, because it reads whole
 * degrees and its readings follow the wall clock, repeating the last value after the
 * board stopped reporting. If johnny-five changes either, these fail: time to look again.
 */
import { createRequire } from "node:module";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FirmataBoard } from "../../src/board/firmata-board.js";
import { FirmataTransportAdapter } from "../../src/board/firmata-transport.js";
import { tmp36ToCelsius } from "../../src/chips/tmp36.js";
import { Emulator } from "../../src/emulator/emulator.js";
import { fault } from "../../src/emulator/faults.js";
import { loadHexFile } from "../../src/emulator/hex.js";
import { STANDARD_FIRMATA_HEX } from "./emulated-rig.js";
import { flush } from "./harness.js";

const require = createRequire(import.meta.url);

async function emulatedFirmata() {
  const emulator = new Emulator({ firmware: await loadHexFile(STANDARD_FIRMATA_HEX) });
  const run = async (ms: number) => {
    for (let t = 0; t < ms; t += 5) {
      emulator.runFor(5);
      await flush(2);
    }
  };
  return { emulator, run };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("johnny-five's Led on the lamp and load pins", () => {
  it("refuses a lamp pin the board cannot drive by PWM, naming the pins that can", {
    timeout: 60_000,
  }, async () => {
    const { emulator, run } = await emulatedFirmata();
    const board = new FirmataBoard(emulator.transport, emulator.clock, {
      lampPin: 8,
      loadPin: 10,
      panelTempChannel: 0,
      reconnect: false,
      inas: [{ address: 0x40, role: "array", shuntOhms: 0.1, maxCurrentA: 0.4 }],
    });
    let error: unknown = null;
    let done = false;
    board.open().then(
      () => {
        done = true;
      },
      (e: unknown) => {
        error = e;
        done = true;
      },
    );
    for (let t = 0; t < 8000 && !done; t += 20) await run(20);
    expect(error).toMatchObject({
      code: "FIRMWARE_PROFILE",
      message:
        "firmware profile standard-firmata: lamp pin D8 is not a PWM pin on this board (its Firmata capability report); PWM pins: D3, D5, D6, D9, D10, D11",
    });
    expect(emulator.transport.isOpen).toBe(false);
    expect(board.stats().link).toBe("closed");
  });
});

describe("johnny-five's TMP36 Thermometer, measured against our conversion", () => {
  it("reads whole degrees, and its readings follow the wall clock, not the board's reports", {
    timeout: 60_000,
  }, async () => {
    // Only setInterval is faked: johnny-five's Thermometer emits on it; everything else is real.
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const { emulator, run } = await emulatedFirmata();
    await emulator.transport.open();
    const { Firmata } = require("firmata-io");
    const five = require("johnny-five");
    const adapter = new FirmataTransportAdapter(emulator.transport);
    const io = new Firmata(adapter, { samplingInterval: 100 });
    queueMicrotask(() => adapter.announceOpen());
    const board = new five.Board({ io, repl: false, debug: false, sigint: false });
    let ready = false;
    board.on("ready", () => {
      ready = true;
    });
    for (let t = 0; t < 8000 && !ready; t += 20) await run(20);
    expect(ready).toBe(true);

    let reports = 0;
    let raw = -1;
    io.analogRead(0, (v: number) => {
      reports++;
      raw = v;
    });
    const thermometer = new five.Thermometer({ controller: "TMP36", pin: "A0", freq: 100, board });
    let dataEvents = 0;
    thermometer.on("data", () => {
      dataEvents++;
    });

    // The TMP36's output swept over 700..800 mV (20..30 C) in 2.5 mV steps.
    let fiveWorstC = 0;
    let oursWorstC = 0;
    const fiveReadings = new Set<number>();
    for (let mv = 700; mv <= 800; mv += 2.5) {
      emulator.clearFaults();
      emulator.injectFault(fault("sensor-stuck", { atMs: 0, forMs: 1e9, volts: mv / 1000 }));
      await run(150);
      const truthC = (mv / 1000 - 0.5) * 100;
      const fiveC = thermometer.celsius as number;
      fiveReadings.add(fiveC);
      fiveWorstC = Math.max(fiveWorstC, Math.abs(fiveC - truthC));
      oursWorstC = Math.max(oursWorstC, Math.abs(tmp36ToCelsius(raw, 5)! - truthC));
    }
    expect([...fiveReadings].every(Number.isInteger)).toBe(true);
    expect(fiveWorstC).toBeGreaterThan(0.75);
    expect(oursWorstC).toBeLessThan(0.5); // one ADC step: 5 V / 1024 = 4.9 mV = 0.49 C

    // Board time runs, wall time does not: reports arrive, the Thermometer says nothing.
    reports = 0;
    dataEvents = 0;
    await run(2000);
    expect(reports).toBeGreaterThanOrEqual(19);
    expect(dataEvents).toBe(0);
    // Wall time runs, board time does not (a paused or slow emulator, a stalled board):
    // the Thermometer repeats its last reading as new data, ten a second.
    vi.advanceTimersByTime(1000);
    expect(dataEvents).toBe(10);
    // The board stops reporting A0: nothing new arrives, the readings go on all the same.
    io.reportAnalogPin(0, 0);
    reports = 0;
    await run(1000);
    vi.advanceTimersByTime(1000);
    expect(reports).toBe(0);
    expect(dataEvents).toBe(20);

    thermometer.disable();
    board.removeAllListeners();
    io.removeAllListeners();
    adapter.detach();
  });
});
