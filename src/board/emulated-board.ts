/**
 * EmulatedBoard: the uno-ina219 firmware running in the emulator (src/emulator), reached
 * through the emulated USART as a Transport and timed by the emulator's Clock (emulated
 * time). It is a SerialBoard in every respect but its kind, so the session cannot tell
 * it from a cable, which is the point: the same driver code is exercised.
 *
 * It depends on the emulator structurally (a transport and a clock), not on its class,
 * so src/board does not import src/emulator.
 */
import type { Clock } from "../core/clock.js";
import type { Transport } from "../transport/types.js";
import { SerialBoard, type SerialBoardOptions } from "./serial-board.js";

/** What EmulatedBoard needs of the emulator: src/emulator's Emulator has both. */
export interface EmulatedUsart {
  readonly transport: Transport;
  readonly clock: Clock;
}

export type EmulatedBoardOptions = Omit<SerialBoardOptions, "kind">;

export class EmulatedBoard extends SerialBoard {
  constructor(emulator: EmulatedUsart, options: EmulatedBoardOptions = {}) {
    // No cable to unplug: the emulated port never drops with an error, so reconnecting
    // is off unless asked for (a reset inside the emulator is handled as a new HELLO).
    super(emulator.transport, emulator.clock, { reconnect: false, ...options, kind: "emulated" });
  }
}
