/**
 * A time window of a recording: what export, report and replay read. The times a person
 * types (--from, --to) are parsed by the CLI with the one duration grammar
 * (src/core/duration.ts) and arrive here as seconds.
 */

/** A [fromS, toS] window in seconds since the recording's start (hostMs 0). */
export interface TimeWindow {
  fromS: number;
  toS: number;
}
