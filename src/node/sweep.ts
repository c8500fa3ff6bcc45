/**
 * Sweeps for `orbitrig simulate`: parse `--sweep key=spec` options and expand them into
 * cases (the Cartesian product). Keys: beta (fixed beta angle, deg), altitude (km),
 * policy (names), or any numeric rig parameter by its dotted key
 * (`node.battery.capacityWh`, `node.thermal.radiatorAreaM2`; validated by the rig's schema
 * where the case is built). Specs: `start:stop:step` (inclusive) or `a,b,c`.
 */
import { MAX_ALTITUDE_KM, MIN_ALTITUDE_KM } from "../config/schema/orbit.js";
import { POLICY_NAMES, type PolicyName } from "../config/schema/scheduler.js";

/** Most cases a sweep may have, all axes together (checked before any case is built). */
export const MAX_SWEEP_CASES = 10_000;

export interface SweepCase {
  betaDeg?: number;
  altitudeKm?: number;
  policy?: PolicyName;
  /** Rig parameters by dotted key. */
  set?: Record<string, number>;
}

export type SweepAxis =
  | { key: "beta" | "altitude"; values: number[] }
  | { key: "policy"; values: PolicyName[] }
  | { key: "param"; param: string; values: number[] };

/** A rig parameter's dotted key: section.field[.field]. */
export const PARAMETER_KEY = /^[a-z]+(\.[A-Za-z]\w*)+$/;

export class SweepSpecError extends Error {}

function numbers(key: string, spec: string): number[] {
  const range = /^(-?[\d.]+):(-?[\d.]+):([\d.]+)$/.exec(spec);
  if (range) {
    const [a, b, s] = [Number(range[1]), Number(range[2]), Number(range[3])];
    if (![a, b, s].every(Number.isFinite) || s <= 0 || b < a) {
      throw new SweepSpecError(
        `--sweep ${key}=${spec}: expected start:stop:step with stop >= start and step > 0`,
      );
    }
    const n = Math.floor((b - a) / s + 1e-9);
    if (n >= MAX_SWEEP_CASES)
      throw new SweepSpecError(
        `--sweep ${key}=${spec}: ${(n + 1).toLocaleString("en-US")} values, more than ${MAX_SWEEP_CASES.toLocaleString("en-US")} cases`,
      );
    return Array.from({ length: n + 1 }, (_, i) => Number((a + i * s).toFixed(10)));
  }
  const parts = spec.split(",");
  const vals = parts.map((v) => Number(v));
  // Number("") is 0: an empty item (`0,,5`, a trailing comma) must not become a case of 0.
  if (parts.some((v) => v.trim() === "") || vals.some((v) => !Number.isFinite(v))) {
    throw new SweepSpecError(
      `--sweep ${key}=${spec}: expected numbers as start:stop:step or a,b,c`,
    );
  }
  return vals;
}

export function parseSweep(spec: string): SweepAxis {
  const m = /^([A-Za-z][\w.]*)=(.*)$/.exec(spec.trim());
  if (!m)
    throw new SweepSpecError(
      `--sweep "${spec}": expected key=values, e.g. beta=0:75:5 or policy=predictive,soc-hysteresis`,
    );
  const key = m[1] === "scheduler.policy" ? "policy" : m[1]!;
  const rest = m[2]!;
  if (PARAMETER_KEY.test(key)) return { key: "param", param: key, values: numbers(key, rest) };
  if (key === "beta" || key === "altitude") {
    const values = numbers(key, rest);
    if (key === "beta" && values.some((v) => v < -90 || v > 90))
      throw new SweepSpecError(`--sweep beta: values must be within -90..90`);
    // The rig file's range for orbit.altitudeKm: the Karman line to about the Moon.
    if (key === "altitude" && values.some((v) => v < MIN_ALTITUDE_KM || v > MAX_ALTITUDE_KM))
      throw new SweepSpecError(
        `--sweep altitude: values must be within ${MIN_ALTITUDE_KM}..${MAX_ALTITUDE_KM} km (below ${MIN_ALTITUDE_KM} km the atmosphere allows no orbit)`,
      );
    return { key, values };
  }
  if (key === "policy") {
    const names = rest.split(",").map((s) => s.trim());
    for (const n of names) {
      if (!(POLICY_NAMES as readonly string[]).includes(n)) {
        throw new SweepSpecError(
          `--sweep policy: unknown policy "${n}" (expected ${POLICY_NAMES.join(", ")})`,
        );
      }
    }
    return { key, values: names as PolicyName[] };
  }
  throw new SweepSpecError(
    `--sweep ${key}: unknown key (expected beta, altitude, policy or a rig parameter such as node.battery.capacityWh)`,
  );
}

/** The cases of a sweep; refused before any is built when there are more than MAX_SWEEP_CASES. */
export function expandSweeps(axes: SweepAxis[]): SweepCase[] {
  const count = axes.reduce((n, a) => n * a.values.length, 1);
  if (count > MAX_SWEEP_CASES) {
    const sizes = axes.map((a) => a.values.length.toLocaleString("en-US")).join(" x ");
    throw new SweepSpecError(
      `--sweep: ${sizes} = ${count.toLocaleString("en-US")} cases, more than ${MAX_SWEEP_CASES.toLocaleString("en-US")}`,
    );
  }
  let cases: SweepCase[] = [{}];
  for (const axis of axes) {
    const next: SweepCase[] = [];
    for (const c of cases) {
      for (const v of axis.values) {
        if (axis.key === "beta") next.push({ ...c, betaDeg: v as number });
        else if (axis.key === "altitude") next.push({ ...c, altitudeKm: v as number });
        else if (axis.key === "param")
          next.push({ ...c, set: { ...c.set, [axis.param]: v as number } });
        else next.push({ ...c, policy: v as PolicyName });
      }
    }
    cases = next;
  }
  return cases;
}
