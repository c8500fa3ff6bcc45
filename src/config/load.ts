/**
 * Finds, loads and validates a rig file (YAML or JSON; JSON is YAML). Errors name the
 * file, the line and the field: `rigs/x.yaml:12 orbit.altitudeKm: expected a number > 0,
 * got "low"`. A rig is a path, or the name of a rig shipped in the package's rigs/
 * (findRig).
 */
import { readFileSync, statSync } from "node:fs";
import {
  type Document,
  isAlias,
  isCollection,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type YAMLError,
} from "yaml";
import type { z } from "zod";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { isBareName, shipped, shippedNames } from "../core/shipped.js";
import { type RigConfig, rigSchema } from "./rig.js";

export interface LoadedRig {
  path: string;
  /** The file as it was read, kept for recordings' headers. */
  text: string;
  config: RigConfig;
  /** Set when the rig was found by name among the package's shipped rigs (rigs/). */
  shippedName?: string;
}

/**
 * Largest rig file read. A rig file is a few KB; the limit keeps a runaway one (a pasted
 * log in its description) out of every recording's header, which stores the text.
 */
export const MAX_RIG_FILE_BYTES = 256 * 1024;

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

/** `file:line field: what`, the one shape of every rig file error (exit 2). */
function rigError(path: string, line: number, field: string, what: string): OrbitrigError {
  return new OrbitrigError("RIG_INVALID", `${path}:${line} ${field}: ${what}`, ExitCode.usage);
}

/**
 * The line a YAML syntax error is about. An unterminated bracket or quote is noticed where
 * the parser runs out of text, often lines later: point at the line that opens it.
 */
function yamlErrorLine(doc: Document, counter: LineCounter, err: YAMLError): number {
  const at = err.pos[0];
  let opened: number | null = null;
  const flow = /flow (sequence|map|collection)|end with a [\]}]/i.test(err.message);
  const quote = err.code === "MISSING_CHAR" && /quote/i.test(err.message);
  if (flow || quote) {
    visit(doc, (_key, node) => {
      if (!isNode(node) || !node.range || node.range[0] > at) return;
      if (flow && isCollection(node) && node.flow) opened = node.range[0];
      if (
        quote &&
        isScalar(node) &&
        (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE") &&
        at <= node.range[2]
      )
        opened = node.range[0];
    });
  }
  return counter.linePos(opened ?? at).line;
}

/** The line of the first alias (`*name`) in the document, or 1. */
function firstAliasLine(doc: Document, counter: LineCounter): number {
  let line = 1;
  visit(doc, (_key, node) => {
    if (isAlias(node) && node.range) {
      line = counter.linePos(node.range[0]).line;
      return visit.BREAK;
    }
  });
  return line;
}

export function loadRigText(text: string, path: string): LoadedRig {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_RIG_FILE_BYTES) {
    throw rigError(
      path,
      1,
      "(top level)",
      `the file is ${Math.ceil(bytes / 1024)} KiB; a rig file may be at most ${MAX_RIG_FILE_BYTES / 1024} KiB`,
    );
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    throw new OrbitrigError(
      "RIG_INVALID",
      `${path}:${yamlErrorLine(doc, counter, err)} ${err.message.split("\n")[0]}`,
      ExitCode.usage,
    );
  }
  if (doc.contents === null) {
    throw rigError(
      path,
      1,
      "(top level)",
      "the file is empty; expected a mapping of sections (board, orbit, node, ...): see docs/rig-file.md",
    );
  }
  let data: unknown;
  try {
    data = doc.toJS() ?? {};
  } catch (e) {
    // yaml refuses aliases that expand past maxAliasCount (a "billion laughs" file).
    const line = firstAliasLine(doc, counter);
    throw new OrbitrigError(
      "RIG_INVALID",
      `${path}:${line} YAML aliases expand to too many values (${(e as Error).message}); a rig file needs no aliases`,
      ExitCode.usage,
      { cause: e },
    );
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw rigError(
      path,
      1,
      "(top level)",
      "expected a mapping of sections (board, orbit, node, ...)",
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
    throw rigError(path, line, field, what);
  }
  return { path, text, config: result.data };
}

/** Where a field of a loaded rig is written in its file (the deepest part found), or 1. */
export function rigFieldLine(rig: LoadedRig, field: readonly PropertyKey[]): number {
  const counter = new LineCounter();
  const doc = parseDocument(rig.text, { lineCounter: counter, prettyErrors: false });
  return lineOf(doc, counter, field) ?? 1;
}

/**
 * A rig file error about a field found valid by the schema but refused by what reads it
 * (the board, the chips): `file:line field: what`, exit 2.
 */
export function rigFieldError(
  rig: LoadedRig,
  field: readonly PropertyKey[],
  what: string,
): OrbitrigError {
  return rigError(rig.path, rigFieldLine(rig, field), field.map(String).join("."), what);
}

/**
 * Throws unless the rig file itself writes this field: some commands must not fall back
 * on a default (run on a desk rig must not quietly become the emulator).
 */
export function requireStated(rig: LoadedRig, field: readonly string[], expected: string): void {
  const doc = parseDocument(rig.text, { prettyErrors: false });
  if (doc.errors.length === 0 && doc.hasIn(field)) return;
  throw rigFieldError(rig, field, `missing; expected ${expected}`);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Where a --rig argument points. A file that exists wins; otherwise a bare name
 * ("classroom", "classroom.yaml") is a rig shipped in the package's rigs/ folder, and an
 * unknown bare name lists the shipped ones. Anything else is a path, read as given.
 */
export function findRig(rig: string): { path: string; shippedName: string | null } {
  if (isFile(rig) || !isBareName(rig)) return { path: rig, shippedName: null };
  const path = shipped("rigs", rig);
  if (path) return { path, shippedName: rig.replace(/\.ya?ml$/, "") };
  throw new OrbitrigError(
    "RIG_NOT_FOUND",
    `${rig}: no such rig file, and no shipped rig of that name (shipped: ${shippedNames("rigs").join(", ")}; \`orbitrig rigs list\` describes them)`,
    ExitCode.usage,
  );
}

/** Loads a rig file, or a shipped rig by name (findRig). */
export function loadRig(rig: string): LoadedRig {
  const { path, shippedName } = findRig(rig);
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
  const loaded = loadRigText(text, path);
  return shippedName ? { ...loaded, shippedName } : loaded;
}
