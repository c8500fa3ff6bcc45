/** The end-of-session summary, as plain text (computed apart from printing). */
import type { LinkStats } from "../core/board.js";

function pct(x: unknown): string {
  return typeof x === "number" && Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : "n/a";
}

function num(x: unknown, digits = 1): string {
  return typeof x === "number" && Number.isFinite(x) ? x.toFixed(digits) : "n/a";
}

export function formatSummary(s: Record<string, unknown>, recordingPath: string | null): string {
  const link = s.link as LinkStats | undefined;
  const rows: [string, string][] = [
    ["ended", String(s.reason ?? "")],
    ["bench time", `${num(s.benchS)} s`],
    [
      "orbit time",
      `${num((s.orbitS as number) / 60)} min (${String(s.orbitsCompleted ?? 0)} orbits completed)`,
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
      `${link.framesReceived} frames, ${link.seqGaps} gaps (${link.framesLost} lost), ${link.checksumRejects} checksum rejects, ${link.malformedLines} malformed, ${link.reconnects} reconnects`,
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
