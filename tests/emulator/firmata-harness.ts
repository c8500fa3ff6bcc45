/**
 * Third-party Firmata firmware in the emulator, driven by johnny-five through a firmata-io
 * instance whose transport is the emulator's USART (firmata-io 2.3 lib/firmata.js takes an
 * object transport with write(buffer, cb) that emits "open" and "data").
 */
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { expect } from "vitest";
import { Emulator } from "../../src/emulator/emulator.js";
import { parseIntelHex } from "../../src/emulator/hex.js";
import type { Transport } from "../../src/transport/types.js";

const require = createRequire(import.meta.url);

/** The stream-like object firmata-io expects, over a Transport. */
export class FirmataStream extends EventEmitter {
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
export async function runUntil(
  emu: Emulator,
  done: () => boolean,
  maxEmulatedMs: number,
): Promise<void> {
  const end = emu.nowMs() + maxEmulatedMs;
  while (!done()) {
    if (emu.nowMs() >= end)
      throw new Error(`condition not met within ${maxEmulatedMs} ms of emulated time`);
    emu.runFor(5);
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * Boots the hex in the emulator and johnny-five on it; resolves once johnny-five is ready
 * (or fails within 5 s of emulated time). `io` is the firmata-io instance.
 */
export async function firmataOnEmulator(hexPath: string) {
  const emu = new Emulator({
    firmware: parseIntelHex(readFileSync(hexPath, "utf8"), { source: hexPath }),
  });
  const stream = new FirmataStream(emu.transport);
  const Firmata = require("firmata-io")(FirmataStream);
  const five = require("johnny-five");
  const io = new Firmata(stream);
  const board = new five.Board({ io, repl: false, debug: false, sigint: false });
  let ready = false;
  board.on("ready", () => {
    ready = true;
  });
  await stream.open();
  await runUntil(emu, () => ready, 5000);
  return { emu, io };
}

/** Reads a 16-bit INA219 register over Firmata I2C (one i2cReadOnce, MSB first). */
export async function readIna219(
  emu: Emulator,
  io: { i2cReadOnce: (a: number, r: number, n: number, cb: (b: number[]) => void) => void },
  address: number,
  reg: number,
): Promise<number> {
  let value: number | undefined;
  io.i2cReadOnce(address, reg, 2, (bytes: number[]) => {
    value = ((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0);
  });
  await runUntil(emu, () => value !== undefined, 500);
  return value!;
}

/** The INA219 at 0x40 calibrated (Adafruit 32V_2A: Cal 4096, 0.1 mA LSB) and read against the bench's truth. */
export async function expectIna219ReadsTruth(
  emu: Emulator,
  io: Parameters<typeof readIna219>[1] & {
    i2cConfig: (o: { delay: number }) => void;
    i2cWrite: (a: number, b: number[]) => void;
  },
): Promise<void> {
  io.i2cConfig({ delay: 0 });
  io.i2cWrite(0x40, [0x05, 0x10, 0x00]);
  const bus = await readIna219(emu, io, 0x40, 0x02);
  const current = await readIna219(emu, io, 0x40, 0x04);
  const truth = emu.bench.truth;
  expect(Math.abs((bus >> 3) * 4e-3 - truth.busV)).toBeLessThan(0.015);
  const currentA = (current & 0x8000 ? current - 0x10000 : current) * 100e-6;
  expect(Math.abs(currentA - truth.arrayCurrentA)).toBeLessThan(0.0005);
  expect(truth.arrayCurrentA).toBeGreaterThan(0.05);
}
