/**
 * A Frame is one raw bench sample, the same whatever board produced it (serial,
 * Firmata, emulated, replay). Units are in the field names.
 */

/** What an INA219 channel is wired to on the bench. */
export type ChannelRole = "array" | "load" | "battery" | "aux";

export interface ChannelReading {
  role: ChannelRole;
  /** 7-bit I2C address, 0x40..0x4F. */
  address: number;
  /** The chip answered (ACK) on the last read. When false, the numbers are 0. */
  present: boolean;
  /** The chip's OVF bit: the current/power maths overflowed (TI SBOS448, bus voltage register bit 0). */
  overflow: boolean;
  busV: number;
  /** Signed shunt voltage. */
  shuntMv: number;
  /** Signed current through the shunt. */
  currentMa: number;
  powerMw: number;
}

/** Decoded status flags of a telemetry frame (see docs/protocol.md, "Flags"). */
export interface FrameStatus {
  panelTempPresent: boolean;
  watchdogTripped: boolean;
  overTempCut: boolean;
  safeMode: boolean;
  txOverrun: boolean;
  /** The I2C bus reported an error since the last frame (flag bit 14); absent where the board cannot tell (Firmata). */
  i2cError?: boolean;
}

export interface Frame {
  /** Board sequence number (u32, wraps). Gaps mean lost frames. */
  seq: number;
  /** Board's millis() when the sample was taken (u32, wraps after 49.7 days). */
  boardMs: number;
  /** Host clock when the frame was received, ms since session start. */
  hostMs: number;
  /** The primary channel (role "array", else the first present channel), copied for convenience. */
  busV: number;
  currentMa: number;
  powerMw: number;
  /** Panel temperature, or null when the sensor is absent or its reading is invalid. */
  panelTempC: number | null;
  /** MCU die temperature (rough, ±10 °C), or null when the board cannot measure it. */
  boardTempC: number | null;
  /** Lamp PWM level the board is applying, 0..255. */
  lamp: number;
  /** Compute-load PWM level the board is applying, 0..255. */
  load: number;
  /** Raw status flags word as sent by the board. */
  flags: number;
  status: FrameStatus;
  channels: ChannelReading[];
}

/** Picks the channel that stands for the solar array: role "array", else the first present one. */
export function primaryChannel(channels: readonly ChannelReading[]): ChannelReading | undefined {
  return (
    channels.find((c) => c.role === "array" && c.present) ??
    channels.find((c) => c.present) ??
    channels[0]
  );
}
