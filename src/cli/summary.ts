/** The end-of-session summary, as plain text (computed apart from printing). */

import type { LinkStats } from "../core/board.js";
import { countOf } from "../core/text.js";

function pct(x: unknown): string {
  return typeof x === "number" && Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : "n/a";
}

function num(x: unknown, digits = 1): string {
  return typeof x === "number" && Number.isFinite(x) ? x.toFixed(digits) : "n/a";
}

/** Why a session ended, in words (the recorded code follows in parentheses). */
const END_REASONS: Record<string, string> = {
  quit: "you quit (q)",
  duration: "the --duration was reached",
  signal: "stopped by a signal (Ctrl-C or SIGTERM)",
  error: "an error stopped it",
  "link-lost": "the board's link was lost",
  "end-of-recording": "the recording ended",
  "end-of-input": "the input ended",
  "recording-failed": "the recording could not be written",
  exit: "the program ended before its stop was done (a second Ctrl-C)",
};

export function endReasonText(reason: unknown): string {
  const code = String(reason ?? "");
  const words = END_REASONS[code];
  return words ? `${words} (${code})` : code;
}

export function formatSummary(s: Record<string, unknown>, recordingPath: string | null): string {
  const link = s.link as LinkStats | undefined;
  const rows: [string, string][] = [
    ["why it ended", endReasonText(s.reason)],
    ["bench time", `${num(s.benchS)} s`],
    [
      "orbit time",
      `${num((s.orbitS as number) / 60)} min (${countOf(Number(s.orbitsCompleted ?? 0), "orbit")} completed)`,
    ],
    ["frames", String(s.frames ?? 0)],
    [
      "duty cycle (session)",
      `${pct(s.dutySession)} at full compute, ${pct(s.workDutySession)} work-weighted`,
    ],
    ["work delivered", `${num((s.workAccelS as number) / 3600, 2)} accelerator-hours`],
    ["battery at end", pct(s.socFraction)],
    ["node temperature at end", `${num(s.nodeTempC)} °C`],
  ];
  if (link) {
    rows.push([
      "link",
      `${link.framesReceived} frames, ${link.seqGaps} gaps (${link.framesLost} lost)${link.gapsUnknown ? ` and ${link.gapsUnknown} of unknown size (the board reset across a reconnect)` : ""}, ${link.checksumRejects} checksum rejects, ${link.malformedLines} malformed, ${link.reconnects} reconnects`,
    ]);
  }
  // A board that stopped answering and never came back: the session ran on without one.
  if (link && (link.link === "down" || link.link === "reconnecting")) {
    const lastS = link.lastFrameHostMs === null ? null : link.lastFrameHostMs / 1000;
    rows.push([
      "board at end",
      `not attached (link ${link.link}${lastS === null ? "" : `, last frame at ${num(lastS)} s`}); lamp and load left to the firmware's watchdog`,
    ]);
  }
  const net = s.network as
    | { url: string; rigId: string; published: number; dropped: number; reconnects: number }
    | undefined;
  if (net) {
    rows.push([
      "published",
      `${net.published} messages as ${net.rigId} to ${net.url}, ${net.dropped} dropped, ${net.reconnects} reconnects`,
    ]);
  }
  if (recordingPath) rows.push(["recording", recordingPath]);
  const w = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n")}\n`;
}
