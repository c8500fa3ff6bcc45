/**
 * Re-run: the recorded bench frames fed again through a satellite model, possibly with
 * another policy or other node/scheduler parameters, and the result set beside the recorded
 * node states. Pure with respect to the model it is given (injected: src/telemetry does not
 * depend on the session); `orbitrig replay --policy/--set` passes the session's
 * SatelliteNodeModel.
 *
 * The stepping mirrors the session's data path exactly (src/session/session.ts handleFrame):
 * orbitS = hostMs / 1000 × timeScale, dtS = orbitS − previous orbitS (0 on the first frame),
 * node = model.step(orbitS, dtS, frame.powerMw). Recorded operator "force-eclipse" events,
 * live changes of the policy or a parameter (a teacher's command, a lesson's step), and a
 * desk constellation's "compute-cap" and "align-phase" are applied where they occur. With
 * nothing changed, the re-run reproduces the recorded node states exactly at stored
 * precision (quantizeNode).
 */
import { parse as parseYaml } from "yaml";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import type { NodeState } from "../node/state.js";
import { decodeNode } from "./decode.js";
import { type NodeColumn, quantize, quantizeNode } from "./format.js";
import { type OpenedRecording, type ReadCounts, scanRecordingSync } from "./reader.js";
import { type RecordingStats, type StatSample, StatsAccumulator } from "./stats.js";
import type { TimeWindow } from "./window.js";

/** What a re-run needs of a satellite model (a subset of the session's SatelliteModel). */
export interface RerunModel {
  readonly timeScale: number;
  step(orbitTimeS: number, dtS: number, benchPowerMw: number | null): NodeState;
  forceEclipse(orbitTimeS: number): void;
  /** A desk constellation's cap and slot phase (operator events "compute-cap", "align-phase"). */
  setComputeCap?(level: number | null): void;
  alignPhase?(orbitTimeS: number, phase: number): void;
  setPolicy?(name: string): void;
  setParameter?(key: string, value: unknown): void;
}

/** Applies `key=value` overrides (dotted paths, YAML values) to a copy of a rig config. */
export function applyOverrides(config: unknown, sets: readonly string[]): Record<string, unknown> {
  const out = structuredClone((config ?? {}) as Record<string, unknown>);
  for (const s of sets) {
    const eq = s.indexOf("=");
    const key = eq > 0 ? s.slice(0, eq).trim() : "";
    if (!key || /(^\.|\.\.|\.$)/.test(key)) {
      throw new OrbitrigError(
        "USAGE",
        `--set ${s}: expected key=value, e.g. node.battery.capacityWh=120000`,
        ExitCode.usage,
      );
    }
    let value: unknown;
    try {
      value = parseYaml(s.slice(eq + 1));
    } catch {
      value = s.slice(eq + 1);
    }
    const path = key.split(".");
    let obj: Record<string, unknown> = out;
    for (const k of path.slice(0, -1)) {
      const next = obj[k];
      if (next === undefined || next === null) obj[k] = {};
      else if (typeof next !== "object" || Array.isArray(next)) {
        throw new OrbitrigError("USAGE", `--set ${s}: ${k} is not a section`, ExitCode.usage);
      }
      obj = obj[k] as Record<string, unknown>;
    }
    obj[path[path.length - 1]!] = value;
  }
  return out;
}

export interface RerunResult {
  /** Per-orbit statistics of the recorded and of the re-run node states. */
  recorded: RecordingStats;
  rerun: RecordingStats;
  frames: number;
  /** Frames that carried a recorded node state, and those whose re-run state differs. */
  compared: number;
  differing: number;
  /** Largest absolute difference per numeric node column (stored precision). */
  maxAbsDiff: Record<string, number>;
  firstDifference: { line: number; column: string; recorded: unknown; rerun: unknown } | null;
  counts: ReadCounts;
}

function fillFromNode(
  s: StatSample,
  hostMs: number,
  benchPowerMw: number,
  panelTempC: number,
  n: NodeState | null,
): number {
  s.hostMs = hostMs;
  s.benchPowerMw = benchPowerMw;
  s.panelTempC = panelTempC;
  s.hasNode = n !== null;
  if (!n) return Number.NaN;
  s.tS = n.tS;
  s.orbitNumber = n.orbitNumber;
  s.sunlit = n.region === "sunlit";
  s.arrayPowerW = n.arrayPowerW;
  s.loadPowerW = n.computePowerW + n.avionicsPowerW;
  s.socFraction = n.socFraction;
  s.nodeTempC = n.nodeTempC;
  s.computeLevel = n.computeLevel;
  s.dutyThisOrbit = n.dutyThisOrbit;
  s.workAccelS = n.workAccelS;
  s.floorViolation = n.floorViolation;
  return n.dutySession;
}

function differs(col: NodeColumn, rec: unknown, re: unknown): number {
  if (typeof rec === "number" && typeof re === "number") {
    const q = col.type === "num" || col.type === "num?" ? quantize(re, col.decimals ?? 6) : re;
    return Math.abs(q - rec);
  }
  return rec === re ? 0 : 1; // a flag or region that changed counts as 1
}

export interface RerunOptions {
  window?: TimeWindow;
  onProgress?: (bytesDone: number, totalBytes: number) => void;
  /** Sees each frame's recorded and re-run node state (within the window). */
  onState?: (hostMs: number, recorded: NodeState | null, rerun: NodeState) => void;
}

export function rerunRecording(
  rec: OpenedRecording,
  model: RerunModel,
  options: RerunOptions = {},
): RerunResult {
  const L = rec.layout;
  const F = L.frame;
  const fromMs = (options.window?.fromS ?? 0) * 1000;
  const toMs = (options.window?.toS ?? Number.POSITIVE_INFINITY) * 1000;
  const accRec = new StatsAccumulator();
  const accRe = new StatsAccumulator();
  let dutyRec = Number.NaN;
  let dutyRe = Number.NaN;
  let last: number | null = null;
  let frames = 0;
  let compared = 0;
  let differing = 0;
  const maxAbsDiff: Record<string, number> = {};
  let first: RerunResult["firstDifference"] = null;
  const counts = scanRecordingSync(
    rec,
    {
      row: (p, _L, line) => {
        const v = p.values;
        const hostMs = v[F.hostMs]!;
        const orbitS = (hostMs / 1000) * model.timeScale;
        const dtS = last === null ? 0 : Math.max(0, orbitS - last);
        last = orbitS;
        const node = model.step(orbitS, dtS, v[F.powerMw]!);
        if (hostMs < fromMs || hostMs > toMs) return true;
        frames++;
        const recorded = decodeNode(p, L);
        dutyRec = fillFromNode(accRec.sample(), hostMs, v[F.powerMw]!, v[F.panelTempC]!, recorded);
        accRec.add(accRec.sample());
        // Statistics of the re-run as a recording of it would hold them (stored precision).
        dutyRe = fillFromNode(
          accRe.sample(),
          hostMs,
          v[F.powerMw]!,
          v[F.panelTempC]!,
          quantizeNode(node, L.nodeColumns),
        );
        accRe.add(accRe.sample());
        options.onState?.(hostMs, recorded, node);
        if (!recorded) return true;
        compared++;
        let any = false;
        const r = recorded as unknown as Record<string, unknown>;
        const n = node as unknown as Record<string, unknown>;
        for (const col of L.nodeColumns) {
          const d = differs(col, r[col.name], n[col.name] ?? null);
          if (d > 0) {
            any = true;
            if (!(d <= (maxAbsDiff[col.name] ?? 0))) maxAbsDiff[col.name] = d;
            if (!first)
              first = { line, column: col.name, recorded: r[col.name], rerun: n[col.name] };
          }
        }
        if (any) differing++;
        return true;
      },
      event: (e) => {
        const d = e.data ?? {};
        if (e.kind === "operator" && d.action === "force-eclipse") {
          // The session forces the eclipse at its orbit time; older recordings only have hostMs.
          const orbitS =
            typeof d.orbitS === "number" ? d.orbitS : (e.hostMs / 1000) * model.timeScale;
          model.forceEclipse(orbitS);
        } else if (e.kind === "operator" && d.action === "compute-cap") {
          if (d.level === null || typeof d.level === "number") model.setComputeCap?.(d.level);
        } else if (e.kind === "operator" && d.action === "align-phase") {
          if (typeof d.orbitS === "number" && typeof d.phase === "number")
            model.alignPhase?.(d.orbitS, d.phase);
        } else if (e.kind === "operator" && (d.action === "set-policy" || d.action === "set")) {
          try {
            if (d.action === "set-policy") model.setPolicy?.(String(d.policy));
            else model.setParameter?.(String(d.key), d.value);
          } catch {
            // A change this re-run's model refuses (its --set made the value invalid) is left
            // out, as a live session would have refused it.
          }
        }
      },
    },
    { onProgress: options.onProgress },
  );
  accRec.setDutySession(Number.isNaN(dutyRec) ? null : dutyRec);
  accRe.setDutySession(Number.isNaN(dutyRe) ? null : dutyRe);
  return {
    recorded: accRec.finish(),
    rerun: accRe.finish(),
    frames,
    compared,
    differing,
    maxAbsDiff,
    firstDifference: first,
    counts,
  };
}
