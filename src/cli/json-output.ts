/**
 * The one units convention of every `--json` output (docs/cli.md, "JSON output"): a share
 * is percent, 0-100, and its key ends in `Pct`. The session, the model and the recording
 * keep fractions (`socFraction`, `dutySession`): this is where they are turned into
 * percent, once, as they leave through a command.
 */

/** Fractions whose key does not say so (the model's names), shown as key + "Pct". */
const BARE_FRACTIONS = new Set([
  "dutySession",
  "workDutySession",
  "dutyThisOrbit",
  "dutyLastOrbit",
  "workDutyThisOrbit",
  "workDutyLastOrbit",
  "duty",
  "workDuty",
  "minSoc",
  "finalSoc",
  "illumination",
  "computeLevel",
  "computeLevelRequested",
  "orbitPhase",
  "eclipseEntryPhase",
  "eclipseExitPhase",
]);

/** A fraction as percent, without the float noise of × 100 (0.29 -> 29, not 28.999…). */
const toPct = (x: number) => Number((x * 100).toPrecision(12));

/** The value with every fraction turned into percent under a `…Pct` key (deeply). */
export function percentJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(percentJson);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(value)) {
    const isNum = typeof x === "number" || x === null;
    if (isNum && k.endsWith("Fraction"))
      out[k.replace(/Fraction$/, "Pct")] = x === null ? null : toPct(x);
    else if (isNum && BARE_FRACTIONS.has(k)) out[`${k}Pct`] = x === null ? null : toPct(x);
    else out[k] = percentJson(x);
  }
  return out;
}

/** JSON text of a command's output, in the convention above. */
export function jsonOutput(value: unknown): string {
  return `${JSON.stringify(percentJson(value), null, 2)}\n`;
}
