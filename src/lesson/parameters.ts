/**
 * The rig parameters a lesson names (its `start:` and its `set` steps), checked when the
 * lesson is loaded against the rig file's own schema, so a typo or a refused value stops
 * the lesson before its first step rather than minutes into a run on a rig. They are held
 * against the default rig: a check across fields that a rig's own values decide (a node
 * parameter a bench rig's calibration allows) is made again when the step runs.
 */
import { splitKey } from "../config/parameter.js";
import { rigSchema } from "../config/rig.js";
import { describeIssue } from "../config/yaml-file.js";
import { FIXED_WHILE_RUNNING } from "../rig/live-change.js";

/** The sections a running model takes changes in (SatelliteNodeModel.setParameter). */
const LIVE_SECTIONS: ReadonlySet<string> = new Set(["orbit", "node", "scheduler"]);

/**
 * The rig a lesson's parameters are checked against: the defaults, with the lesson's
 * changes applied in order, so a step may rely on an earlier one (a low SoC threshold set
 * after a high one).
 */
export class ParameterCheck {
  private config = structuredClone(rigSchema.parse({})) as Record<string, unknown>;

  /**
   * Why the rig schema refuses `value` at the dotted `key`, or null when it takes it (and
   * the change is kept). A null value is "back to the default", as in a set step.
   */
  apply(key: string, value: unknown): string | null {
    const k = splitKey(key);
    if (!k) return "expected section.field";
    const copy = structuredClone(this.config);
    const parts = [k.section, ...k.path];
    let at = copy;
    for (const p of parts.slice(0, -1)) {
      // An absent optional section (network) is started empty, so its fields can be named.
      at[p] ??= {};
      const next = at[p];
      if (typeof next !== "object" || next === null || Array.isArray(next))
        return "no such parameter";
      at = next as Record<string, unknown>;
    }
    const last = parts.at(-1)!;
    if (value === null) delete at[last];
    else at[last] = value;
    const result = rigSchema.safeParse(copy);
    if (result.success) {
      this.config = copy;
      return null;
    }
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join(".");
      if (issue.code === "unrecognized_keys") {
        const named = issue.keys.map((x) => (path ? `${path}.${x}` : x));
        if (named.some((n) => key === n || key.startsWith(`${n}.`))) return "no such parameter";
      } else if (path === key) return describeIssue(issue);
    }
    this.config = copy;
    return null;
  }

  /** Why a `set` step cannot change `key` to `value` while the lesson runs, or null. */
  set(key: string, value: unknown): string | null {
    const fixed = FIXED_WHILE_RUNNING[key];
    if (fixed) return `${fixed}; a lesson gives it in start:`;
    const section = key.split(".")[0] ?? "";
    if (!LIVE_SECTIONS.has(section))
      return "only orbit.*, node.* and scheduler.* parameters can change while a lesson runs";
    return this.apply(key, value);
  }
}
