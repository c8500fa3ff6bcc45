/**
 * Third-party firmware: StandardFirmata 2.4 as its firmware profile ships it, in the same
 * emulator with the same virtual bench, driven by johnny-five through a firmata-io
 * instance whose transport is the emulator's USART (firmata-io 2.3 lib/firmata.js takes an
 * object transport with write(buffer, cb) that emits "open" and "data").
 */
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { Emulator } from "../../src/emulator/emulator.js";
import { parseIntelHex } from "../../src/emulator/hex.js";
import type { Transport } from "../../src/transport/types.js";

const require = createRequire(import.meta.url);
const HEX = "firmware-profiles/standard-firmata/StandardFirmata.cpp.hex";

/** The stream-like object firmata-io expects, over a Transport. */
class FirmataStream extends EventEmitter {
  constructor(private readonly transport: Transport) {
    super();
    transport.onData((chunk) => this.emit("data", Buffer.from(chunk)));
  }
  async open(): Promise<void> {
    await this.transport.open();
    this.emit("open");
  }
  write(data: Buffer | number[], cb?: (err?: Error | null) => void): void {
    this.transport.write(Uint8Array.from(data)).then(
      () => cb?.(null),
      (e: Error) => cb?.(e),
    );
  }
}

/** Runs emulated time in slices, letting johnny-five's promises and timers settle in between. */
async function runUntil(emu: Emulator, done: () => boolean, maxEmulatedMs: number): Promise<void> {
  const end = emu.nowMs() + maxEmulatedMs;
  while (!done()) {
    if (emu.nowMs() >= end)
      throw new Error(`condition not met within ${maxEmulatedMs} ms of emulated time`);
    emu.runFor(5);
    await new Promise((r) => setImmediate(r));
  }
}

describe("StandardFirmata in the emulator with johnny-five", () => {
  it("reaches ready, drives the lamp by PWM and reads the array INA219 over Firmata I2C", async () => {
    const emu = new Emulator({
      firmware: parseIntelHex(readFileSync(HEX, "utf8"), { source: HEX }),
    });
    const stream = new FirmataStream(emu.transport);
    const Firmata = require("firmata-io")(FirmataStream);
    const five = require("johnny-five");
    const io = new Firmata(stream);
    const board = new five.Board({ io, repl: false, debug: false });
    let ready = false;
    board.on("ready", () => {
      ready = true;
    });
    await stream.open();
    await runUntil(emu, () => ready, 5000);
    expect(io.firmware.name).toMatch(/StandardFirmata/);

    // Lamp on D9 at full PWM through Firmata, as a johnny-five Led would do it.
    io.pinMode(9, io.MODES.PWM);
    io.analogWrite(9, 255);
    await runUntil(emu, () => emu.pinDuty(9) > 0.99, 500);
    emu.runFor(50);

    // Calibrate the INA219 at 0x40 (Adafruit 32V_2A: Cal 4096, 0.1 mA LSB), then read bus and current.
    io.i2cConfig({ delay: 0 });
    io.i2cWrite(0x40, [0x05, 0x10, 0x00]);
    const read = (reg: number) =>
      new Promise<number>((resolve) =>
        io.i2cReadOnce(0x40, reg, 2, (bytes: number[]) =>
          resolve(((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0)),
        ),
      );
    let bus: number | undefined;
    void read(0x02).then((v) => {
      bus = v;
    });
    await runUntil(emu, () => bus !== undefined, 500);
    let current: number | undefined;
    void read(0x04).then((v) => {
      current = v;
    });
    await runUntil(emu, () => current !== undefined, 500);
    const truth = emu.bench.truth;
    expect(Math.abs(((bus ?? 0) >> 3) * 4e-3 - truth.busV)).toBeLessThan(0.015);
    const currentA = ((current ?? 0) & 0x8000 ? (current ?? 0) - 0x10000 : (current ?? 0)) * 100e-6;
    expect(Math.abs(currentA - truth.arrayCurrentA)).toBeLessThan(0.0005);
    expect(truth.arrayCurrentA).toBeGreaterThan(0.05);
  });
});
