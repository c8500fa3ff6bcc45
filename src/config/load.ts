/**
 * Finds, loads and validates a rig file (YAML or JSON; JSON is YAML). Errors name the
 * file, the line and the field: `rigs/x.yaml:12 orbit.altitudeKm: expected a number > 0,
 * got "low"`. A rig is a path, or the name of a rig shipped in the package's rigs/
 * (findRig). Finding, reading and validating are those of every YAML file a user writes
 * (./yaml-file.ts); what is here is the rig's.
 */
import { parseDocument } from "yaml";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { type RigConfig, rigSchema } from "./rig.js";
import {
  describeIssue,
  loadYamlText,
  type YamlKind,
  yamlFieldError,
  yamlFieldLine,
} from "./yaml-file.js";
import { findYamlFile, readYamlFile } from "./yaml-read.js";

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

/** Validates an already-parsed object (used by tests and by --set overrides). */
export function parseRig(data: unknown, where = "<rig>"): RigConfig {
  const result = rigSchema.safeParse(data ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  // An unknown key is named with its section, as a rig file's loader names it.
  const unknown = issue.code === "unrecognized_keys";
  const path = unknown ? [...issue.path, issue.keys[0]!] : issue.path;
  const field = path.map(String).join(".") || "(top level)";
  throw new OrbitrigError(
    "RIG_INVALID",
    `${where} ${field}: ${unknown ? "unknown field" : describeIssue(issue)}`,
    ExitCode.usage,
  );
}

const RIG_KIND: YamlKind = {
  code: "RIG_INVALID",
  notFoundCode: "RIG_NOT_FOUND",
  noun: "rig",
  topLevel: "a mapping of sections (board, orbit, node, ...)",
  doc: "docs/rig-file.md",
  maxBytes: MAX_RIG_FILE_BYTES,
  shipped: "rigs",
  listHint: "; `orbitrig rigs list` describes them",
};

export function loadRigText(text: string, path: string): LoadedRig {
  return { path, text, config: loadYamlText(text, path, rigSchema, RIG_KIND) };
}

/** Where a field of a loaded rig is written in its file (the deepest part found), or 1. */
export function rigFieldLine(rig: LoadedRig, field: readonly PropertyKey[]): number {
  return yamlFieldLine(rig.text, field);
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
  return yamlFieldError(RIG_KIND, rig.path, rig.text, field, what);
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

/** Where a --rig argument points: a rig file, or a shipped rig by name (findYamlFile). */
export function findRig(rig: string): { path: string; shippedName: string | null } {
  return findYamlFile(rig, RIG_KIND);
}

/** Loads a rig file, or a shipped rig by name (findRig). */
export function loadRig(rig: string): LoadedRig {
  const { path, shippedName } = findRig(rig);
  const loaded = loadRigText(readYamlFile(path, RIG_KIND), path);
  return shippedName ? { ...loaded, shippedName } : loaded;
}
