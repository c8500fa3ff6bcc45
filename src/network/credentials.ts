/**
 * A class's credentials: the teacher's account, the viewer's (read-only: the web page's
 * bridge) and one account per rig, its user name being its rig id. One YAML file holds
 * them, private to the teacher; each group gets a join file with only its own account, a
 * rig-file fragment (`network.mqtt`) that `--publish FILE` reads or a rig file can hold.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { z } from "zod";
import { idSchema, rigIdSchema } from "../config/schema/network.js";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { readSmallText } from "../core/read-bounded.js";
import type { Role } from "./acl.js";

const account = z.strictObject({ username: z.string().min(1), password: z.string().min(8) });

export const credentialsSchema = z.strictObject({
  class: idSchema,
  teacher: account,
  viewer: account,
  rigs: z.array(z.strictObject({ id: rigIdSchema, password: z.string().min(8) })),
});

export type ClassCredentials = z.infer<typeof credentialsSchema>;

export function newPassword(): string {
  return randomBytes(12).toString("base64url");
}

/** Rig accounts a count may ask for (a class, not a load test). */
const MAX_RIGS = 500;

/** Rig ids from `--rigs`: a count (desk-1..desk-N) or a comma-separated list. */
export function rigIds(spec: string): string[] {
  // Digits alone are a count: "0" or "600" taken as one rig's id would be a surprise.
  if (/^\s*\d+\s*$/.test(spec)) {
    const n = Number(spec);
    if (n < 1 || n > MAX_RIGS || spec.trim().startsWith("0"))
      throw new OrbitrigError(
        "USAGE",
        `--rigs: "${spec}": a count is 1 to ${MAX_RIGS} (or give ids: desk-a,desk-b)`,
        ExitCode.usage,
      );
    return Array.from({ length: n }, (_, i) => `desk-${i + 1}`);
  }
  const ids = spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of ids) {
    const r = rigIdSchema.safeParse(id);
    if (!r.success)
      throw new OrbitrigError(
        "USAGE",
        `--rigs: "${id}": ${r.error.issues[0]?.message ?? "not a rig id"}`,
        ExitCode.usage,
      );
  }
  if (ids.length === 0 || new Set(ids).size !== ids.length)
    throw new OrbitrigError(
      "USAGE",
      `--rigs: expected a count (8) or distinct ids (desk-a,desk-b), got "${spec}"`,
      ExitCode.usage,
    );
  return ids;
}

export function newCredentials(cls: string, ids: readonly string[]): ClassCredentials {
  return {
    class: cls,
    teacher: { username: "teacher", password: newPassword() },
    viewer: { username: "viewer", password: newPassword() },
    rigs: ids.map((id) => ({ id, password: newPassword() })),
  };
}

export function readCredentials(path: string): ClassCredentials {
  let data: unknown;
  try {
    data = parseYaml(readSmallText(path));
  } catch (e) {
    throw new OrbitrigError(
      "IO",
      `${path}: cannot read the class credentials: ${(e as Error).message.split("\n")[0]}`,
      ExitCode.io,
    );
  }
  const r = credentialsSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new OrbitrigError(
      "USAGE",
      `${path} ${issue.path.map(String).join(".") || "(top level)"}: ${issue.message}`,
      ExitCode.usage,
    );
  }
  return r.data;
}

/** Writes the file readable by its owner only (it holds every password of the class). */
export function writeCredentials(path: string, c: ClassCredentials): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    `# orbitrig class credentials for class ${c.class}: the teacher's, keep private.\n# Each group gets its own join file (orbitrig classroom serve writes them).\n${stringify(c)}`,
    { mode: 0o600 },
  );
}

/**
 * The class's credentials file: read when it exists (passwords stay the same from one
 * lesson to the next), else created with rigIdsIfNew. A class name that differs from the
 * file's is a mistake, not a new class.
 */
export function loadOrCreateCredentials(
  path: string,
  cls: string,
  rigIdsIfNew: readonly string[],
): { credentials: ClassCredentials; created: boolean } {
  if (existsSync(path)) {
    const credentials = readCredentials(path);
    if (credentials.class !== cls)
      throw new OrbitrigError(
        "USAGE",
        `${path} is class ${credentials.class}, not ${cls}: give --class ${credentials.class} or another --dir`,
        ExitCode.usage,
      );
    return { credentials, created: false };
  }
  const credentials = newCredentials(cls, rigIdsIfNew);
  writeCredentials(path, credentials);
  return { credentials, created: true };
}

/** One group's join file: a rig-file `network.mqtt` section with its own account only. */
export function joinFileText(c: ClassCredentials, rigId: string, url: string): string {
  const rig = c.rigs.find((r) => r.id === rigId);
  if (!rig) throw new Error(`no rig ${rigId} in class ${c.class}`);
  const body = stringify({
    network: { mqtt: { url, class: c.class, rigId, password: rig.password } },
  });
  return `# orbitrig join file: rig ${rigId} in class ${c.class}.\n# orbitrig demo --publish THIS_FILE (or paste the section into a rig file)\n${body}`;
}

/** Writes every group's join file into dir; returns their paths by rig id. */
export function writeJoinFiles(c: ClassCredentials, dir: string, url: string): Map<string, string> {
  mkdirSync(dir, { recursive: true });
  const out = new Map<string, string>();
  for (const r of c.rigs) {
    const path = join(dir, `${r.id}.yaml`);
    writeFileSync(path, joinFileText(c, r.id, url), { mode: 0o600 });
    out.set(r.id, path);
  }
  return out;
}

/** The role of a user name with this password, or null (unknown user, wrong password). */
export function authenticate(
  c: ClassCredentials,
  username: string | undefined,
  password: Buffer | undefined,
): Role | null {
  if (username === undefined || password === undefined) return null;
  const ok = (expected: string) => {
    const a = Buffer.from(expected);
    return a.length === password.length && timingSafeEqual(a, password);
  };
  if (username === c.teacher.username) return ok(c.teacher.password) ? "teacher" : null;
  if (username === c.viewer.username) return ok(c.viewer.password) ? "viewer" : null;
  const rig = c.rigs.find((r) => r.id === username);
  return rig && ok(rig.password) ? "rig" : null;
}
