/** Trends, alarms, link, events, key bar and help panels (pure: snapshot -> lines). */
import type { Alarm, SessionControls } from "../../session/types.js";
import {
  fitText,
  fixed,
  formatAgeS,
  formatCount,
  formatDuration,
  formatPct,
  formatPowerMw,
  formatTempC,
} from "../format.js";
import { keyHelp } from "../keys.js";
import { type Line, lineWidth, rule, seg } from "../lines.js";
import { snapshotLinkHealth } from "../link-health.js";
import type { SessionSnapshot, TrendRange } from "../snapshot.js";
import { sparkRows } from "../sparkline.js";

/**
 * The trend sparklines over the window, each with the value now (what the panels show, not
 * the last bucket's mean) and, where there is room, its range over the window.
 */
export function trendLines(
  s: SessionSnapshot,
  width: number,
  sparkWidth: number,
  rows = 1,
): Line[] {
  const t = s.trends;
  const n = s.node;
  const pct = (v: number | null) => formatPct(v === null ? null : v / 100);
  const series: {
    name: string;
    values: number[];
    now: number | null;
    range: TrendRange;
    show: (v: number | null) => string;
    /** The range's numbers, short and in the series' unit. */
    short: (v: number) => string;
    min?: number;
    max?: number;
  }[] = [
    {
      name: "bench mW",
      values: t.benchPowerMw,
      now: s.frame?.powerMw ?? null,
      range: t.ranges.benchPowerMw,
      show: formatPowerMw,
      short: (v) => fixed(v, 0),
      min: 0,
    },
    {
      name: "SoC %",
      values: t.socPct,
      now: n ? n.socFraction * 100 : null,
      range: t.ranges.socPct,
      show: pct,
      short: (v) => fixed(v, 0),
      min: 0,
      max: 100,
    },
    {
      name: "node °C",
      values: t.nodeTempC,
      now: n?.nodeTempC ?? null,
      range: t.ranges.nodeTempC,
      show: formatTempC,
      short: (v) => fixed(v, 0),
    },
    {
      name: "compute",
      values: t.computePct,
      now: n ? n.computeLevel * 100 : null,
      range: t.ranges.computePct,
      show: pct,
      short: (v) => fixed(v, 0),
      min: 0,
      max: 100,
    },
  ];
  const w = Math.max(4, Math.min(sparkWidth, width - 22));
  const showRange = width - w >= 34 || rows > 1;
  const out: Line[] = [
    rule("TRENDS", width, [
      seg(`last ${formatDuration(t.windowS)}`, "dim"),
      ...(showRange ? [seg(" · now · range", "dim")] : [seg(" · now", "dim")]),
    ]),
  ];
  for (const r of series) {
    const scale = {
      ...(r.min !== undefined ? { min: r.min } : {}),
      ...(r.max !== undefined ? { max: r.max } : {}),
    };
    const chart = sparkRows(r.values, w, rows, scale);
    const range = r.range ? `${r.short(r.range.min)}…${r.short(r.range.max)}` : "";
    chart.forEach((text, i) => {
      const first = i === 0;
      const last = i === chart.length - 1;
      const tail: Line = first
        ? [
            seg(" "),
            seg(fitText(r.show(r.now), 10, "right"), "value", true),
            ...(showRange && rows === 1 && range ? [seg(` ${range}`, "dim")] : []),
          ]
        : last && showRange && range
          ? [seg(` ${range}`, "dim")]
          : [];
      out.push([seg(fitText(first ? r.name : "", 9), "dim"), seg(text, "accent"), ...tail]);
    });
  }
  return out;
}

/** Human names and units for the fields limits usually watch; others show their path. */
const FIELD_LOOK: Record<string, { name: string; show: (v: number) => string }> = {
  "frame.panelTempC": { name: "panel temp", show: (v) => formatTempC(v) },
  "frame.boardTempC": { name: "board temp", show: (v) => formatTempC(v) },
  "frame.busV": { name: "bus voltage", show: (v) => `${fixed(v, 2)} V` },
  "frame.powerMw": { name: "bench power", show: (v) => formatPowerMw(v) },
  "node.socFraction": { name: "battery SoC", show: (v) => formatPct(v) },
  "node.nodeTempC": { name: "node temp", show: (v) => formatTempC(v) },
  "node.batteryOcvV": { name: "battery bus", show: (v) => `${fixed(v, 1)} V` },
  "link.lastFrameAgeS": { name: "link silent", show: (v) => formatAgeS(v) },
};

/**
 * "panel temp 61.3 °C > 60.0 °C": the alarm's value is the worst since it was listed
 * (src/session/alarms.ts), so the comparison holds even once the value is back in range.
 */
export function describeAlarm(a: Alarm): string {
  const look = FIELD_LOOK[a.field] ?? {
    name: a.field,
    show: (v: number) => String(Math.round(v * 1000) / 1000),
  };
  return `${look.name} ${look.show(a.value)} ${a.direction === "above" ? ">" : "<"} ${look.show(a.limit)}`;
}

export function alarmLines(s: SessionSnapshot, width: number, maxLines: number): Line[] {
  const list = s.alarms;
  const unacked = list.filter((a) => !a.acknowledged).length;
  const active = list.filter((a) => a.active).length;
  const summary: Line = list.length
    ? [
        seg(`${active} active`, active ? "alarm" : "dim", true),
        seg(`, ${unacked} to acknowledge${unacked ? " [a]" : ""}`, unacked ? "warn" : "dim"),
      ]
    : [seg("✓ none", "ok", true)];
  const lines: Line[] = [rule("ALARMS", width, summary)];
  // Worst first: red before yellow, unacknowledged before acknowledged, active before cleared.
  const score = (a: Alarm) =>
    (a.severity === "red" ? 0 : 4) + (a.acknowledged ? 2 : 0) + (a.active ? 0 : 1);
  const sorted = [...list].sort((x, y) => score(x) - score(y));
  const room = sorted.length > maxLines ? maxLines - 1 : maxLines;
  for (const a of sorted.slice(0, Math.max(0, room))) {
    const red = a.severity === "red";
    const tone = !a.active || a.acknowledged ? "dim" : red ? "alarm" : "warn";
    // Active: how long it has been out of range. Cleared: how long ago it cleared (an
    // inactive alarm's sinceHostMs is its clearing), so nothing reads as still going on.
    const ago = formatDuration(Math.max(0, (s.nowHostMs - a.sinceHostMs) / 1000));
    lines.push([
      seg(red ? "✖ RED    " : "⚠ YELLOW ", red ? "alarm" : "warn", true),
      seg(describeAlarm(a), tone, !a.acknowledged),
      ...(a.active
        ? [
            seg(`  for ${ago}  `, "dim"),
            seg(a.acknowledged ? "ack'd" : "NEW", a.acknowledged ? "dim" : tone, !a.acknowledged),
          ]
        : [seg(`  cleared ${ago} ago`, "dim", !a.acknowledged)]),
    ]);
  }
  if (sorted.length > room) lines.push([seg(`  … ${sorted.length - room} more`, "dim")]);
  return lines;
}

export function linkLine(s: SessionSnapshot, staleS: number): Line {
  const l = s.link;
  const h = snapshotLinkHealth(s, staleS);
  const bad = h.state !== "up";
  const what =
    h.state === "stale"
      ? ` no frame for ${formatAgeS(h.ageS)}`
      : h.state === "connecting"
        ? " waiting for the first frame"
        : bad && h.ageS !== null
          ? ` last frame ${formatAgeS(h.ageS)} ago`
          : "";
  return [
    seg("LINK ", "title", true),
    seg(`${h.symbol} ${h.label}`, h.tone, true),
    seg(what, bad ? "alarm" : "dim", bad),
    // A rate over the last seconds means little while the link is not delivering.
    seg(bad ? "" : `  ${fixed(l.framesPerS, 1)} fr/s`, "value"),
    seg(`  gaps ${formatCount(l.seqGaps)}`, l.seqGaps ? "warn" : "dim"),
    seg(l.framesLost ? ` (${formatCount(l.framesLost)} lost)` : "", "warn"),
    // Frames lost across a reconnect where the board reset: how many is not known.
    seg(l.gapsUnknown ? ` +${formatCount(l.gapsUnknown)} of unknown size` : "", "warn"),
    seg(`  crc ${formatCount(l.checksumRejects)}`, l.checksumRejects ? "warn" : "dim"),
    seg(`  reconn ${formatCount(l.reconnects)}`, l.reconnects ? "warn" : "dim"),
    seg(h.state === "up" && h.ageS !== null ? `  last ${formatAgeS(h.ageS)}` : "", "dim"),
  ].filter((x) => x.text !== "");
}

export function eventLines(s: SessionSnapshot, maxLines: number): Line[] {
  if (maxLines <= 0) return [];
  const ev = s.recentEvents.slice(-maxLines);
  if (ev.length === 0) return [[seg("▸ no events yet", "dim")]];
  return ev.map((e) => [seg(`▸ ${formatDuration(e.hostMs / 1000)} `, "dim"), seg(e.text)]);
}

/**
 * The key bar: the keys this mode can use, as many as fit `width`, `? help` always last
 * (the rest are one `?` away). A message takes the place of the list for a moment.
 */
export function keyBar(
  caps: SessionControls["capabilities"],
  message: string | null,
  width = Number.POSITIVE_INFINITY,
): Line {
  if (message) return [seg(`» ${message}`, "warn", true), seg("   ? help", "dim")];
  const short: Record<string, string> = {
    q: "quit",
    space: "pause",
    "+ / -": "speed",
    "← / →": "seek",
    l: "lamp",
    e: "eclipse",
    a: "ack",
    n: "note",
    t: "trends",
    p: "policy",
    P: "projector",
    "?": "help",
  };
  const entry = (key: string): Line => [
    seg(key.replace(/ /g, ""), "accent", true),
    seg(` ${short[key] ?? ""}`, "dim"),
  ];
  const keys = keyHelp(caps).filter((x) => x.enabled && x.key !== "?");
  const help = entry("?");
  const line: Line = [];
  for (const k of keys) {
    const next = [...(line.length ? [seg("  ")] : []), ...entry(k.key)];
    if (lineWidth(line) + lineWidth(next) + 2 + lineWidth(help) > width) break;
    line.push(...next);
  }
  return [...line, ...(line.length ? [seg("  ")] : []), ...help];
}

export function helpLines(
  caps: SessionControls["capabilities"],
  width: number,
  staleS = 2,
): Line[] {
  return [
    rule("HELP", width, [seg("Esc or ? closes", "dim")]),
    ...keyHelp(caps).map(
      (k): Line => [
        seg(fitText(k.key, 8), k.enabled ? "accent" : "dim", true),
        seg(k.text, k.enabled ? undefined : "dim"),
        seg(k.enabled ? "" : "  (not in this mode)", "dim"),
      ],
    ),
    [],
    [
      seg("Orbit strip: ", "dim"),
      seg("█", "sunlit"),
      seg(" sunlit  "),
      seg("▒", "penumbra"),
      seg(" penumbra  "),
      seg("░", "umbra"),
      seg(" eclipse (umbra)  "),
      seg("▲", "accent"),
      seg(" the node"),
    ],
    [
      seg("Alarms: ", "dim"),
      seg("✖ RED", "alarm", true),
      seg(" / "),
      seg("⚠ YELLOW", "warn", true),
      seg(" after N samples out of range; "),
      seg("a", "accent", true),
      seg(" acknowledges"),
    ],
    [seg("Link: ", "dim"), seg(`● up  ◌ stale (no frame > ${staleS} s)  ↻ reconnecting  ✖ down`)],
  ];
}
