/**
 * Alarm limits: a pure evaluator of the rig file's `limits:` section
 * (src/config/schema/limits.ts) against frames, node states and link stats.
 *
 * Semantics (what a user sees; tests/session/alarms.test.ts checks each line):
 * - Persistence: a value must be beyond a limit for N consecutive samples (the field's
 *   persistSamples, else the section's) before it alarms. Red needs N consecutive samples
 *   beyond the red limit; a red sample also counts toward yellow.
 * - One alarm per field and direction ("above"/"below"). Its severity is the worst reached
 *   since it was raised; escalating yellow -> red raises it again and un-acknowledges it.
 * - Clearing has no hysteresis: the first sample back inside the yellow limit makes the
 *   alarm inactive (persistence on the way in is what keeps a noisy value from flapping).
 *   An inactive alarm stays listed until acknowledged; an acknowledged one goes away as
 *   soon as it clears.
 * - Acknowledge marks every listed alarm acknowledged and drops the inactive ones.
 * - A listed alarm's `value` is, like its severity, the worst since it was listed (highest
 *   above, lowest below), not the latest: an alarm stays active while the value is back
 *   between the yellow and red limits, and listed after it cleared, where the latest value
 *   against its limit ("27 > 28") would read false. The transitions carry the sample's value.
 * - `sinceHostMs` is when the out-of-range run began while the alarm is active, and when it
 *   cleared once inactive (the Alarm type has one time; a cleared alarm's age since its
 *   start would keep growing and read as if it were still going on).
 * - Unknown values (null, NaN, a missing field, no frame/node yet) are neither in nor out
 *   of range: they break a persistence run (it restarts from 0) and never clear an alarm.
 *   `link.lastFrameAgeS` is unknown before the first frame (connecting is not stale).
 *
 * The session calls evaluateAlarms on every frame and also on a periodic tick (so the link
 * age can alarm while no frame arrives); the returned transitions are its events to log.
 */

import type { FieldLimit, LimitsConfig } from "../config/schema/limits.js";
import type { LinkStats } from "../core/board.js";
import type { Frame } from "../core/frame.js";
import type { NodeState } from "../node/state.js";
import type { AlarmEvaluatorPort } from "./ports.js";
import type { Alarm, AlarmSeverity } from "./types.js";

export type AlarmDirection = "above" | "below";

/** One sample of everything a limit can watch. */
export interface AlarmSample {
  /** Host ms of this sample (session time). */
  hostMs: number;
  frame: Frame | null;
  node: NodeState | null;
  link: LinkStats | null;
}

export type AlarmTransition =
  | {
      kind: "alarm-raised";
      hostMs: number;
      field: string;
      severity: AlarmSeverity;
      direction: AlarmDirection;
      value: number;
      limit: number;
    }
  | {
      kind: "alarm-cleared";
      hostMs: number;
      field: string;
      severity: AlarmSeverity;
      direction: AlarmDirection;
      value: number;
    }
  | {
      kind: "alarm-acknowledged";
      hostMs: number;
      field: string;
      severity: AlarmSeverity;
      direction: AlarmDirection;
    };

interface Rule {
  field: string;
  direction: AlarmDirection;
  yellow: number | undefined;
  red: number | undefined;
  persistSamples: number;
}

interface RunState {
  yellowRun: number;
  redRun: number;
  /** Host ms of the first sample of the current yellow run. */
  runStartHostMs: number;
}

/** Evaluator state: plain data, replaced (not mutated) by each step. */
export interface AlarmState {
  readonly rules: readonly Rule[];
  readonly runs: ReadonlyMap<string, RunState>;
  /** Listed alarms, in the order they were first raised. */
  readonly alarms: readonly Alarm[];
}

const keyOf = (field: string, direction: AlarmDirection) => `${field}|${direction}`;

function rulesOf(config: Pick<LimitsConfig, "persistSamples" | "fields">): Rule[] {
  const rules: Rule[] = [];
  for (const [field, l] of Object.entries(config.fields) as [string, FieldLimit][]) {
    const persistSamples = l.persistSamples ?? config.persistSamples;
    if (l.yellowAbove !== undefined || l.redAbove !== undefined) {
      rules.push({
        field,
        direction: "above",
        yellow: l.yellowAbove,
        red: l.redAbove,
        persistSamples,
      });
    }
    if (l.yellowBelow !== undefined || l.redBelow !== undefined) {
      rules.push({
        field,
        direction: "below",
        yellow: l.yellowBelow,
        red: l.redBelow,
        persistSamples,
      });
    }
  }
  return rules;
}

export function createAlarmState(
  config: Pick<LimitsConfig, "persistSamples" | "fields">,
): AlarmState {
  return { rules: rulesOf(config), runs: new Map(), alarms: [] };
}

/** Reads "frame.x" / "node.x" / "link.x" from a sample; null when unknown. */
export function readField(sample: AlarmSample, path: string): number | null {
  const dot = path.indexOf(".");
  const scope = path.slice(0, dot);
  const name = path.slice(dot + 1);
  let v: unknown;
  if (scope === "link" && name === "lastFrameAgeS") {
    // The last frame's own hostMs shares sample.hostMs's time base (session time); a
    // board's LinkStats may count on its own clock (the emulated board does).
    const last = sample.frame ? sample.frame.hostMs : sample.link?.lastFrameHostMs;
    v = last === null || last === undefined ? null : (sample.hostMs - last) / 1000;
  } else {
    const source =
      scope === "frame"
        ? sample.frame
        : scope === "node"
          ? sample.node
          : scope === "link"
            ? sample.link
            : null;
    v = source === null ? null : (source as unknown as Record<string, unknown>)[name];
  }
  return typeof v === "number" && !Number.isNaN(v) ? v : null;
}

const beyond = (value: number, limit: number | undefined, direction: AlarmDirection) =>
  limit !== undefined && (direction === "above" ? value > limit : value < limit);

/** The worse of two values for a direction (the higher above a limit, the lower below). */
const worse = (a: number, b: number, direction: AlarmDirection) =>
  direction === "above" ? Math.max(a, b) : Math.min(a, b);

/** The yellow boundary of a rule (the red one when only red is set): inside it is "in range". */
const innerLimit = (r: Rule) => (r.yellow ?? r.red) as number;

/** Feeds one sample; returns the new state and what changed (events to log). */
export function evaluateAlarms(
  state: AlarmState,
  sample: AlarmSample,
): { state: AlarmState; transitions: AlarmTransition[] } {
  const runs = new Map(state.runs);
  let alarms = [...state.alarms];
  const transitions: AlarmTransition[] = [];
  for (const rule of state.rules) {
    const key = keyOf(rule.field, rule.direction);
    const value = readField(sample, rule.field);
    const prev = runs.get(key) ?? { yellowRun: 0, redRun: 0, runStartHostMs: sample.hostMs };
    const idx = alarms.findIndex((a) => a.field === rule.field && a.direction === rule.direction);
    const listed = idx >= 0 ? alarms[idx] : undefined;
    if (value === null) {
      runs.set(key, { yellowRun: 0, redRun: 0, runStartHostMs: sample.hostMs });
      continue;
    }
    const outYellow = beyond(value, innerLimit(rule), rule.direction);
    const outRed = beyond(value, rule.red, rule.direction);
    const run: RunState = {
      yellowRun: outYellow ? prev.yellowRun + 1 : 0,
      redRun: outRed ? prev.redRun + 1 : 0,
      runStartHostMs: outYellow && prev.yellowRun > 0 ? prev.runStartHostMs : sample.hostMs,
    };
    runs.set(key, run);
    const level: AlarmSeverity | null =
      rule.red !== undefined && run.redRun >= rule.persistSamples
        ? "red"
        : rule.yellow !== undefined && run.yellowRun >= rule.persistSamples
          ? "yellow"
          : null;

    if (!outYellow) {
      if (listed?.active) {
        transitions.push({
          kind: "alarm-cleared",
          hostMs: sample.hostMs,
          field: rule.field,
          severity: listed.severity,
          direction: rule.direction,
          value,
        });
        // The value stays the excursion's worst; the time becomes the clearing's.
        if (listed.acknowledged) alarms = alarms.filter((_, i) => i !== idx);
        else alarms[idx] = { ...listed, active: false, sinceHostMs: sample.hostMs };
      }
      continue;
    }
    if (level === null) {
      // Out of range but not yet persistent (e.g. back between yellow and red): an active
      // alarm keeps its worst value.
      if (listed?.active)
        alarms[idx] = { ...listed, value: worse(listed.value, value, rule.direction) };
      continue;
    }
    const limit = (level === "red" ? rule.red : rule.yellow) as number;
    const raise = (severity: AlarmSeverity): Alarm => ({
      field: rule.field,
      severity,
      value,
      limit: severity === "red" ? (rule.red as number) : (rule.yellow as number),
      direction: rule.direction,
      sinceHostMs: run.runStartHostMs,
      active: true,
      acknowledged: false,
    });
    if (listed === undefined) {
      alarms.push(raise(level));
    } else if (!listed.active || (level === "red" && listed.severity === "yellow")) {
      const severity: AlarmSeverity =
        listed.severity === "red" || level === "red" ? "red" : "yellow";
      // Like the severity, the value stays the worst since the alarm was listed (a red kept
      // from a cleared excursion must not show a re-raise's yellow value against its limit).
      alarms[idx] = {
        ...raise(severity),
        sinceHostMs: listed.active ? listed.sinceHostMs : run.runStartHostMs,
        value: worse(listed.value, value, rule.direction),
      };
    } else {
      alarms[idx] = { ...listed, value: worse(listed.value, value, rule.direction) };
      continue;
    }
    transitions.push({
      kind: "alarm-raised",
      hostMs: sample.hostMs,
      field: rule.field,
      severity: level,
      direction: rule.direction,
      value,
      limit,
    });
  }
  return { state: { rules: state.rules, runs, alarms }, transitions };
}

/** The `a` key: acknowledges every listed alarm and drops those no longer active. */
export function acknowledgeAlarms(
  state: AlarmState,
  hostMs: number,
): { state: AlarmState; transitions: AlarmTransition[] } {
  const transitions: AlarmTransition[] = state.alarms
    .filter((a) => !a.acknowledged)
    .map((a) => ({
      kind: "alarm-acknowledged",
      hostMs,
      field: a.field,
      severity: a.severity,
      direction: a.direction,
    }));
  const alarms = state.alarms.filter((a) => a.active).map((a) => ({ ...a, acknowledged: true }));
  return { state: { ...state, alarms }, transitions };
}

/** One line for the event log / event line, e.g. "RED frame.panelTempC 61.2 > 60". */
export function describeAlarmTransition(t: AlarmTransition): string {
  const sev = t.severity.toUpperCase();
  const cmp = t.direction === "above" ? ">" : "<";
  switch (t.kind) {
    case "alarm-raised":
      return `${sev} ${t.field} ${round(t.value)} ${cmp} ${t.limit}`;
    case "alarm-cleared":
      return `cleared ${t.field} ${round(t.value)} (was ${sev})`;
    case "alarm-acknowledged":
      return `acknowledged ${sev} ${t.field}`;
  }
}

function round(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : String(v);
}

/**
 * Stateful wrapper for the session; implements the session's AlarmEvaluatorPort
 * (src/session/ports.ts). `alarms()` is what goes into SessionSnapshot.alarms.
 */
export class AlarmMonitor implements AlarmEvaluatorPort {
  private state: AlarmState;
  private lastHostMs = 0;

  /**
   * @param opts.link where `link.*` limits read from when a sample carries no link stats
   *   (e.g. `() => board.stats()`).
   * @param opts.onTransition called for every transition, e.g. to log it as an event.
   */
  constructor(
    config: Pick<LimitsConfig, "persistSamples" | "fields">,
    private readonly opts: {
      link?: () => LinkStats | null;
      onTransition?: (t: AlarmTransition) => void;
    } = {},
  ) {
    this.state = createAlarmState(config);
  }

  /** Feeds one sample (`link` defaults to opts.link()); returns the transitions. */
  evaluate(sample: Omit<AlarmSample, "link"> & { link?: LinkStats | null }): AlarmTransition[] {
    const link = sample.link !== undefined ? sample.link : (this.opts.link?.() ?? null);
    const r = evaluateAlarms(this.state, { ...sample, link });
    this.state = r.state;
    this.lastHostMs = sample.hostMs;
    for (const t of r.transitions) this.opts.onTransition?.(t);
    return r.transitions;
  }

  acknowledge(hostMs: number = this.lastHostMs): AlarmTransition[] {
    const r = acknowledgeAlarms(this.state, hostMs);
    this.state = r.state;
    for (const t of r.transitions) this.opts.onTransition?.(t);
    return r.transitions;
  }

  /** AlarmEvaluatorPort: alarms raised (or escalated) and cleared by this sample. */
  update(sample: { frame: Frame | null; node: NodeState | null; hostMs: number }): {
    raised: Alarm[];
    cleared: Alarm[];
  } {
    const before = this.state.alarms;
    const transitions = this.evaluate(sample);
    const find = (list: readonly Alarm[], t: AlarmTransition) =>
      list.find((a) => a.field === t.field && a.direction === t.direction);
    const raised: Alarm[] = [];
    const cleared: Alarm[] = [];
    for (const t of transitions) {
      if (t.kind === "alarm-raised") {
        const a = find(this.state.alarms, t);
        if (a) raised.push(a);
      } else if (t.kind === "alarm-cleared") {
        // The alarm as it was while active: its sinceHostMs is when it began (the event's
        // own time is when it cleared).
        const a = find(before, t) ?? find(this.state.alarms, t);
        if (a) cleared.push({ ...a, active: false, value: t.value });
      }
    }
    return { raised, cleared };
  }

  acknowledgeAll(): void {
    this.acknowledge();
  }

  alarms(): Alarm[] {
    return [...this.state.alarms];
  }
}
