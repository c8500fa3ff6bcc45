/**
 * The YAML files a user writes (rig files, lesson files), read one way: found by path or by
 * the name of a shipped one and read (./yaml-read.ts), parsed and validated with a zod
 * schema. Every mistake is one line, `file:line field: what was expected` (exit 2), or
 * `file: why it cannot be read`.
 */
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
import type { ShippedKind } from "../core/shipped.js";

/**
 * How a YAML file of one kind is described in its errors: the error codes, what it is
 * called, the sections it expects at the top, where its reference is, where the shipped
 * ones are.
 */
export interface YamlKind {
  code: "RIG_INVALID" | "LESSON_INVALID";
  /** When the file cannot be found or read. */
  notFoundCode: "RIG_NOT_FOUND" | "LESSON_NOT_FOUND";
  /** "rig", "lesson": a "rig file", a "shipped rig". */
  noun: string;
  /** What the top level holds: "a mapping of sections (board, orbit, node, ...)". */
  topLevel: string;
  /** Where it is described, for an empty file: "docs/rig-file.md". */
  doc: string;
  maxBytes: number;
  /** The package folder of the shipped ones. */
  shipped: ShippedKind;
  /** After the names of the shipped ones, when a name is none of them: "; `orbitrig rigs list` describes them". */
  listHint?: string;
}

/** `file:line field: what`, the one shape of every rig and lesson file error (exit 2). */
export function fileLineError(
  kind: YamlKind,
  path: string,
  line: number,
  field: string,
  what: string,
): OrbitrigError {
  return new OrbitrigError(kind.code, `${path}:${line} ${field}: ${what}`, ExitCode.usage);
}

function lineOf(
  doc: Document,
  counter: LineCounter,
  path: readonly PropertyKey[],
  /** Report the last key's own line, not its value's (an unknown section's name). */
  atKey = false,
): number | null {
  // Walk down as far as the path exists; report the deepest node found.
  let node: unknown = doc.contents;
  let line: number | null = null;
  const rangeLine = (n: unknown) =>
    isNode(n) && n.range ? counter.linePos(n.range[0]).line : null;
  line = rangeLine(node);
  for (const [i, key] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => (isNode(p.key) ? (p.key as { value?: unknown }).value : p.key) === key,
      );
      if (!pair) break;
      line = rangeLine(pair.key) ?? line;
      if (atKey && i === path.length - 1) break;
      node = pair.value;
      line = rangeLine(node) ?? line;
    } else if (isSeq(node) && typeof key === "number") {
      node = node.items[key];
      line = rangeLine(node) ?? line;
    } else break;
  }
  return line;
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  const what = issue.message.replace(/^Invalid (input|option): /, "");
  // A field left out is "received undefined" to zod; to a user it is missing.
  if (issue.code === "invalid_type" && what.endsWith(", received undefined"))
    return `missing; ${what.slice(0, -", received undefined".length)}`;
  return what;
}

/** The value at `path` in parsed data, or undefined. */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = data;
  for (const key of path) {
    if (typeof at !== "object" || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** Whether a required field at `path` is left out of the file (its parent is there). */
function isMissing(data: unknown, path: readonly PropertyKey[]): boolean {
  let at: unknown = data;
  for (const key of path) {
    if (typeof at !== "object" || at === null) return false;
    if (!(key in at)) return true;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return false;
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

/**
 * The first alias (`*name`) in the document that resolves to no anchor before it, or null,
 * with its line; `line` is that of the first alias of all when every one resolves.
 */
function aliasProblem(
  doc: Document,
  counter: LineCounter,
): { line: number; unresolved: string | null } {
  let first: number | null = null;
  let unresolved: { line: number; unresolved: string } | null = null;
  visit(doc, (_key, node) => {
    if (!isAlias(node) || !node.range) return;
    const line = counter.linePos(node.range[0]).line;
    first ??= line;
    if (node.resolve(doc) === undefined) {
      unresolved = { line, unresolved: node.source };
      return visit.BREAK;
    }
  });
  return unresolved ?? { line: first ?? 1, unresolved: null };
}

/**
 * Parses and validates a YAML (or JSON) text with a zod schema. Every error has one shape,
 * `file:line field: what was expected` (exit 2): YAML syntax at the line that opens the
 * mistake, an unknown key at the key, a bad value at the value.
 */
export function loadYamlText<S extends z.ZodType>(
  text: string,
  path: string,
  schema: S,
  kind: YamlKind,
): z.infer<S> {
  const fail = (line: number, field: string, what: string) =>
    fileLineError(kind, path, line, field, what);
  const bytes = Buffer.byteLength(text);
  if (bytes > kind.maxBytes) {
    throw fail(
      1,
      "(top level)",
      `the file is ${Math.ceil(bytes / 1024)} KiB; a ${kind.noun} file may be at most ${kind.maxBytes / 1024} KiB`,
    );
  }
  const counter = new LineCounter();
  // logLevel "error": yaml's warnings (a key that is a collection) would be a second line.
  const doc = parseDocument(text, {
    lineCounter: counter,
    prettyErrors: false,
    uniqueKeys: true,
    logLevel: "error",
  });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    // yaml's own words here are addressed to a programmer ("use parseAllDocuments()").
    const what =
      err.code === "MULTIPLE_DOCS"
        ? `a ${kind.noun} file is one YAML document; a second one starts here (---)`
        : err.message.split("\n")[0];
    throw new OrbitrigError(
      kind.code,
      `${path}:${yamlErrorLine(doc, counter, err)} ${what}`,
      ExitCode.usage,
    );
  }
  if (doc.contents === null) {
    throw fail(1, "(top level)", `the file is empty; expected ${kind.topLevel}: see ${kind.doc}`);
  }
  let data: unknown;
  try {
    data = doc.toJS() ?? {};
  } catch (e) {
    // yaml refuses an alias to no anchor, and aliases that expand past maxAliasCount (a
    // "billion laughs" file).
    const alias = aliasProblem(doc, counter);
    throw new OrbitrigError(
      kind.code,
      alias.unresolved !== null
        ? `${path}:${alias.line} the alias *${alias.unresolved} names no anchor (&${alias.unresolved}) set before it`
        : `${path}:${alias.line} YAML aliases expand to too many values (${(e as Error).message}); a ${kind.noun} file needs no aliases`,
      ExitCode.usage,
      { cause: e },
    );
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw fail(1, "(top level)", `expected ${kind.topLevel}`);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    // A merge key (<<) is an unknown field to YAML 1.2; say so rather than "unknown field".
    const isMerge = (i: z.core.$ZodIssue) =>
      i.code === "unrecognized_keys" && i.keys.includes("<<");
    const merge = result.error.issues.find(isMerge);
    const issue = merge
      ? { ...(merge as z.core.$ZodIssueUnrecognizedKeys), keys: ["<<"] }
      : result.error.issues[0]!;
    // For an unknown key, point at the key itself.
    const path0 = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]!] : issue.path;
    const line = lineOf(doc, counter, path0, issue.code === "unrecognized_keys") ?? 1;
    const field = path0.map(String).join(".") || "(top level)";
    const what = merge
      ? "YAML merge keys (<<) are not read; write the fields out"
      : issue.code === "unrecognized_keys"
        ? "unknown field"
        : isMissing(data, issue.path) && !describeIssue(issue).startsWith("missing")
          ? `missing; ${describeIssue(issue)}`
          : issue.code === "invalid_type" &&
              issue.expected === "object" &&
              valueAt(data, issue.path) === null
            ? "an empty section; give its fields, or remove it"
            : describeIssue(issue);
    throw fail(line, field, what);
  }
  return result.data;
}

/** Where a field is written in a YAML text (the deepest part found), or 1. */
export function yamlFieldLine(text: string, field: readonly PropertyKey[]): number {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  return lineOf(doc, counter, field) ?? 1;
}

/**
 * An error about a field the schema found valid but what reads it refuses (the board, the
 * chips, a lesson's references between steps), at the line the field is written.
 */
export function yamlFieldError(
  kind: YamlKind,
  path: string,
  text: string,
  field: readonly PropertyKey[],
  what: string,
): OrbitrigError {
  return fileLineError(kind, path, yamlFieldLine(text, field), field.map(String).join("."), what);
}
