/**
 * The report's text: summary.md and a self-contained report.html (charts inlined as SVG),
 * from one model so the two always say the same thing. Pure: strings in, strings out.
 */
import { formatDurationS } from "../core/duration.js";
import type { RecordedEvent } from "../telemetry/format.js";
import { describeDamage } from "../telemetry/reader.js";
import type { OrbitSummary } from "../telemetry/stats.js";
import { describeEvent, type RecordingSummary } from "../telemetry/summary.js";
import type { RenderedChart } from "./render.js";

/** Orbit rows listed in the documents; the full table is in orbits.csv. */
const MAX_ORBIT_ROWS = 200;

type Cell = string | number | null;

function f(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? "–" : v.toFixed(digits);
}

export const ORBIT_COLUMNS = [
  "orbit",
  "complete",
  "bench_s",
  "eclipse_min",
  "energy_in_kWh",
  "energy_out_kWh",
  "min_soc_pct",
  "max_panel_temp_C",
  "max_node_temp_C",
  "duty_pct",
  "mean_compute_pct",
  "work_accel_h",
] as const;

export function orbitCells(o: OrbitSummary): Cell[] {
  return [
    o.orbit,
    o.complete ? "yes" : "partial",
    f(o.benchS, 1),
    f(o.eclipseMin, 2),
    f(o.energyInWh / 1000, 3),
    f(o.energyOutWh / 1000, 3),
    f(o.minSocPct, 2),
    f(o.maxPanelTempC, 2),
    f(o.maxNodeTempC, 2),
    f(o.dutyPct, 1),
    f(o.meanComputePct, 1),
    f(o.workAccelS === null ? null : o.workAccelS / 3600, 2),
  ];
}

interface Section {
  title: string;
  /** Key/value lines. */
  facts?: Array<[string, string]>;
  table?: { head: readonly string[]; rows: Cell[][]; note?: string };
  text?: string;
}

function eventRows(list: RecordedEvent[]): Cell[][] {
  return list.map((e) => [formatDurationS(e.hostMs / 1000), e.kind, describeEvent(e)]);
}

export function reportSections(s: RecordingSummary, charts: RenderedChart[]): Section[] {
  const h = s.header;
  const t = s.stats.totals;
  const rig = (h.rig?.config ?? {}) as { name?: string };
  const damage = describeDamage(s.counts);
  const orbits = s.stats.orbits;
  const shown =
    orbits.length > MAX_ORBIT_ROWS
      ? [...orbits.slice(0, MAX_ORBIT_ROWS / 2), ...orbits.slice(-MAX_ORBIT_ROWS / 2)]
      : orbits;
  const sections: Section[] = [
    {
      title: "Recording",
      facts: [
        ["file", s.path],
        ["started", h.startedAt],
        ["bench duration", formatDurationS(t.benchS)],
        ["orbit time covered", formatDurationS(t.orbitS)],
        ["frames", String(s.frames)],
        ["time scale", h.timeScale === undefined ? "–" : `${h.timeScale} orbit s per bench s`],
        [
          "ended",
          s.footer
            ? `${s.footer.endReason} at ${s.footer.endedAt}`
            : "no footer: the recording was not closed (crash or still running)",
        ],
        ["file damage", damage ?? "none"],
        ["orbitrig", h.orbitrigVersion],
      ],
    },
    {
      title: "Rig and firmware",
      facts: [
        ["rig", `${rig.name ?? "?"} (${h.rig?.path ?? "?"})`],
        ["board", `${h.board.kind} on ${h.board.port}`],
        [
          "firmware",
          `${h.board.profile} ${h.board.firmwareVersion}, protocol v${h.board.protocolVersion}, board id ${h.board.boardId}`,
        ],
        [
          "sensor channels",
          h.board.channels.map((c) => `${c.role}@0x${c.address.toString(16)}`).join(", ") || "–",
        ],
        [
          "calibration",
          Object.entries(h.calibration ?? {})
            .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
            .join(", ") || "–",
        ],
      ],
    },
    {
      title: "Totals",
      facts: [
        ["orbits (started in the recording)", String(t.orbits)],
        ["eclipse", `${f(t.eclipseMin, 1)} min`],
        ["energy in (array, modelled)", `${f(t.energyInWh / 1000, 2)} kWh`],
        ["energy out (compute + avionics, modelled)", `${f(t.energyOutWh / 1000, 2)} kWh`],
        ["bench energy (measured)", `${f(t.benchEnergyMwh, 2)} mWh`],
        ["minimum SoC", `${f(t.minSocPct, 2)} %`],
        ["maximum panel temperature (measured)", `${f(t.maxPanelTempC, 2)} °C`],
        ["maximum node temperature (modelled)", `${f(t.maxNodeTempC, 2)} °C`],
        ["duty cycle, session", `${f(t.dutySessionPct, 1)} %`],
        ["mean compute level", `${f(t.meanComputePct, 1)} %`],
        ["work", `${f(t.workAccelS === null ? null : t.workAccelS / 3600, 2)} accelerator-hours`],
        ["samples below the DoD floor", String(t.floorViolations)],
      ],
    },
    {
      title: "Per orbit",
      table: {
        head: ORBIT_COLUMNS,
        rows: shown.map(orbitCells),
        note:
          orbits.length > shown.length
            ? `${orbits.length - shown.length} orbits in the middle are left out here; orbits.csv has them all.`
            : "Energy and duty are modelled (satellite scale); orbits.csv has the same table.",
      },
    },
    {
      title: "Faults and alarms",
      table: {
        head: ["time", "kind", "detail"],
        rows: eventRows(
          [...s.events.faults, ...s.events.alarms, ...s.events.linkGaps].sort(
            (a, b) => a.hostMs - b.hostMs,
          ),
        ),
        note: `${s.events.faults.length} faults, ${s.events.alarms.length} alarm changes, ${s.events.linkGaps.length} link changes (lists stop at 500 of each).`,
      },
    },
    { title: "Notes", table: { head: ["time", "kind", "note"], rows: eventRows(s.events.notes) } },
  ];
  sections.push({ title: "Charts", text: charts.map((c) => c.name).join(",") });
  return sections;
}

/**
 * Text from a recording (rig name, paths, notes, event details) as Markdown shows it, never
 * as markup: HTML's three characters as entities (CommonMark passes raw HTML through), the
 * ASCII punctuation that starts emphasis, links, images, code, tables or headings
 * backslash-escaped (CommonMark 2.4), line breaks as spaces (a cell or a fact is one line).
 */
export function mdEscape(c: Cell): string {
  return String(c ?? "–")
    .replace(/[\r\n]+/g, " ")
    .replace(/[\\`*_{}[\]()#+!|~]/g, (ch) => `\\${ch}`)
    .replace(/[&<>]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[ch]!);
}

export function renderMarkdown(
  title: string,
  sections: Section[],
  charts: RenderedChart[],
): string {
  const out: string[] = [`# ${mdEscape(title)}`, ""];
  for (const sec of sections) {
    out.push(`## ${sec.title}`, "");
    if (sec.title === "Charts") {
      for (const c of charts) out.push(`![${mdEscape(c.title)}](${c.name}.png)`, "");
      continue;
    }
    for (const [k, v] of sec.facts ?? []) out.push(`- **${k}**: ${mdEscape(v)}`);
    if (sec.table) {
      if (sec.table.rows.length === 0) out.push("none");
      else {
        out.push(
          `| ${sec.table.head.join(" | ")} |`,
          `|${sec.table.head.map(() => " --- ").join("|")}|`,
        );
        for (const r of sec.table.rows) out.push(`| ${r.map(mdEscape).join(" | ")} |`);
      }
      if (sec.table.note) out.push("", sec.table.note);
    }
    out.push("");
  }
  return out.join("\n");
}

function esc(s: Cell): string {
  return String(s ?? "–").replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!,
  );
}

export function renderHtml(title: string, sections: Section[], charts: RenderedChart[]): string {
  const body: string[] = [`<h1>${esc(title)}</h1>`];
  for (const sec of sections) {
    body.push(`<h2>${esc(sec.title)}</h2>`);
    if (sec.title === "Charts") {
      // Inline SVG: the file stays self-contained and the charts stay sharp when zoomed.
      for (const c of charts)
        body.push(
          `<figure>${c.svg.replace(/^<\?xml[^>]*>/, "")}<figcaption>${esc(c.title)}</figcaption></figure>`,
        );
      continue;
    }
    if (sec.facts)
      body.push(
        `<dl>${sec.facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("")}</dl>`,
      );
    if (sec.table) {
      if (sec.table.rows.length === 0) body.push("<p>none</p>");
      else {
        body.push(
          `<table><thead><tr>${sec.table.head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${sec.table.rows
            .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`)
            .join("")}</tbody></table>`,
        );
      }
      if (sec.table.note) body.push(`<p class="note">${esc(sec.table.note)}</p>`);
    }
  }
  const css = [
    "body{font-family:'DejaVu Sans',system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#212529}",
    "dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}dd{margin:0}",
    "table{border-collapse:collapse;font-size:.85em}th,td{border:1px solid #dee2e6;padding:.2em .5em;text-align:right}",
    "th{background:#f1f3f5}.note{color:#868e96;font-size:.85em}figure{margin:1em 0}svg{max-width:100%;height:auto}",
  ].join("");
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${css}</style></head><body>\n${body.join("\n")}\n</body></html>\n`;
}
