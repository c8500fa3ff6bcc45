/**
 * One rig parameter changed by its dotted key (`node.battery.capacityWh`, `orbit.betaDeg`,
 * `scheduler.socLowFraction`), validated by its section's schema as the rig file would be.
 * Used for live changes of a running model (src/rig/satellite.ts) and for the lesson and
 * simulate commands' sets and sweeps, so a key means the same thing everywhere.
 */
import type { z } from "zod";

/** Splits `orbit.betaDeg` into its section and the path inside it; null when malformed. */
export function splitKey(key: string): { section: string; path: string[] } | null {
  const parts = key.split(".");
  if (parts.length < 2 || parts.some((p) => p.trim() === "" || p !== p.trim())) return null;
  return { section: parts[0]!, path: parts.slice(1) };
}

/** Why a parameter change was refused: the message names the key (`orbit.betaDeg: ...`). */
export class ParameterError extends Error {
  override readonly name = "ParameterError";
}

/**
 * A copy of `section` (an already validated section of a rig config) with the value at
 * `path` replaced, validated by `schema`. A null value removes the field, so it takes its
 * default again (an optional override such as orbit.betaDeg goes back to the preset's).
 * Throws ParameterError naming `key` for a field the section does not have or a value the
 * schema refuses.
 */
export function changedSection<S extends z.ZodType>(
  schema: S,
  section: unknown,
  path: readonly string[],
  value: unknown,
  key: string,
): z.infer<S> {
  const copy = structuredClone((section ?? {}) as Record<string, unknown>);
  let at: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) {
    const next = at[k];
    if (typeof next !== "object" || next === null || Array.isArray(next))
      throw new ParameterError(`${key}: no such parameter`);
    at = next as Record<string, unknown>;
  }
  const last = path.at(-1)!;
  if (value === null) delete at[last];
  else at[last] = value;
  const parsed = schema.safeParse(copy);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === "unrecognized_keys") throw new ParameterError(`${key}: no such parameter`);
  throw new ParameterError(`${key}: ${issue.message.replace(/^Invalid input: /, "")}`);
}
