/**
 * The slow path of RowParser: a row the byte-level parser does not take (spaces, exponents,
 * escapes: valid JSON from another tool) goes through JSON.parse and fills the same slots.
 */
import { CHANNEL_WIDTH, MAX_CHANNELS, RowKind, type RowSlots } from "./row-slots.js";

export function parseRowJson(p: RowSlots, buf: Uint8Array, start: number, end: number): RowKind {
  let row: unknown;
  try {
    row = JSON.parse(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString("utf8"));
  } catch {
    return RowKind.Corrupt;
  }
  if (!Array.isArray(row) || row[0] !== "f" || row.length > 128) return RowKind.Corrupt;
  p.channelsAt = -1;
  p.channelCount = 0;
  for (let i = 0; i < row.length; i++) {
    const v: unknown = row[i];
    p.strings[i] = null;
    if (Array.isArray(v)) {
      if (p.channelsAt >= 0 || v.length > MAX_CHANNELS) return RowKind.Corrupt;
      p.channelsAt = i;
      p.values[i] = Number.NaN;
      for (let ch = 0; ch < v.length; ch++) {
        const entry: unknown = v[ch];
        if (!Array.isArray(entry) || entry.length !== CHANNEL_WIDTH) return RowKind.Corrupt;
        for (let k = 0; k < CHANNEL_WIDTH; k++) {
          const e: unknown = entry[k];
          if (typeof e === "string") {
            p.channelRoles[ch] = e;
            p.channels[ch * CHANNEL_WIDTH + k] = Number.NaN;
          } else p.channels[ch * CHANNEL_WIDTH + k] = toNum(e);
        }
      }
      p.channelCount = v.length;
    } else if (typeof v === "string") {
      p.values[i] = Number.NaN;
      p.strings[i] = v;
    } else if (v !== null && typeof v === "object") return RowKind.Corrupt;
    else p.values[i] = toNum(v);
  }
  p.length = row.length;
  return RowKind.Frame;
}

function toNum(v: unknown): number {
  if (typeof v === "number") return v;
  if (v === true) return 1;
  if (v === false) return 0;
  return Number.NaN;
}
