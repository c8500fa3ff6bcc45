/**
 * Number formatting with units for the dashboard and the status line. Pure; every
 * function returns a short string and is NaN/null-safe ("--" stands for "no value", also
 * for a finite value past any measurement, SHOWN_LIMIT).
 */

export const NO_VALUE = "--";

/**
 * Past this nothing these functions show is a measurement (100 GW is 1e11 W, a year 3e7 s),
 * and toFixed would print an exponent ("1e+305 W") that stretches its column: a remote rig
 * (the teacher's view) may send any double its message schema allows.
 */
const SHOWN_LIMIT = 1e15;

const ok = (v: number | null | undefined): v is number =>
  typeof v === "number" && Math.abs(v) < SHOWN_LIMIT;

/** Fixed decimals, but never "-0.0". */
export function fixed(v: number, decimals: number): string {
  const s = v.toFixed(decimals);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** Satellite-scale power: 950 W, 26.3 kW, 1.20 MW; sign kept ("-17.9 kW"). */
export function formatPowerW(w: number | null | undefined): string {
  if (!ok(w)) return NO_VALUE;
  const a = Math.abs(w);
  if (a >= 1e6) return `${fixed(w / 1e6, 2)} MW`;
  if (a >= 1e4) return `${fixed(w / 1e3, 1)} kW`;
  if (a >= 1e3) return `${fixed(w / 1e3, 2)} kW`;
  return `${fixed(w, 0)} W`;
}

/** Signed power with an explicit "+" for charging. */
export function formatSignedPowerW(w: number | null | undefined): string {
  const s = formatPowerW(w);
  return ok(w) && w > 0 && !s.startsWith("+") ? `+${s}` : s;
}

/** Bench power: 606.2 mW, 1.25 W. */
export function formatPowerMw(mw: number | null | undefined): string {
  if (!ok(mw)) return NO_VALUE;
  if (Math.abs(mw) >= 1000) return `${fixed(mw / 1000, 2)} W`;
  return `${fixed(mw, 1)} mW`;
}

export function formatVolts(v: number | null | undefined): string {
  return ok(v) ? `${fixed(v, 2)} V` : NO_VALUE;
}

/** Bench current: 118.4 mA, 1.25 A. */
export function formatMilliamps(ma: number | null | undefined): string {
  if (!ok(ma)) return NO_VALUE;
  if (Math.abs(ma) >= 1000) return `${fixed(ma / 1000, 2)} A`;
  return `${fixed(ma, 1)} mA`;
}

export function formatTempC(c: number | null | undefined): string {
  return ok(c) ? `${fixed(c, 1)} °C` : NO_VALUE;
}

/** A fraction 0..1 as a whole percentage: 0.823 -> "82%". */
export function formatPct(fraction: number | null | undefined, decimals = 0): string {
  // Scaled first: a finite fraction past 1.8e306 is Infinity in percent.
  const pct = ok(fraction) ? fraction * 100 : Number.NaN;
  return ok(pct) ? `${fixed(pct, decimals)}%` : NO_VALUE;
}

/** Energy: 950 Wh, 12.3 kWh. */
export function formatWh(wh: number | null | undefined): string {
  if (!ok(wh)) return NO_VALUE;
  return Math.abs(wh) >= 1000 ? `${fixed(wh / 1000, 1)} kWh` : `${fixed(wh, 0)} Wh`;
}

/** Durations as m:ss below an hour, h:mm:ss above, "Nd hh:mm:ss" past a day. Negative as "-". */
export function formatDuration(s: number | null | undefined): string {
  if (!ok(s)) return NO_VALUE;
  const sign = s < 0 ? "-" : "";
  let t = Math.floor(Math.abs(s));
  const days = Math.floor(t / 86_400);
  t -= days * 86_400;
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  const p2 = (n: number) => String(n).padStart(2, "0");
  if (days > 0) return `${sign}${days}d ${p2(h)}:${p2(m)}:${p2(sec)}`;
  if (h > 0) return `${sign}${h}:${p2(m)}:${p2(sec)}`;
  return `${sign}${m}:${p2(sec)}`;
}

/** File sizes: 512 B, 3.3 MB (powers of 1024, shown as KB/MB/GB like `ls -h`). */
export function formatBytes(bytes: number | null | undefined): string {
  if (!ok(bytes)) return NO_VALUE;
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${fixed(v, v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Age of the last frame: 0.1 s, 12 s, 3:05. */
export function formatAgeS(s: number | null | undefined): string {
  if (!ok(s)) return NO_VALUE;
  if (s < 10) return `${fixed(Math.max(0, s), 1)} s`;
  if (s < 60) return `${fixed(s, 0)} s`;
  return formatDuration(s);
}

/** PWM level 0..255 as a percentage of full. */
export function formatPwm(level: number | null | undefined): string {
  return ok(level) ? `${fixed((level / 255) * 100, 0)}%` : NO_VALUE;
}

/** Accelerator-seconds as accelerator-hours: 184000 -> "51.1 acc·h". */
export function formatAccelHours(accelS: number | null | undefined): string {
  return ok(accelS) ? `${fixed(accelS / 3600, accelS < 36_000 ? 2 : 1)} acc·h` : NO_VALUE;
}

/** Speed factor: "×1", "×8", "×0.5". */
export function formatSpeed(factor: number): string {
  return `×${Number.isInteger(factor) ? factor : fixed(factor, factor < 1 ? 2 : 1)}`;
}

/** A number of things, with thousands grouped by a thin space: 12 346. */
export function formatCount(n: number | null | undefined): string {
  if (!ok(n)) return NO_VALUE;
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, " ");
}

/** Pads/truncates to an exact number of cells (dashboard symbols are all one cell wide). */
export function fitText(text: string, width: number, align: "left" | "right" = "left"): string {
  const chars = [...text];
  if (chars.length > width) return width <= 0 ? "" : `${chars.slice(0, width - 1).join("")}…`;
  const pad = " ".repeat(width - chars.length);
  return align === "left" ? text + pad : pad + text;
}

/** Display width in cells, assuming the one-cell symbols the dashboard uses. */
export function cells(text: string): number {
  return [...text].length;
}
