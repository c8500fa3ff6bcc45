/**
 * The teacher's view, pure: a class snapshot (src/network/class-state.ts) and the view's
 * own state (selection, sort, prompt) to lines. One row per rig: link, the orbit as a
 * small strip, bench power, a SoC gauge, duty this orbit and last, work delivered, node
 * temperature, alarms; a leaderboard; the teacher's commands with each rig's answer.
 * Every text a rig sends is shown as plain text (control characters removed).
 */
import { type ClassSnapshot, type RigView, rigLink } from "../network/index.js";
import type { OrbitSegment } from "../orbit/types.js";
import {
  type ClassroomUi,
  leaderboard,
  type Prompt,
  plain,
  SORTS,
  sortRigs,
} from "./classroom-state.js";
import {
  fitText,
  formatAccelHours,
  formatPct,
  formatPowerMw,
  formatTempC,
  NO_VALUE,
} from "./format.js";
import { gauge } from "./gauge.js";
import { fitLine, type Line, rule, seg, type Tone } from "./lines.js";
import { MARKER, markerIndex, orbitCells, regionRuns } from "./orbit-strip.js";

const LINK_LOOK = {
  online: { text: "● on", tone: "ok" },
  stale: { text: "◌ stale", tone: "warn" },
  offline: { text: "✖ off", tone: "alarm" },
} as const satisfies Record<string, { text: string; tone: Tone }>;

function strip(r: RigView, width: number): Line {
  const st = r.state;
  if (!st || st.orbit.segments.length === 0) return [seg(" ".repeat(width))];
  const segments: OrbitSegment[] = st.orbit.segments.map(([fromPhase, toPhase, region]) => ({
    fromPhase,
    toPhase,
    region,
  }));
  const cellsOut = orbitCells(segments, width);
  const at = st.node ? markerIndex(st.node.orbitPhase, width) : -1;
  // Runs of one region as one segment each: forty rows of strips stay cheap to draw.
  const runs = (from: number, to: number) =>
    regionRuns(cellsOut.slice(from, to)).map((r) => seg(r.text, r.region));
  if (at < 0) return runs(0, width);
  return [...runs(0, at), seg(MARKER, "accent", true), ...runs(at + 1, width)];
}

/** Column widths of a row, from the terminal width. */
function columns(width: number) {
  const stripW = width >= 130 ? 20 : width >= 110 ? 14 : 10;
  const gaugeW = width >= 120 ? 8 : 5;
  return { rig: 14, link: 8, strip: stripW, bench: 10, gauge: gaugeW, duty: 14, work: 12, temp: 9 };
}

export function headerLines(s: ClassSnapshot, ui: ClassroomUi, width: number): Line[] {
  const counts = { online: 0, stale: 0, offline: 0 };
  for (const r of s.rigs) counts[rigLink(r, s.nowMs)]++;
  const conn: Line = s.connected
    ? [seg("● connected", "ok")]
    : [seg(`✖ ${s.problem ? plain(s.problem) : "disconnected"}`, "alarm", true)];
  const line1: Line = [
    seg("ORBITRIG CLASSROOM ", "title", true),
    seg(s.cls, undefined, true),
    seg(`  ${s.broker} `, "dim"),
    ...conn,
  ];
  const line2: Line = [
    seg(`${s.rigs.length} rigs: `),
    seg(`${counts.online} online`, "ok"),
    seg(" "),
    seg(`${counts.stale} stale`, counts.stale ? "warn" : "dim"),
    seg(" "),
    seg(`${counts.offline} offline`, counts.offline ? "alarm" : "dim"),
    seg(`   sort: ${ui.sort}`, "dim"),
    seg("   target: "),
    seg(ui.selected ?? "all rigs", "accent", true),
    ...(s.ignored > 0 ? [seg(`   ignored ${s.ignored} bad messages`, "warn")] : []),
  ];
  return [fitLine(line1, width), fitLine(line2, width)];
}

export function tableLines(s: ClassSnapshot, ui: ClassroomUi, width: number, rows: number): Line[] {
  const c = columns(width);
  const head: Line = [
    seg(
      `  ${fitText("RIG", c.rig)}${fitText("LINK", c.link)}${fitText("ORBIT", c.strip + 1)}${fitText("BENCH", c.bench, "right")} ${fitText("SOC", c.gauge + 5)} ${fitText("DUTY now/last", c.duty)}${fitText("WORK", c.work)}${fitText("NODE", c.temp)}ALARMS`,
      "dim",
    ),
  ];
  const out: Line[] = [rule("RIGS", width), fitLine(head, width)];
  const sorted = sortRigs(s.rigs, ui.sort);
  if (sorted.length === 0)
    out.push([seg("  no rig yet: each group runs `orbitrig demo --publish JOIN_FILE`", "dim")]);
  for (const r of sorted.slice(0, Math.max(1, rows))) out.push(fitLine(rigRow(r, s, ui, c), width));
  if (sorted.length > rows)
    out.push([seg(`  … ${sorted.length - rows} more (a taller terminal shows them)`, "dim")]);
  return out;
}

function rigRow(
  r: RigView,
  s: ClassSnapshot,
  ui: ClassroomUi,
  c: ReturnType<typeof columns>,
): Line {
  const link = LINK_LOOK[rigLink(r, s.nowMs)];
  const n = r.state?.node ?? null;
  const b = r.state?.bench ?? null;
  const selected = ui.selected === r.id;
  const active = (r.state?.alarms ?? []).filter((a) => a.active);
  const alarms: Line =
    active.length === 0
      ? [seg("—", "dim")]
      : [
          seg(
            active.map((a) => plain(a.field).replace(/^(frame|node)\./, "")).join(" "),
            active.some((a) => a.severity === "red") ? "alarm" : "warn",
            true,
          ),
        ];
  const lowSoc = n && r.hello ? n.socFraction <= r.hello.node.floorSocFraction : false;
  const dutyLast = n?.dutyLastOrbit ?? null;
  const net = r.state?.net.dropped ? [seg(` drop ${r.state.net.dropped}`, "warn")] : [];
  return [
    seg(selected ? "▶ " : "  ", "accent", true),
    seg(fitText(plain(r.id), c.rig), undefined, selected),
    seg(fitText(link.text, c.link), link.tone),
    ...strip(r, c.strip),
    seg(" "),
    seg(fitText(b ? formatPowerMw(b.powerMw) : NO_VALUE, c.bench, "right"), "value"),
    seg(" "),
    seg(gauge(n?.socFraction, c.gauge), lowSoc ? "alarm" : "ok"),
    seg(fitText(` ${formatPct(n?.socFraction)}`, 5, "right"), lowSoc ? "alarm" : "value", true),
    seg(" "),
    seg(
      fitText(
        `${formatPct(n?.dutyThisOrbit)} / ${dutyLast === null ? NO_VALUE : formatPct(dutyLast)}`,
        c.duty,
      ),
    ),
    seg(fitText(formatAccelHours(n?.workAccelS), c.work), "value"),
    seg(fitText(formatTempC(n?.nodeTempC), c.temp)),
    ...alarms,
    ...net,
  ];
}

export function leaderboardLines(s: ClassSnapshot, width: number, rows: number): Line[] {
  const out: Line[] = [
    rule("LEADERBOARD", width, [seg("work delivered without breaking the battery floor", "dim")]),
  ];
  const board = leaderboard(s.rigs);
  if (board.length === 0) out.push([seg("  no rig has reported its node yet", "dim")]);
  board.slice(0, Math.max(1, rows)).forEach((e, i) => {
    const n = e.rig.state!.node!;
    out.push(
      fitLine(
        [
          seg(fitText(`${e.brokeFloor ? " " : i + 1}.`, 4, "right"), "title", true),
          seg(` ${fitText(plain(e.rig.id), 14)}`, undefined, true),
          seg(fitText(formatAccelHours(n.workAccelS), 14), "value", true),
          seg(`min SoC ${formatPct(n.minSocFraction)}  `, "dim"),
          e.brokeFloor
            ? seg(`✖ broke the floor for ${Math.round(n.floorViolationS)} s`, "alarm")
            : seg("✔ floor kept", "ok"),
        ],
        width,
      ),
    );
  });
  return out;
}

export function commandLines(s: ClassSnapshot, width: number, maxLines: number): Line[] {
  const out: Line[] = [rule("COMMANDS", width)];
  const recent = s.commands.slice(-maxLines);
  if (recent.length === 0) out.push([seg("  none sent yet", "dim")]);
  for (const c of recent) {
    const answers = Object.entries(c.answers);
    const done = answers.filter(([, a]) => a.ok).length;
    const refused = answers.filter(([, a]) => !a.ok);
    const waiting = c.expected.filter((id) => !(id in c.answers)).length;
    const line: Line = [
      seg(`  ${plain(c.text)}`, undefined, true),
      seg(` → ${c.target === "all" ? "all" : plain(c.target)}  `, "dim"),
      seg(`${done} done`, done ? "ok" : "dim"),
      ...(waiting ? [seg(`  ${waiting} waiting`, "warn")] : []),
      ...(refused.length
        ? [
            seg(`  ${refused.length} refused`, "alarm", true),
            seg(
              `: ${refused.map(([id, a]) => `${plain(id)}: ${plain(a.text)}`).join("; ")}`,
              "alarm",
            ),
          ]
        : []),
    ];
    out.push(fitLine(line, width));
  }
  return out;
}

export function promptLine(p: Prompt, width: number, target: string): Line {
  switch (p.kind) {
    case "policy":
      return fitLine(
        [
          seg(`policy for ${target}: `, "accent", true),
          seg("1 always-on  2 sunlit-only  3 soc-hysteresis  4 predictive  (Esc cancels)"),
        ],
        width,
      );
    case "set":
      return fitLine(
        [
          seg(`set for ${target} (key=value, e.g. scheduler.socLowFraction=0.5): `, "accent", true),
          seg(`${plain(p.text)}█`),
        ],
        width,
      );
    case "note":
      return fitLine(
        [seg("note for every rig: ", "accent", true), seg(`${plain(p.text)}█`)],
        width,
      );
  }
}

export const CLASSROOM_KEYS: { key: string; text: string }[] = [
  { key: "↑/↓", text: "select a rig (commands go to it)" },
  { key: "Esc", text: "select all rigs" },
  { key: "e", text: "force an eclipse now" },
  { key: "p", text: "set the duty-cycle policy" },
  { key: "s", text: "set a scheduler parameter (key=value)" },
  { key: "space", text: "pause / resume a lesson or replay" },
  { key: "n", text: "a note for every rig's recording" },
  { key: "o", text: `sort: ${SORTS.join(" → ")}` },
  { key: "b", text: "leaderboard / rigs" },
  { key: "q", text: "quit (the rigs carry on)" },
];

export function keyBarLine(ui: ClassroomUi, width: number): Line {
  if (ui.message) return fitLine([seg(plain(ui.message), "accent", true)], width);
  return fitLine(
    [
      seg(
        "↑↓ select  Esc all  e eclipse  p policy  s set  space pause  n note  o sort  b leaderboard  ? help  q quit",
        "dim",
      ),
    ],
    width,
  );
}

export function helpLines(width: number): Line[] {
  return [
    rule("KEYS", width),
    ...CLASSROOM_KEYS.map((k) =>
      fitLine([seg(`  ${fitText(k.key, 8)}`, "title", true), seg(k.text)], width),
    ),
  ];
}

/** The whole screen as lines, at most `rows` of them. */
export function classroomLines(
  s: ClassSnapshot,
  ui: ClassroomUi,
  width: number,
  rows: number,
): Line[] {
  const header = headerLines(s, ui, width);
  const commandRows = Math.min(4, Math.max(1, s.commands.length));
  const fixed = header.length + 1 + commandRows + 1 + 1;
  const bodyRows = Math.max(3, rows - 1 - fixed);
  const body = ui.help
    ? helpLines(width)
    : ui.leaderboard
      ? leaderboardLines(s, width, bodyRows - 1)
      : tableLines(s, ui, width, bodyRows - 2);
  const bottom = ui.prompt
    ? promptLine(ui.prompt, width, ui.selected ?? "all rigs")
    : keyBarLine(ui, width);
  return [...header, ...body, ...commandLines(s, width, commandRows), bottom].slice(0, rows - 1);
}
