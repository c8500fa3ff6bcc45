/**
 * The fastest telemetry rate the uno-ina219 firmware accepts (RATE above it is NAKed with
 * RANGE): the same arithmetic as TELEMETRY_MAX_HZ in firmware-profiles/uno-ina219/rig.h,
 * from the link's baud rate and the number of INA219 channels. The firmware announces the
 * result in HELLO (`maxhz=`); the host needs it before any port is open, to refuse a rig
 * file's board.rateHz with its line rather than have the board refuse it mid-start.
 */
import { Limits } from "./constants.js";

/** Worst-case telemetry line on the wire, terminator included (rig.h TELEMETRY_WORST_BYTES). */
export function telemetryWorstBytes(channels: number): number {
  return 58 + 36 * channels;
}

/** Telemetry may use 80 % of the link (8N1: 10 bits a byte); the rest is for ACKs and events. */
function linkMaxHz(baud: number, channels: number): number {
  const budgetBytesPerS = Math.trunc((Math.trunc(baud / 10) * 4) / 5);
  return Math.trunc(budgetBytesPerS / telemetryWorstBytes(channels));
}

/** Reading the INA219s dominates a frame's CPU time (rig.h TELEMETRY_FRAME_COST_US); 10 % spare. */
function cpuMaxHz(channels: number): number {
  return Math.trunc(900_000 / (600 + 1350 * channels));
}

/** rig.h TELEMETRY_MAX_HZ: the link, the CPU and the protocol's own limit, whichever is least. */
export function maxTelemetryHz(baud: number, channels: number): number {
  return Math.min(linkMaxHz(baud, channels), cpuMaxHz(channels), Limits.rateHz.max);
}
