/**
 * A desk constellation as a ring, pure: the coordinator's latest round (src/network/
 * desk-payloads.ts) to lines, for the teacher's view and `orbitrig constellation --bench`.
 * The picture puts each rig where its orbit has it, the Sun on the left (orbit noon, phase
 * 0) and the Earth's shadow on the right, coloured by its sunlight; beneath, one row per
 * rig: its load pin (the cap the coordinator set, what D10 shows), the work queued for it,
 * what it sent and received; then the work moving now and the last events.
 */
import type { DeskView } from "../network/index.js";
import { fitText, formatAccelHours, formatPct } from "./format.js";
import { gauge } from "./gauge.js";
import { fitLine, type Line, rule, seg, type Tone } from "./lines.js";

/** A rig's mark in the picture: its slot, 1..9 then a..z. */
export function slotMark(slot: number): string {
  return slot < 9 ? String(slot + 1) : String.fromCharCode(97 + ((slot - 9) % 26));
}

interface Cell {
  ch: string;
  tone?: Tone;
  bold?: boolean;
}

/** The ring picture: `rows` lines (odd), twice as many columns (terminal cells are tall). */
function picture(d: DeskView, rows: number): Line[] {
  const h = rows % 2 ? rows : rows + 1;
  const w = 2 * h + 7;
  const grid: Cell[][] = Array.from({ length: h }, () =>
    Array.from({ length: w }, () => ({ ch: " " })),
  );
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const ry = (h - 1) / 2;
  const rx = ry * 2;
  const put = (x: number, y: number, c: Cell) => {
    const row = grid[Math.round(y)];
    if (row && Math.round(x) >= 0 && Math.round(x) < w) row[Math.round(x)] = c;
  };
  // The orbit, then the Earth and its shadow, then the Sun: phase 0 (noon) faces the Sun.
  const at = (phase: number) => ({
    x: cx - rx * Math.cos(2 * Math.PI * phase),
    y: cy - ry * Math.sin(2 * Math.PI * phase),
  });
  for (let k = 0; k < 8 * h; k++) {
    const p = at(k / (8 * h));
    put(p.x, p.y, { ch: "·", tone: "dim" });
  }
  put(cx, cy, { ch: "◯", tone: "accent" });
  for (let x = cx + 2; x < cx + rx - 1; x += 1) put(x, cy, { ch: "░", tone: "umbra" });
  put(0, cy, { ch: "☀", tone: "sunlit", bold: true });
  for (const n of d.state?.nodes ?? []) {
    if (n.phase === null) continue;
    const p = at(n.phase);
    put(p.x, p.y, {
      ch: slotMark(n.slot),
      tone: !n.live ? "alarm" : (n.region ?? "dim"),
      bold: true,
    });
  }
  return grid.map((row) => {
    const line: Line = [];
    for (const c of row) {
      const last = line.at(-1);
      if (last && last.tone === c.tone && !!last.bold === !!c.bold) last.text += c.ch;
      else line.push(seg(c.ch, c.tone, c.bold));
    }
    return line;
  });
}

const REGION_LOOK: Record<string, string> = {
  sunlit: "☀ sun",
  penumbra: "◐ dusk",
  umbra: "● shadow",
};

/** The ring as at most maxRows lines of `width` cells. */
export function ringLines(d: DeskView, width: number, maxRows: number): Line[] {
  const st = d.state;
  const n = d.plan?.ids.length ?? st?.nodes.length ?? 0;
  const online = d.plan ? (d.plan.online ? "coordinator online" : "coordinator offline") : "";
  const head = rule("CONSTELLATION", width, [
    seg(
      st
        ? `ring of ${n} · round ${st.round} · orbit ${formatPct((st.orbitS / st.periodS) % 1)} · moved ${formatAccelHours(st.totals.movedAccelS)}`
        : `ring of ${n} · waiting for the first round`,
      "value",
    ),
    seg(online ? ` · ${online}` : "", d.plan?.online === false ? "alarm" : "dim"),
  ]);
  const out: Line[] = [head];
  if (!st) return out.slice(0, maxRows);
  const rowsAt = (rowWidth: number) =>
    st.nodes.map((x): Line => {
      const look: Line = x.live
        ? [seg(fitText(REGION_LOOK[x.region ?? ""] ?? "--", 9), x.region ?? "dim")]
        : [seg(fitText("✖ out", 9), "alarm")];
      return fitLine(
        [
          seg(`${slotMark(x.slot)} `, x.live ? (x.region ?? "dim") : "alarm", true),
          seg(fitText(x.rig, 12)),
          seg(" "),
          ...look,
          seg(" pin "),
          seg(gauge(x.level, 6), x.level > 0 ? "ok" : "dim"),
          seg(` ${fitText(formatPct(x.level), 4, "right")}`),
          seg(` queue ${fitText(formatAccelHours(x.backlogAccelS), 11, "right")}`),
          seg(x.sheds && x.live ? " sheds" : "      ", "warn"),
          seg(
            ` sent ${formatAccelHours(x.sentAccelS)} · got ${formatAccelHours(x.receivedAccelS)}`,
            "dim",
          ),
        ],
        rowWidth,
      );
    });
  const moving = [...st.routes]
    .sort((a, b) => b.amountAccelS - a.amountAccelS)
    .slice(0, 3)
    .map((r) => `${r.from} → ${r.to} ${formatAccelHours(r.amountAccelS)}`);
  const flow: Line = fitLine(
    [seg("moving now: ", "dim"), seg(moving.length ? moving.join(" · ") : "nothing", "accent")],
    width,
  );
  const events = d.events
    .slice(-2)
    .map(
      (e): Line =>
        fitLine([seg("• ", e.kind === "drop-out" ? "alarm" : "dim"), seg(e.text)], width),
    );
  // The picture beside the table when there is room, above it otherwise.
  const pic = picture(d, Math.max(5, Math.min(11, 2 * Math.floor(n / 2) + 5)));
  const picW = pic[0]!.reduce((k, x) => k + x.text.length, 0);
  const body: Line[] = [];
  if (width >= picW + 60) {
    const rows = rowsAt(width - picW - 2);
    for (let i = 0; i < Math.max(pic.length, rows.length); i++)
      body.push([...(pic[i] ?? [seg(" ".repeat(picW))]), seg("  "), ...(rows[i] ?? [])]);
  } else body.push(...pic, ...rowsAt(width));
  return [...out, ...body, flow, ...events].slice(0, maxRows);
}
