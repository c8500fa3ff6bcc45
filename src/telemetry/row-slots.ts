/**
 * What a parsed frame row fills: the slots RowParser's fast path (./row-parser.ts) and its
 * JSON.parse fallback (./row-json.ts) both write, so neither needs the other's module.
 */

export const MAX_CHANNELS = 8;
export const CHANNEL_WIDTH = 7;

export enum RowKind {
  Frame = 1,
  Object = 0,
  Corrupt = -1,
}

export interface RowSlots {
  /** values[i] is the i-th element of the row (0 is the tag); null → NaN, booleans → 0/1. */
  readonly values: Float64Array;
  /** For string elements, the string (values[i] is NaN there). */
  readonly strings: (string | null)[];
  /** Number of elements in the last row, tag included. */
  length: number;
  /** Element index of the nested channels array in the last row, or -1. */
  channelsAt: number;
  readonly channels: Float64Array;
  readonly channelRoles: (string | null)[];
  channelCount: number;
}
