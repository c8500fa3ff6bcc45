/** Header and orbit strip panels (pure: snapshot -> lines). */
import type { SunRegion } from "../../orbit/types.js";
import { formatBytes, formatDuration, formatPct, formatSpeed } from "../format.js";
import { fitLine, type Line, lineWidth, rule, seg, type Tone } from "../lines.js";
import {
  COMPUTE_IDLE,
  computeCells,
  countdownText,
  MARKER,
  markerIndex,
  orbitCells,
  REGION_ICON,
  REGION_LABEL,
  regionRuns,
} from "../orbit-strip.js";
import type { SessionSnapshot } from "../snapshot.js";

const MODE_TONE: Record<SessionSnapshot["mode"], Tone> = {
  live: "ok",
  emulated: "accent",
  replay: "warn",
};

function basename(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

/** Play state: "‖ PAUSED ×8" / "▶ ×8"; nothing for a live board at ×1. */
export function playState(s: SessionSnapshot): Line {
  if (s.paused) return [seg("‖ PAUSED", "warn", true), seg(` ${formatSpeed(s.speed)}`, "warn")];
  if (s.mode === "live" && s.speed === 1) return [];
  return [seg(`▶ ${formatSpeed(s.speed)}`, s.speed === 1 ? "dim" : "accent", true)];
}

export function headerLines(s: SessionSnapshot, width: number): Line[] {
  const b = s.board;
  // Board kind and port: "serial ttyACM0", "firmata ttyUSB0", "replay FILE", "emulator".
  const port = b ? (b.kind === "emulated" ? "emulator" : `${b.kind} ${basename(b.port)}`) : "";
  const kindOnly = b ? (b.kind === "emulated" ? "emulator" : b.kind) : "";
  // The longest board description that fits beside the name and the play state.
  const boardTexts = b
    ? [
        `${port} · ${b.profile} · fw ${b.firmwareVersion}`,
        `${port} · fw ${b.firmwareVersion}`,
        port,
        kindOnly,
        "",
      ]
    : ["board: opening…", ""];
  const right = playState(s);
  let line1: Line = [];
  for (const boardText of boardTexts) {
    const left: Line = [
      seg("ORBITRIG ", "title", true),
      seg(s.rigName, undefined, true),
      seg("  "),
      seg(` ${s.mode.toUpperCase()} `, MODE_TONE[s.mode], true),
      seg(boardText ? `  ${boardText}` : "", "dim"),
    ];
    const gap = width - lineWidth(left) - lineWidth(right);
    line1 = [...left, seg(" ".repeat(Math.max(1, gap))), ...right];
    if (gap >= 1) break;
  }

  // Size before the name: a long file name is what gets cut on a narrow terminal.
  const rec: Line = s.recording
    ? [
        seg("● REC ", "alarm", true),
        seg(formatBytes(s.recording.bytes), "value", true),
        seg(`  ${basename(s.recording.path)}`),
      ]
    : [seg("○ not recording", "dim")];
  const line2: Line = [
    seg("bench "),
    seg(formatDuration(s.benchElapsedS), "value", true),
    seg("  orbit "),
    seg(formatDuration(s.orbitElapsedS), "value", true),
    seg(` (${formatSpeed(s.timeScale)} time)  `, "dim"),
    ...rec,
  ];
  return [fitLine(line1, width), fitLine(line2, width)];
}

/** Where the node is: from NodeState when there is one, else from orbit time alone. */
export function orbitPosition(s: SessionSnapshot): {
  orbitNumber: number;
  phase: number;
  region: SunRegion | null;
} {
  if (s.node)
    return { orbitNumber: s.node.orbitNumber, phase: s.node.orbitPhase, region: s.node.region };
  const p = s.orbit.periodS > 0 ? s.orbitElapsedS / s.orbit.periodS : 0;
  const phase = p - Math.floor(p);
  const seg0 = s.orbit.segments.find((x) => phase >= x.fromPhase && phase < x.toPhase);
  return { orbitNumber: Math.floor(p), phase, region: s.frame ? (seg0?.region ?? null) : null };
}

export const REGION_TONE: Record<SunRegion, Tone> = {
  sunlit: "sunlit",
  penumbra: "penumbra",
  umbra: "umbra",
};

export function orbitLines(s: SessionSnapshot, width: number): Line[] {
  const pos = orbitPosition(s);
  const where: Line = pos.region
    ? [seg(`${REGION_ICON[pos.region]} ${REGION_LABEL[pos.region]}`, REGION_TONE[pos.region], true)]
    : [seg("waiting for data", "dim")];
  const head: Line = [
    ...where,
    seg(`  ${formatPct(pos.phase)} of the orbit  `, "dim"),
    seg(countdownText(s.orbit.next, s.timeScale), "value", true),
  ];
  // On wide screens: the orbit's period and how much of it is in shadow.
  const shadow = s.orbit.segments.reduce(
    (a, x) => a + (x.region === "sunlit" ? 0 : x.toPhase - x.fromPhase),
    0,
  );
  const facts = `  period ${formatDuration(s.orbit.periodS)}, shadow ${formatDuration(shadow * s.orbit.periodS)} (${formatPct(shadow)})`;
  const title = rule(
    `ORBIT ${pos.orbitNumber + 1}`,
    width,
    lineWidth(head) + facts.length + 16 <= width ? [...head, seg(facts, "dim")] : head,
  );
  const bar: Line = regionRuns(orbitCells(s.orbit.segments, width)).map((r) =>
    seg(r.text, REGION_TONE[r.region]),
  );
  return [title, fitLine(bar, width), computeRowLine(s, pos.phase, width)];
}

/**
 * Under the bar: where compute ran this orbit (▁ to █ by level, `·` off) up to the node's
 * position, the node's marker, and its label where there is room after it.
 */
export function computeRowLine(s: SessionSnapshot, phase: number, width: number): Line {
  const i = markerIndex(phase, width);
  const cells = computeCells(s.computeThisOrbit, width).slice(0, i);
  const line: Line = [];
  let run = "";
  let idle = false;
  const flush = () => {
    if (run) line.push(seg(run, idle ? "dim" : "ok"));
    run = "";
  };
  for (const c of cells) {
    const isIdle = c === COMPUTE_IDLE || c === " ";
    if (isIdle !== idle) flush();
    idle = isIdle;
    run += c;
  }
  flush();
  const label = " node";
  line.push(seg(MARKER, "accent", true));
  if (i + 1 + label.length <= width) line.push(seg(label, "dim"));
  return fitLine(line, width);
}
