/**
 * The one duration grammar of orbitrig: command-line options (--duration, --from, --to,
 * --dt), and whatever else reads a time a person wrote (rig files, lessons). It lives in
 * core because its lowest users (rig files) sit just above it.
 *
 * A duration is plain seconds ("90", "12.5") or number-unit parts from the largest unit
 * to the smallest, each unit at most once: "90s", "5m", "1h30m", "2.5min", "1d",
 * "250ms", "1h 30m". Units: d, h, m (or min), s, ms. No sign, no exponent: a negative or
 * scientific time on a command line is a typo more often than an intent.
 */

/** Examples of what the grammar accepts, for error messages and help. */
export const DURATION_EXAMPLES = "90s, 5m, 1h30m, 2.5min, 1d";

/** Seconds per unit, with each unit's rank (larger units first). */
const UNITS: Record<string, { s: number; rank: number }> = {
  d: { s: 86400, rank: 5 },
  h: { s: 3600, rank: 4 },
  min: { s: 60, rank: 3 },
  m: { s: 60, rank: 3 },
  s: { s: 1, rank: 2 },
  ms: { s: 0.001, rank: 1 },
};

const NUMBER = /^\d+(\.\d+)?$/;
// "min" before "m" and "ms" before "m"/"s": the longest unit name wins.
const PART = /\s*(\d+(?:\.\d+)?)(ms|min|d|h|m|s)/y;

/** Seconds, or null when the text is not a duration in the grammar above. */
export function parseDurationS(text: string): number | null {
  const t = text.trim();
  if (NUMBER.test(t)) return Number(t);
  if (t === "") return null;
  let total = 0;
  let lastRank = Number.POSITIVE_INFINITY;
  PART.lastIndex = 0;
  let end = 0;
  for (let m = PART.exec(t); m; m = PART.exec(t)) {
    const unit = UNITS[m[2]!]!;
    if (unit.rank >= lastRank) return null;
    lastRank = unit.rank;
    total += Number(m[1]) * unit.s;
    end = PART.lastIndex;
  }
  return end === t.length ? total : null;
}

/** "1h02m03s" style, for summaries and reports; under a minute "12.5s". */
export function formatDurationS(s: number): string {
  if (!Number.isFinite(s)) return "-";
  if (s < 59.95) return `${s.toFixed(1)}s`;
  // Whole seconds from here on, rounded once, so 119.6 s reads 2m00s and never 1m60s.
  const r = Math.round(s);
  const h = Math.floor(r / 3600);
  const mm = String(Math.floor((r % 3600) / 60)).padStart(2, "0");
  const ss = String(r % 60).padStart(2, "0");
  return h > 0 ? `${h}h${mm}m${ss}s` : `${Number(mm)}m${ss}s`;
}
