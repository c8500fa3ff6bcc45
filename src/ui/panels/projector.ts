/**
 * The projector view (pure: snapshot -> lines): what a class reads from the back of the
 * room. Four numbers in block digits as large as the terminal allows (duty this orbit,
 * battery SoC, array power, node temperature), the orbit strip with its compute row, the
 * worst alarm, and nothing small. Any terminal size: the digits scale to it, down to the
 * three-row digits, and below those to one plain line.
 */
import { scaledBigText, scaledBigWidth } from "../big-digits.js";
import { fitText, formatDuration, formatSpeed } from "../format.js";
import { fitLine, type Line, lineWidth, seg, type Tone } from "../lines.js";
import { orbitCells, REGION_ICON, REGION_LABEL, regionRuns } from "../orbit-strip.js";
import type { SessionSnapshot } from "../snapshot.js";
import { computeRowLine, orbitPosition, REGION_TONE } from "./header.js";
import { describeAlarm } from "./status.js";

export interface ProjectorItem {
  label: string;
  /** The digits (and %), drawn big. */
  text: string;
  /** The widest text this item can show, so the scale does not jump as values change. */
  widest: string;
  tone: Tone;
}

const socTone = (f: number): Tone => (f < 0.2 ? "alarm" : f < 0.3 ? "warn" : "ok");

/** The four numbers, each with its label (the unit is in the label: nothing small beside the digits). */
export function projectorItems(s: SessionSnapshot): ProjectorItem[] {
  const n = s.node;
  const pct = (f: number | null | undefined) =>
    typeof f === "number" && Number.isFinite(f) ? `${Math.round(f * 100)}%` : "--";
  const arrayKw = n ? n.arrayPowerW / 1000 : null;
  return [
    {
      label: "DUTY THIS ORBIT",
      text: pct(n?.dutyThisOrbit),
      widest: "100%",
      tone: "accent",
    },
    {
      label: "BATTERY SoC",
      text: pct(n?.socFraction),
      widest: "100%",
      tone: n ? socTone(n.socFraction) : "dim",
    },
    {
      label: "ARRAY POWER kW",
      text: arrayKw === null ? "--" : arrayKw.toFixed(Math.abs(arrayKw) >= 100 ? 0 : 1),
      widest: "88.8",
      tone: n ? (n.arrayPowerW > 0 ? "sunlit" : "umbra") : "dim",
    },
    {
      label: "NODE TEMP °C",
      text: n ? n.nodeTempC.toFixed(1) : "--",
      widest: "-88.8",
      tone: n ? (n.nodeTempC > 70 || n.nodeTempC < 0 ? "warn" : "value") : "dim",
    },
  ];
}

/** Lines above the digits: title, strip, compute row, alarms; and the key line below. */
const FIXED_LINES = 5;

/** The grid of items and the digits' scale for a screen: the largest scale that fits. */
export function projectorGrid(
  items: readonly ProjectorItem[],
  columns: number,
  rows: number,
): { cols: number; scale: number } | null {
  // One row kept free (a frame as tall as the screen scrolls).
  const height = rows - 1 - FIXED_LINES;
  let best: { cols: number; scale: number } | null = null;
  for (const cols of [2, 1, 4]) {
    const gridRows = Math.ceil(items.length / cols);
    const cellW = Math.floor(columns / cols) - 2;
    const widest = Math.max(...items.map((it) => scaledBigWidth(it.widest, 1)));
    const byWidth = Math.floor(cellW / widest);
    // Each item: a label line and 3 × scale rows; a blank line between grid rows.
    const byHeight = Math.floor((height - gridRows - (gridRows - 1)) / (3 * gridRows));
    const scale = Math.min(byWidth, byHeight);
    if (scale >= 1 && (!best || scale > best.scale)) best = { cols, scale };
  }
  return best;
}

function titleLine(s: SessionSnapshot, width: number): Line {
  const pos = orbitPosition(s);
  const next = s.orbit.next
    ? `${s.orbit.next.kind === "eclipse-entry" ? "eclipse" : "sunlight"} in ${formatDuration(s.orbit.next.inS)}`
    : "no eclipse this orbit";
  return fitLine(
    [
      seg(`ORBIT ${pos.orbitNumber + 1}  `, "title", true),
      ...(pos.region
        ? [
            seg(
              `${REGION_ICON[pos.region]} ${REGION_LABEL[pos.region]}`,
              REGION_TONE[pos.region],
              true,
            ),
          ]
        : [seg("waiting for data", "dim", true)]),
      seg(`  ${next}`, "value", true),
      seg(`  policy ${s.policy}`, "accent", true),
      ...(s.paused ? [seg("  ‖ PAUSED", "warn", true)] : []),
      ...(s.speed !== 1 ? [seg(`  ${formatSpeed(s.speed)}`, "accent", true)] : []),
    ],
    width,
  );
}

function alarmLine(s: SessionSnapshot, width: number): Line {
  const active = s.alarms.filter((a) => a.active);
  if (active.length === 0) return [seg("ALARMS ✓ none", "ok", true)];
  const worst = [...active].sort(
    (a, b) => (a.severity === "red" ? 0 : 1) - (b.severity === "red" ? 0 : 1),
  )[0]!;
  const red = worst.severity === "red";
  return fitLine(
    [
      seg(red ? "✖ RED " : "⚠ YELLOW ", red ? "alarm" : "warn", true),
      seg(describeAlarm(worst), red ? "alarm" : "warn", true),
      seg(active.length > 1 ? `  and ${active.length - 1} more` : "", "warn", true),
    ],
    width,
  );
}

/** An item's lines: its label, then its digits, centred in `width` cells. */
function itemLines(it: ProjectorItem, scale: number, width: number): Line[] {
  const digits = scaledBigText(it.text, scale);
  const w = scaledBigWidth(it.text, scale);
  const left = Math.max(0, Math.floor((width - w) / 2));
  const labelLeft = Math.max(0, Math.floor((width - it.label.length) / 2));
  return [
    [
      seg(" ".repeat(labelLeft)),
      seg(fitText(it.label, width - labelLeft).trimEnd(), "title", true),
    ],
    ...digits.map((row): Line => [seg(" ".repeat(left)), seg(row, it.tone, true)]),
  ];
}

/** Lines side by side, each padded to its column's width. */
function sideBySide(columns: Line[][], width: number): Line[] {
  const height = Math.max(...columns.map((c) => c.length));
  const out: Line[] = [];
  for (let y = 0; y < height; y++) {
    const row: Line = [];
    columns.forEach((c, i) => {
      const line = fitLine(c[y] ?? [], width);
      row.push(...line);
      if (i < columns.length - 1) row.push(seg(" ".repeat(Math.max(0, width - lineWidth(line)))));
    });
    out.push(row);
  }
  return out;
}

/** The projector view for a terminal of `columns` × `rows`, the key line last. */
export function projectorLines(
  s: SessionSnapshot,
  columns: number,
  rows: number,
  keyLine: Line,
): Line[] {
  const width = Math.max(1, columns - 1);
  const pos = orbitPosition(s);
  const bar: Line = regionRuns(orbitCells(s.orbit.segments, width)).map((r) =>
    seg(r.text, REGION_TONE[r.region]),
  );
  const items = projectorItems(s);
  const grid = projectorGrid(items, width, rows);
  const head = [titleLine(s, width), bar, computeRowLine(s, pos.phase, width), alarmLine(s, width)];
  if (!grid) {
    // Too small for block digits: the four numbers on one line, then whatever fits.
    const plain: Line = items.flatMap((it, i) => [
      seg(i ? "  " : ""),
      seg(`${it.label} `, "dim"),
      seg(it.text, it.tone, true),
    ]);
    return [fitLine(plain, width), ...head, keyLine]
      .slice(0, Math.max(1, rows - 1))
      .map((l) => fitLine(l, width));
  }
  const cellW = Math.floor(width / grid.cols);
  const body: Line[] = [];
  for (let i = 0; i < items.length; i += grid.cols) {
    if (i > 0) body.push([]);
    const cells = items.slice(i, i + grid.cols).map((it) => itemLines(it, grid.scale, cellW));
    body.push(...sideBySide(cells, cellW));
  }
  return [...head, ...body, fitLine(keyLine, width)].map((l) => fitLine(l, width));
}
