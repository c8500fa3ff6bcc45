/** Options of SerialBoard (./serial-board.ts), with their defaults. */

import type { BoardKind } from "../core/board.js";
import type { BackoffOptions } from "../transport/reconnecting.js";
import type { ChannelCalibration } from "./settings.js";

export interface SerialBoardOptions {
  /** Reported as BoardDriver.kind. Default "serial" ("emulated" for EmulatedBoard). */
  kind?: BoardKind;
  /** Wait this long for HELLO after opening. Default 5000 ms (an Uno's bootloader takes ~1.6 s). */
  handshakeTimeoutMs?: number;
  /** INFO is resent this often during the handshake. Default 1000 ms. */
  infoIntervalMs?: number;
  /** Per-attempt wait for ACK/NAK. Default 500 ms. */
  commandTimeoutMs?: number;
  /** Resends of an unanswered command. Default 3. */
  commandRetries?: number;
  /** Telemetry rate sent after the handshake; omitted: the firmware's (10 Hz). */
  rateHz?: number;
  /** Firmware watchdog timeout sent after the handshake; omitted: the firmware's (3000 ms). */
  watchdogMs?: number;
  /** Heartbeat period. Default: a third of the watchdog timeout, at most 1000 ms. */
  heartbeatMs?: number;
  /**
   * With the port still open, this long without a single line (frames arrive at rateHz and
   * heartbeats are ACKed) means the board hung or the adapter died quietly: reported as
   * link-down, then the driver handshakes again. Default 3 heartbeat periods, at least 3000 ms.
   */
  silenceMs?: number;
  /** Panel over-temperature limit sent to the firmware (OTL), degrees C. */
  overTempC?: number;
  /** INA219 calibration per channel (index or role as listed in HELLO). */
  calibration?: ChannelCalibration[];
  /** Reconnect backoff; false: a lost link closes the board. Default {} (retry forever). */
  reconnect?: BackoffOptions | false;
  /** Protocol version this host speaks. Default PROTOCOL_VERSION. */
  protocolVersion?: number;
  /** Longest line kept; longer ones are counted and skipped. Default 512 bytes. */
  maxLineBytes?: number;
}
