/**
 * Encoders and decoders for protocol v1 in both directions. The host uses
 * decodeBoardLine/encodeCommand; the mocks, the tests and anything that plays a board
 * use encodeBoardMessage/decodeCommandLine. Decoders never throw: they return the
 * message or a rejection with its reason.
 */

import type { ChannelRole } from "../core/frame.js";
import {
  CommandType,
  type CommandTypeName,
  ErrorKind,
  EventKind,
  FIELD_COUNT,
  LIST_SEPARATOR,
  Limits,
  MAX_CHANNELS,
  MAX_COMMAND_LENGTH,
  NakCode,
} from "./constants.js";
import { frameFields, unframe } from "./framing.js";
import type {
  BoardMessage,
  DecodeResult,
  HelloChannel,
  HelloMessage,
  HostCommand,
  RejectReason,
  TelemetryChannel,
} from "./messages.js";

const INT = /^-?\d{1,10}$/;
const HEX = /^[0-9A-Fa-f]{1,8}$/;
const ROLES: readonly ChannelRole[] = ["array", "load", "battery", "aux"];
const NAK_CODES = new Set<string>(Object.values(NakCode));
const EVENT_KINDS = new Set<string>(Object.values(EventKind));
const ERROR_KINDS = new Set<string>(Object.values(ErrorKind));

class Reject {
  constructor(
    readonly reason: RejectReason,
    readonly detail: string,
  ) {}
}

function int(
  fields: readonly string[],
  i: number,
  name: string,
  min?: number,
  max?: number,
): number {
  const s = fields[i] ?? "";
  if (!INT.test(s)) throw new Reject("bad-number", `${name} '${s}' is not an integer`);
  const v = Number(s);
  if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
    throw new Reject("out-of-range", `${name} ${v} outside ${min}..${max}`);
  }
  return v;
}

function hex(fields: readonly string[], i: number, name: string): number {
  const s = fields[i] ?? "";
  if (!HEX.test(s)) throw new Reject("bad-number", `${name} '${s}' is not hex`);
  return Number.parseInt(s, 16);
}

function count(fields: readonly string[], expected: number): void {
  if (fields.length !== expected) {
    throw new Reject(
      "field-count",
      `${fields[0]} has ${fields.length} fields, expected ${expected}`,
    );
  }
}

function token(fields: readonly string[], i: number, name: string, allowed: Set<string>): string {
  const s = fields[i] ?? "";
  if (!allowed.has(s))
    throw new Reject("bad-field", `${name} '${s}' is not one of ${[...allowed].join("/")}`);
  return s;
}

function text(fields: readonly string[], i: number, name: string): string {
  const s = fields[i] ?? "";
  if (s.length === 0) throw new Reject("bad-field", `${name} is empty`);
  return s;
}

const U32 = 0xffffffff;

function parseChannels(s: string): HelloChannel[] {
  if (s === "" || s === "-") return [];
  const out: HelloChannel[] = [];
  for (const item of s.split(LIST_SEPARATOR)) {
    const m = /^([0-9A-Fa-f]{2}):([a-z]+)$/.exec(item);
    if (!m) throw new Reject("bad-field", `channel '${item}' is not ADDR:role`);
    const address = Number.parseInt(m[1]!, 16);
    const role = m[2] as ChannelRole;
    if (address < 0x40 || address > 0x4f)
      throw new Reject("out-of-range", `INA219 address 0x${m[1]} outside 0x40..0x4F`);
    if (!ROLES.includes(role)) throw new Reject("bad-field", `channel role '${role}' unknown`);
    out.push({ address, role });
  }
  if (out.length > MAX_CHANNELS)
    throw new Reject("out-of-range", `${out.length} channels, at most ${MAX_CHANNELS}`);
  return out;
}

function parseCaps(s: string): Record<string, string | true> {
  const caps: Record<string, string | true> = {};
  if (s === "" || s === "-") return caps;
  for (const item of s.split(LIST_SEPARATOR)) {
    const eq = item.indexOf("=");
    if (eq === 0) throw new Reject("bad-field", `capability '${item}' has no name`);
    if (eq < 0) caps[item] = true;
    else caps[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return caps;
}

function decodeBoardFields(f: string[]): BoardMessage {
  switch (f[0]) {
    case "HELLO": {
      count(f, FIELD_COUNT.HELLO);
      const hello: HelloMessage = {
        type: "HELLO",
        protocolVersion: int(f, 1, "protocol version", 0, 65535),
        profile: text(f, 2, "profile"),
        firmwareVersion: text(f, 3, "firmware version"),
        boardId: text(f, 4, "board id"),
        caps: parseCaps(f[5] ?? ""),
        channels: parseChannels(f[6] ?? ""),
      };
      return hello;
    }
    case "T": {
      if (f.length < FIELD_COUNT.T_FIXED)
        throw new Reject(
          "field-count",
          `T has ${f.length} fields, expected at least ${FIELD_COUNT.T_FIXED}`,
        );
      const n = int(f, 8, "channel count", 0, MAX_CHANNELS);
      count(f, FIELD_COUNT.T_FIXED + n * FIELD_COUNT.T_PER_CHANNEL);
      const channels: TelemetryChannel[] = [];
      for (let c = 0; c < n; c++) {
        const b = FIELD_COUNT.T_FIXED + c * FIELD_COUNT.T_PER_CHANNEL;
        channels.push({
          busMv: int(f, b, `ch${c} bus mV`, 0, 32764),
          shuntUv: int(f, b + 1, `ch${c} shunt uV`, -327680, 327680),
          currentUa: int(f, b + 2, `ch${c} current uA`, -2147483648, 2147483647),
          powerUw: int(f, b + 3, `ch${c} power uW`, 0, 2147483647),
        });
      }
      return {
        type: "T",
        seq: int(f, 1, "seq", 0, U32),
        ms: int(f, 2, "ms", 0, U32),
        flags: hex(f, 3, "flags"),
        panelC100: int(f, 4, "panel temperature", -27315, 100000),
        boardC100: int(f, 5, "board temperature", -27315, 100000),
        lamp: int(f, 6, "lamp", Limits.level.min, Limits.level.max),
        load: int(f, 7, "load", Limits.level.min, Limits.level.max),
        channels,
      };
    }
    case "ACK":
      count(f, FIELD_COUNT.ACK);
      return {
        type: "ACK",
        id: int(f, 1, "id", 0, Limits.commandId.max),
        command: text(f, 2, "command"),
      };
    case "NAK":
      count(f, FIELD_COUNT.NAK);
      return {
        type: "NAK",
        id: int(f, 1, "id", 0, Limits.commandId.max),
        command: text(f, 2, "command"),
        code: token(f, 3, "NAK code", NAK_CODES) as (typeof NakCode)[keyof typeof NakCode],
      };
    case "EVT":
      count(f, FIELD_COUNT.EVT);
      return {
        type: "EVT",
        ms: int(f, 1, "ms", 0, U32),
        kind: token(f, 2, "event kind", EVENT_KINDS) as (typeof EventKind)[keyof typeof EventKind],
        arg: f[3] ?? "",
      };
    case "ERR":
      count(f, FIELD_COUNT.ERR);
      return {
        type: "ERR",
        ms: int(f, 1, "ms", 0, U32),
        code: token(f, 2, "error code", ERROR_KINDS) as (typeof ErrorKind)[keyof typeof ErrorKind],
        detail: f[3] ?? "",
      };
    default:
      throw new Reject("unknown-type", `unknown message type '${f[0]}'`);
  }
}

function run<T>(
  line: string,
  maxLength: number | undefined,
  body: (fields: string[]) => T,
): DecodeResult<T> {
  const u = unframe(line, maxLength);
  if (!u.ok) return u;
  try {
    return { ok: true, message: body(u.fields) };
  } catch (e) {
    if (e instanceof Reject) return { ok: false, reason: e.reason, detail: e.detail };
    throw e;
  }
}

/** Decodes one line from the board (terminator already removed; a trailing \r is allowed). */
export function decodeBoardLine(line: string): DecodeResult<BoardMessage> {
  return run(line, undefined, decodeBoardFields);
}

function channelsField(channels: readonly HelloChannel[]): string {
  if (channels.length === 0) return "-";
  return channels
    .map((c) => `${c.address.toString(16).toUpperCase().padStart(2, "0")}:${c.role}`)
    .join(LIST_SEPARATOR);
}

function capsField(caps: Record<string, string | true>): string {
  const items = Object.entries(caps).map(([k, v]) => (v === true ? k : `${k}=${v}`));
  return items.length === 0 ? "-" : items.join(LIST_SEPARATOR);
}

/** Encodes a board message as a line, without terminator. */
export function encodeBoardMessage(m: BoardMessage): string {
  switch (m.type) {
    case "HELLO":
      return frameFields([
        "HELLO",
        m.protocolVersion,
        m.profile,
        m.firmwareVersion,
        m.boardId,
        capsField(m.caps),
        channelsField(m.channels),
      ]);
    case "T":
      return frameFields([
        "T",
        m.seq,
        m.ms,
        m.flags.toString(16).toUpperCase().padStart(4, "0"),
        m.panelC100,
        m.boardC100,
        m.lamp,
        m.load,
        m.channels.length,
        ...m.channels.flatMap((c) => [c.busMv, c.shuntUv, c.currentUa, c.powerUw]),
      ]);
    case "ACK":
      return frameFields(["ACK", m.id, m.command]);
    case "NAK":
      return frameFields(["NAK", m.id, m.command, m.code]);
    case "EVT":
      return frameFields(["EVT", m.ms, m.kind, m.arg]);
    case "ERR":
      return frameFields(["ERR", m.ms, m.code, m.detail]);
  }
}

/** Encodes a host command as a line, without terminator. */
export function encodeCommand(c: HostCommand): string {
  switch (c.type) {
    case "LAMP":
    case "LOAD":
      return frameFields([c.type, c.id, c.level]);
    case "RATE":
      return frameFields([c.type, c.id, c.hz]);
    case "CAL":
      return frameFields([c.type, c.id, c.channel, c.cal, c.config, c.currentLsbNa]);
    case "WDT":
      return frameFields([c.type, c.id, c.ms]);
    case "OTL":
      return frameFields([c.type, c.id, c.c100]);
    case "HB":
    case "SAFE":
    case "INFO":
      return frameFields([c.type, c.id]);
  }
}

const COMMAND_TYPES = new Set<string>(Object.values(CommandType));

function decodeCommandFields(f: string[]): HostCommand {
  if (!COMMAND_TYPES.has(f[0] ?? "")) throw new Reject("unknown-type", `unknown command '${f[0]}'`);
  const type = f[0] as CommandTypeName;
  const expected = (FIELD_COUNT as Record<string, number>)[type]!;
  count(f, expected);
  const id = int(f, 1, "id", Limits.commandId.min, Limits.commandId.max);
  switch (type) {
    case "LAMP":
    case "LOAD":
      return { type, id, level: int(f, 2, "level", Limits.level.min, Limits.level.max) };
    case "RATE":
      return { type, id, hz: int(f, 2, "rate", Limits.rateHz.min, Limits.rateHz.max) };
    case "CAL":
      return {
        type,
        id,
        channel: int(f, 2, "channel", 0, MAX_CHANNELS - 1),
        cal: int(f, 3, "calibration", Limits.calRegister.min, Limits.calRegister.max),
        config: int(f, 4, "config", Limits.configRegister.min, Limits.configRegister.max),
        currentLsbNa: int(f, 5, "current LSB", Limits.currentLsbNa.min, Limits.currentLsbNa.max),
      };
    case "WDT":
      return {
        type,
        id,
        ms: int(f, 2, "watchdog ms", Limits.watchdogMs.min, Limits.watchdogMs.max),
      };
    case "OTL":
      return {
        type,
        id,
        c100: int(f, 2, "over-temperature limit", Limits.overTempC100.min, Limits.overTempC100.max),
      };
    case "HB":
    case "SAFE":
    case "INFO":
      return { type, id };
    default:
      throw new Reject("unknown-type", `unknown command '${f[0]}'`);
  }
}

/** Decodes one command line (what the firmware does; used by mocks and tests). */
export function decodeCommandLine(line: string): DecodeResult<HostCommand> {
  return run(line, MAX_COMMAND_LENGTH, decodeCommandFields);
}

/**
 * Frames lost between two sequence numbers (u32, wrapping). 0 means consecutive;
 * a repeated or older number (a board reset restarts at 0) returns -1.
 */
export function sequenceGap(previous: number, next: number): number {
  const delta = (next - previous - 1 + 0x100000000) % 0x100000000;
  return delta >= 0x80000000 ? -1 : delta;
}
