/**
 * Harness: the real uno-ina219 .hex in the emulator, with EmulatedBoard on its USART.
 * advance() runs emulated time in small slices and lets host-side promises settle between
 * them, so host and firmware interleave as they would on a wire.
 */
import { fileURLToPath } from "node:url";
import { EmulatedBoard, type EmulatedBoardOptions } from "../../src/board/emulated-board.js";
import { Emulator, type EmulatorOptions } from "../../src/emulator/emulator.js";
import { loadHexFile } from "../../src/emulator/hex.js";
import { loadProfile } from "../../src/firmware/profiles.js";
import { flush } from "./harness.js";

export const UNO_INA219_HEX = fileURLToPath(
  new URL("../../firmware-profiles/uno-ina219/uno-ina219.hex", import.meta.url),
);

/** StandardFirmata 2.4 as the standard-firmata profile ships it (what users get). */
export const STANDARD_FIRMATA_HEX = loadProfile("standard-firmata").hexPath;

export async function emulatedRig(
  boardOptions: EmulatedBoardOptions = {},
  emulatorOptions: Omit<EmulatorOptions, "firmware"> = {},
) {
  const firmware = await loadHexFile(UNO_INA219_HEX);
  const emulator = new Emulator({ firmware, ...emulatorOptions });
  const board = new EmulatedBoard(emulator, boardOptions);
  const advance = async (ms: number, sliceMs = 5) => {
    await flush(2);
    for (let t = 0; t < ms; t += sliceMs) {
      emulator.runFor(Math.min(sliceMs, ms - t));
      await flush(2);
    }
  };
  return { emulator, board, advance };
}
