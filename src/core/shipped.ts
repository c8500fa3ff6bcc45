/**
 * Files shipped inside the orbitrig package and found by name: rigs/ (rig files) and,
 * later, lessons/. Found relative to this module (import.meta.url), so they resolve
 * wherever the package is installed (a checkout, node_modules, npx's cache), never
 * relative to the working directory.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root: two levels up from src/core/ and from dist/core/ alike. */
export const packageRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The folders of shipped YAML files, by kind. */
export type ShippedKind = "rigs" | "lessons";

const EXTENSION = /\.ya?ml$/;

export function shippedDir(kind: ShippedKind): string {
  return join(packageRoot, kind);
}

/** The names (file names without .yaml) of the shipped files of a kind, sorted. */
export function shippedNames(kind: ShippedKind): string[] {
  const dir = shippedDir(kind);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && EXTENSION.test(d.name))
    .map((d) => d.name.replace(EXTENSION, ""))
    .sort();
}

/**
 * True for a bare name such as "classroom" or "classroom.yaml": no folder in it, so it
 * cannot mean a path elsewhere than the working directory.
 */
export function isBareName(text: string): boolean {
  return text !== "" && !/[/\\]/.test(text) && text !== "." && text !== "..";
}

/** The path of the shipped file of that kind and name (".yaml" optional), or null. */
export function shipped(kind: ShippedKind, name: string): string | null {
  if (!isBareName(name)) return null;
  const base = name.replace(EXTENSION, "");
  for (const ext of [".yaml", ".yml"]) {
    const path = join(shippedDir(kind), `${base}${ext}`);
    if (existsSync(path)) return path;
  }
  return null;
}
