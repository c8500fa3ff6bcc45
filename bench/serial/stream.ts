/**
 * The telemetry stream both serial readers are fed: a HELLO with two INA219 channels, then
 * `frames` two-channel telemetry lines whose values follow from the sequence number alone
 * (wireValues), so a reader can check every frame it decodes without keeping a copy.
 */
import { writeFileSync } from "node:fs";
import { encodeBoardMessage } from "../../src/protocol/index.js";
import type { BoardMessage, HelloChannel, TelemetryMessage } from "../../src/protocol/messages.js";

export const CHANNELS: HelloChannel[] = [
  { address: 0x40, role: "array" },
  { address: 0x41, role: "load" },
];

export const HELLO: BoardMessage = {
  type: "HELLO",
  protocolVersion: 1,
  profile: "uno-ina219",
  firmwareVersion: "bench",
  boardId: "BENCH",
  caps: {},
  channels: CHANNELS,
};

/** Status flags: both INA219s present, panel temperature valid. */
export const FLAGS = 0x0103;

/** The wire integers of frame `seq` (the Python reader sums the same integers). */
export function telemetry(seq: number): TelemetryMessage {
  return {
    type: "T",
    seq,
    ms: seq * 10,
    flags: FLAGS,
    panelC100: 2500 + (seq % 300),
    boardC100: 3100,
    lamp: seq % 256,
    load: 128,
    channels: [
      { busMv: 5123, shuntUv: 6420 + (seq % 50), currentUa: 64200 + (seq % 500), powerUw: 328900 },
      { busMv: 5120, shuntUv: -2210, currentUa: -22100, powerUw: 113150 },
    ],
  };
}

/** Sum of every integer field of frame `seq` (flags included), as the Python reader computes it. */
export function integerSum(seq: number): number {
  const t = telemetry(seq);
  let s = t.seq + t.ms + t.flags + t.panelC100 + t.boardC100 + t.lamp + t.load + t.channels.length;
  for (const c of t.channels) s += c.busMv + c.shuntUv + c.currentUa + c.powerUw;
  return s;
}

/** Writes HELLO and `frames` telemetry lines (CRLF) to `path`; returns the bytes written. */
export function writeStream(path: string, frames: number): number {
  const parts: string[] = [`${encodeBoardMessage(HELLO)}\r\n`];
  for (let i = 0; i < frames; i++) parts.push(`${encodeBoardMessage(telemetry(i))}\r\n`);
  const text = parts.join("");
  writeFileSync(path, text, "latin1");
  return text.length;
}
