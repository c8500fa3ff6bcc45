/**
 * Finding and loading firmware profiles: each folder under firmware-profiles/ with a
 * profile.json. Errors name the file and the field (OrbitrigError FIRMWARE_PROFILE).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { packageRoot } from "../core/shipped.js";
import { type ProfileFile, profileSchema } from "./schema.js";

export { packageRoot };
export const defaultProfilesDir = join(packageRoot, "firmware-profiles");

export interface FirmwareProfile extends ProfileFile {
  /** Absolute path of the profile folder. */
  dir: string;
  /** Absolute path of the profile.json it came from. */
  file: string;
  /** Absolute path of the built hex. */
  hexPath: string;
  /** Absolute path of a prebuilt hex's licence text; null for a hex built from source. */
  licencePath: string | null;
}

export function listProfileNames(profilesDir = defaultProfilesDir): string[] {
  if (!existsSync(profilesDir)) return [];
  return readdirSync(profilesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(profilesDir, d.name, "profile.json")))
    .map((d) => d.name)
    .sort();
}

function describeIssue(issue: { path: PropertyKey[]; message: string }): string {
  const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
  return `${path.replace(/^\./, "") || "(top level)"}: ${issue.message}`;
}

/** Parses one profile.json's text; `file` is only for messages and paths. */
export function parseProfile(text: string, file: string): FirmwareProfile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new OrbitrigError(
      "FIRMWARE_PROFILE",
      `${file}: not valid JSON (${(e as Error).message})`,
      ExitCode.usage,
    );
  }
  const parsed = profileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const more =
      parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : "";
    throw new OrbitrigError(
      "FIRMWARE_PROFILE",
      `${file}: ${first ? describeIssue(first) : "invalid"}${more}`,
      ExitCode.usage,
    );
  }
  const dir = resolve(file, "..");
  const p = parsed.data;
  const folder = dir.split(/[\\/]/).pop();
  if (folder !== p.name) {
    throw new OrbitrigError(
      "FIRMWARE_PROFILE",
      `${file}: name: "${p.name}" differs from its folder "${folder}"`,
      ExitCode.usage,
    );
  }
  const licencePath = p.prebuilt ? join(dir, p.prebuilt.licenceFile) : null;
  return { ...p, dir, file, hexPath: join(dir, p.hex), licencePath };
}

export function loadProfile(name: string, profilesDir = defaultProfilesDir): FirmwareProfile {
  const file = join(profilesDir, name, "profile.json");
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name) || !existsSync(file)) {
    const known = listProfileNames(profilesDir);
    throw new OrbitrigError(
      "FIRMWARE_PROFILE",
      `no firmware profile '${name}' (known: ${known.length ? known.join(", ") : "none"}; run \`orbitrig firmware list\`)`,
      ExitCode.usage,
    );
  }
  return parseProfile(readFileSync(file, "utf8"), file);
}

export function loadAllProfiles(profilesDir = defaultProfilesDir): FirmwareProfile[] {
  return listProfileNames(profilesDir).map((n) => loadProfile(n, profilesDir));
}
