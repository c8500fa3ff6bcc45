/**
 * orbitrig line protocol v1: the constants. The firmware mirrors these in
 * firmware-profiles/uno-ina219/protocol.h, and tests/firmware/protocol-header.test.ts
 * checks that the two agree. The prose is docs/protocol.md.
 */

export const PROTOCOL_VERSION = 1;

/** Every line starts with this byte. */
export const START_MARKER = "$";
/** Separates the body from its checksum. */
export const CHECKSUM_MARKER = "*";
export const FIELD_SEPARATOR = ",";
/** Separates items inside one field (channel list, capability list). */
export const LIST_SEPARATOR = ";";

/**
 * Longest line on the wire, counting "$", body, "*" and the 4 checksum digits, without
 * the line terminator. A telemetry line with four INA219 channels, every field at its
 * widest, is exactly 200 bytes.
 */
export const MAX_LINE_LENGTH = 200;
/** Longest command line the firmware accepts (its receive buffer). */
export const MAX_COMMAND_LENGTH = 64;

/** CRC-16/CCITT-FALSE: polynomial 0x1021, init 0xFFFF, no reflection, no final XOR. */
export const CRC_POLY = 0x1021;
export const CRC_INIT = 0xffff;
/** Check value: CRC of the ASCII bytes "123456789". */
export const CRC_CHECK = 0x29b1;

/** Board-to-host message types, first field of the body. */
export const BoardMessageType = {
  hello: "HELLO",
  telemetry: "T",
  ack: "ACK",
  nak: "NAK",
  event: "EVT",
  error: "ERR",
} as const;

/** Host-to-board command types. */
export const CommandType = {
  lamp: "LAMP",
  load: "LOAD",
  rate: "RATE",
  cal: "CAL",
  watchdog: "WDT",
  overTempLimit: "OTL",
  heartbeat: "HB",
  safe: "SAFE",
  info: "INFO",
} as const;
export type CommandTypeName = (typeof CommandType)[keyof typeof CommandType];

/** Field count of each fixed-length message, counting the type itself. */
export const FIELD_COUNT = {
  HELLO: 7,
  /** Telemetry has 9 fixed fields (type included) plus 4 per INA219 channel. */
  T_FIXED: 9,
  T_PER_CHANNEL: 4,
  ACK: 3,
  NAK: 4,
  EVT: 4,
  ERR: 4,
  LAMP: 3,
  LOAD: 3,
  RATE: 3,
  CAL: 6,
  WDT: 3,
  OTL: 3,
  HB: 2,
  SAFE: 2,
  INFO: 2,
} as const;

/** Telemetry field order, after the type. The per-channel group repeats `channels` times. */
export const TELEMETRY_FIELDS = [
  "seq",
  "ms",
  "flags",
  "panelC100",
  "boardC100",
  "lamp",
  "load",
  "channels",
] as const;
export const TELEMETRY_CHANNEL_FIELDS = ["busMv", "shuntUv", "currentUa", "powerUw"] as const;
export const HELLO_FIELDS = ["proto", "profile", "fw", "boardId", "caps", "channels"] as const;

/** Status flag bits of a telemetry frame. */
export const Flag = {
  /** Bits 0..3: INA219 channel 0..3 answered. */
  inaPresent0: 1 << 0,
  /** Bits 4..7: INA219 channel 0..3 math overflow (OVF). */
  inaOverflow0: 1 << 4,
  panelTempValid: 1 << 8,
  boardTempValid: 1 << 9,
  watchdogTripped: 1 << 10,
  overTempCut: 1 << 11,
  safeMode: 1 << 12,
  txOverrun: 1 << 13,
  i2cError: 1 << 14,
} as const;

export const MAX_CHANNELS = 4;

/** NAK reason codes. */
export const NakCode = {
  crc: "CRC",
  format: "FORMAT",
  unknown: "UNKNOWN",
  range: "RANGE",
  denied: "DENIED",
  noSensor: "NOSENSOR",
  tooLong: "TOOLONG",
} as const;
export type NakCodeName = (typeof NakCode)[keyof typeof NakCode];

/** Event kinds. */
export const EventKind = {
  boot: "BOOT",
  hostLost: "HOSTLOST",
  hostBack: "HOSTBACK",
  overTempCut: "OTCUT",
  overTempClear: "OTCLEAR",
  sensorLost: "SENSLOST",
  sensorFound: "SENSFOUND",
} as const;
export type EventKindName = (typeof EventKind)[keyof typeof EventKind];

/** Error codes in ERR messages. */
export const ErrorKind = {
  i2c: "I2C",
  rxOverflow: "RXOVF",
  internal: "INTERNAL",
} as const;
export type ErrorKindName = (typeof ErrorKind)[keyof typeof ErrorKind];

/** Limits of command arguments, enforced by both sides. */
export const Limits = {
  level: { min: 0, max: 255 },
  rateHz: { min: 1, max: 200 },
  commandId: { min: 1, max: 65535 },
  watchdogMs: { min: 100, max: 60000 },
  overTempC100: { min: -4000, max: 15000 },
  calRegister: { min: 0, max: 65535 },
  configRegister: { min: 0, max: 65535 },
  currentLsbNa: { min: 1, max: 10_000_000 },
} as const;

/** Firmware defaults (mirrored in protocol.h). */
export const Defaults = {
  baud: 115200,
  rateHz: 10,
  watchdogMs: 3000,
  overTempC100: 6000,
  /** The cut clears when the panel is this much below the limit. */
  overTempHysteresisC100: 500,
} as const;
