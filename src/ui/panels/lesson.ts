/**
 * The lesson panel (pure: state -> lines): the current step and what it is, the narration
 * or question on screen, a countdown to the end of a running step in bench time, and the
 * expectations ticked as they are met. The lesson runner (src/lesson) fills the state; the
 * dashboard draws it under the orbit strip when a lesson runs.
 */
import { fitText, formatDuration } from "../format.js";
import { type Line, rule, seg } from "../lines.js";

export interface LessonPanelState {
  title: string;
  /** 0-based step under way, and the number of steps. */
  index: number;
  total: number;
  /** The step's kind (say, set, run, ...), or "done". */
  kind: string;
  narration: string;
  /** Orbit time at which the running step ends, or null. */
  runEndsAtOrbitS: number | null;
  /** Expectations so far: their quantity and outcome. */
  expectations: readonly { quantity: string; status: "pass" | "fail" | "skipped" }[];
}

/** Lines the panel takes on screen (in one column it takes the trends' four: see ../screen.ts). */
export const LESSON_PANEL_ROWS = 3;

export function lessonLines(
  l: LessonPanelState,
  width: number,
  orbitNowS: number,
  timeScale: number,
): Line[] {
  const step = l.kind === "done" ? "done" : `step ${l.index + 1}/${l.total} · ${l.kind}`;
  const left =
    l.runEndsAtOrbitS !== null && l.kind === "run"
      ? ` · next in ${formatDuration(Math.max(0, (l.runEndsAtOrbitS - orbitNowS) / timeScale))}`
      : "";
  const ticks: Line = [seg("checks ", "dim")];
  if (l.expectations.length === 0) ticks.push(seg("none yet", "dim"));
  for (const e of l.expectations) {
    const mark = e.status === "pass" ? "✓" : e.status === "fail" ? "✗" : "–";
    const tone = e.status === "pass" ? "ok" : e.status === "fail" ? "alarm" : "dim";
    ticks.push(seg(`${mark} ${e.quantity}  `, tone));
  }
  const max = Math.max(8, width - 40);
  const title = [...l.title].length > max ? fitText(l.title, max) : l.title;
  return [
    rule(`LESSON ${title}`, width, [seg(`${step}${left}`, "accent")]),
    [seg(fitText(l.narration || " ", width))],
    ticks,
  ];
}
