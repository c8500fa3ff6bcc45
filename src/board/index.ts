/**
 * Boards: one BoardDriver interface (types.ts) for every kind of board.
 * - BoardLink (link.ts): the one link lifecycle (open, silence, reconnect, close) under
 *   SerialBoard and FirmataBoard;
 * - SerialBoard: the uno-ina219 firmware over protocol v1 on any Transport;
 * - EmulatedBoard: SerialBoard over the emulator's USART and clock;
 * - FirmataBoard: StandardFirmata through johnny-five, with an INA219 part over I2C;
 * - MockBoard: a scripted fake board for tests (over a MemoryLink or a pty);
 * - ReplayBoard: a recording played back (replay.ts, from the telemetry work).
 * The INA219 and TMP36 arithmetic the drivers use is src/chips/.
 */

export * from "../core/board.js";
export { CommandRejectedError, type CommandSpec } from "./commands.js";
export { EmulatedBoard, type EmulatedBoardOptions, type EmulatedUsart } from "./emulated-board.js";
export { FirmataBoard, type FirmataBoardOptions, type FirmataInaOptions } from "./firmata-board.js";
export { buildFirmataFrame } from "./firmata-frame.js";
export {
  type I2cBus,
  Ina219Part,
  type Ina219PartOptions,
  type Ina219Reading,
} from "./ina219-firmata.js";
export { MockBoard, type MockBoardOptions } from "./mock-board.js";
export { ReplayBoard, type ReplayBoardOptions, type ReplayEnd } from "./replay.js";
export { SerialBoard, type SerialBoardOptions } from "./serial-board.js";
export {
  type ChannelCalibration,
  type ResolvedCalibration,
  resolveCalibrations,
} from "./settings.js";
