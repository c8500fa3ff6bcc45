/**
 * Decoded messages of protocol v1, in the units the wire carries (integers). The board
 * drivers turn telemetry into Frames (src/core/frame.ts) with SI-suffixed fields.
 */

import type { HelloChannel } from "../core/board.js";
import type { ErrorKindName, EventKindName, NakCodeName } from "./constants.js";

export type { HelloChannel };

export interface HelloMessage {
  type: "HELLO";
  protocolVersion: number;
  profile: string;
  firmwareVersion: string;
  /** Board identity, e.g. the hex of an EEPROM serial. */
  boardId: string;
  /** Capabilities: `key` or `key=value` tokens (lamp=pwm, panel=tmp36, baud=115200, maxhz=100, wdtms=3000). */
  caps: Record<string, string | true>;
  channels: HelloChannel[];
}

export interface TelemetryChannel {
  busMv: number;
  shuntUv: number;
  currentUa: number;
  powerUw: number;
}

export interface TelemetryMessage {
  type: "T";
  seq: number;
  ms: number;
  flags: number;
  panelC100: number;
  boardC100: number;
  lamp: number;
  load: number;
  channels: TelemetryChannel[];
}

export interface AckMessage {
  type: "ACK";
  id: number;
  command: string;
}

export interface NakMessage {
  type: "NAK";
  id: number;
  /** The command type it refers to, or "?" when the line could not be read. */
  command: string;
  code: NakCodeName;
}

export interface EventMessage {
  type: "EVT";
  ms: number;
  kind: EventKindName;
  arg: string;
}

export interface ErrorMessage {
  type: "ERR";
  ms: number;
  code: ErrorKindName;
  detail: string;
}

export type BoardMessage =
  | HelloMessage
  | TelemetryMessage
  | AckMessage
  | NakMessage
  | EventMessage
  | ErrorMessage;

export type HostCommand =
  | { type: "LAMP"; id: number; level: number }
  | { type: "LOAD"; id: number; level: number }
  | { type: "RATE"; id: number; hz: number }
  | { type: "CAL"; id: number; channel: number; cal: number; config: number; currentLsbNa: number }
  | { type: "WDT"; id: number; ms: number }
  | { type: "OTL"; id: number; c100: number }
  | { type: "HB"; id: number }
  | { type: "SAFE"; id: number }
  | { type: "INFO"; id: number };

/** Why a line was rejected. Every rejection is counted by the link statistics. */
export type RejectReason =
  | "empty"
  | "no-start-marker"
  | "too-long"
  | "non-ascii"
  | "no-checksum"
  | "bad-checksum"
  | "unknown-type"
  | "field-count"
  | "bad-number"
  | "out-of-range"
  | "bad-field";

export type DecodeResult<T> =
  | { ok: true; message: T }
  | { ok: false; reason: RejectReason; detail: string };
