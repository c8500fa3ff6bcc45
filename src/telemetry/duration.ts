/**
 * Times on the command line: plain seconds ("90", "12.5") or durations ("90s", "5m",
 * "1h30m", "250ms"). Used by --from/--to of export, report and replay.
 */
import { ExitCode, OrbitrigError } from "../core/errors.js";

const UNIT_S: Record<string, number> = { ms: 0.001, s: 1, m: 60, min: 60, h: 3600, d: 86400 };

/** Seconds, or an OrbitrigError naming the option. */
export function parseTimeS(text: string, option = "time"): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const re = /(\d+(?:\.\d+)?)(ms|min|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    total += Number(m[1]) * UNIT_S[m[2]!]!;
    matched = re.lastIndex;
  }
  if (matched === 0 || matched !== t.length) {
    throw new OrbitrigError(
      "USAGE",
      `${option}: expected seconds or a duration like 90s, 5m, 1h30m; got "${text}"`,
      ExitCode.usage,
    );
  }
  return total;
}

/** A [fromS, toS] window in seconds since the recording's start (hostMs 0). */
export interface TimeWindow {
  fromS: number;
  toS: number;
}

export function parseWindow(from: string | undefined, to: string | undefined): TimeWindow {
  const w = {
    fromS: from === undefined ? 0 : parseTimeS(from, "--from"),
    toS: to === undefined ? Number.POSITIVE_INFINITY : parseTimeS(to, "--to"),
  };
  if (w.toS < w.fromS) {
    throw new OrbitrigError(
      "USAGE",
      `--to (${w.toS} s) is before --from (${w.fromS} s)`,
      ExitCode.usage,
    );
  }
  return w;
}

/** "1h02m03s" style, for summaries. */
export function formatDurationS(s: number): string {
  if (!Number.isFinite(s)) return "-";
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s - h * 3600 - m * 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m${sec.toFixed(0).padStart(2, "0")}s`;
  if (m > 0) return `${m}m${sec.toFixed(0).padStart(2, "0")}s`;
  return `${sec.toFixed(1)}s`;
}
