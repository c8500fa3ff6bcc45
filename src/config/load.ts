/**
 * Loads and validates a rig file (YAML or JSON; JSON is YAML). Errors name the file,
 * the line and the field: `rigs/x.yaml:12 orbit.altitudeKm: expected a number > 0, got "low"`.
 */
import { readFileSync } from "node:fs";
import { type Document, isMap, isNode, isSeq, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { type RigConfig, rigSchema } from "./rig.js";

export interface LoadedRig {
  path: string;
  /** The file as it was read, kept for recordings' headers. */
  text: string;
  config: RigConfig;
}

function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number | null {
  // Walk down as far as the path exists; report the deepest node found.
  let node: unknown = doc.contents;
  let line: number | null = null;
  const rangeLine = (n: unknown) =>
    isNode(n) && n.range ? counter.linePos(n.range[0]).line : null;
  line = rangeLine(node);
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => (isNode(p.key) ? (p.key as { value?: unknown }).value : p.key) === key,
      );
      if (!pair) break;
      line = rangeLine(pair.key) ?? line;
      node = pair.value;
      line = rangeLine(node) ?? line;
    } else if (isSeq(node) && typeof key === "number") {
      node = node.items[key];
      line = rangeLine(node) ?? line;
    } else break;
  }
  return line;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  return issue.message.replace(/^Invalid input: /, "");
}

/** Validates an already-parsed object (used by tests and by --set overrides). */
export function parseRig(data: unknown, where = "<rig>"): RigConfig {
  const result = rigSchema.safeParse(data ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join(".") || "(top level)";
  throw new OrbitrigError(
    "RIG_INVALID",
    `${where} ${field}: ${describeIssue(issue)}`,
    ExitCode.usage,
  );
}

export function loadRigText(text: string, path: string): LoadedRig {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0]?.line ?? 1;
    throw new OrbitrigError(
      "RIG_INVALID",
      `${path}:${line} ${err.message.split("\n")[0]}`,
      ExitCode.usage,
    );
  }
  const data = doc.toJS() ?? {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new OrbitrigError(
      "RIG_INVALID",
      `${path}:1 expected a mapping of sections (board, orbit, node, ...)`,
      ExitCode.usage,
    );
  }
  const result = rigSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    // For an unknown key, point at the key itself.
    const path0 = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]!] : issue.path;
    const line = lineOf(doc, counter, path0) ?? 1;
    const field = path0.map(String).join(".") || "(top level)";
    const what = issue.code === "unrecognized_keys" ? "unknown field" : describeIssue(issue);
    throw new OrbitrigError("RIG_INVALID", `${path}:${line} ${field}: ${what}`, ExitCode.usage);
  }
  return { path, text, config: result.data };
}

export function loadRig(path: string): LoadedRig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new OrbitrigError(
      "RIG_NOT_FOUND",
      `${path}: cannot read rig file (${code === "ENOENT" ? "no such file" : (code ?? String(e))})`,
      ExitCode.usage,
    );
  }
  return loadRigText(text, path);
}
