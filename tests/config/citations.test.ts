/**
 * Docs cite only what ships: every doc a source file, test or doc names exists in the
 * repository, every `docs/physics.md §n` names a section that page has, relative links in
 * the docs resolve, and nothing points at notes that live outside the package.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const TEXT = /\.(ts|tsx|js|md|cpp|h|ino|yaml|json)$/;

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name === "fixtures" ? [] : files(path);
    return TEXT.test(d.name) ? [path] : [];
  });
}

const sources = [
  ...["src", "tests", "docs", "firmware-profiles", "rigs", "bench"].flatMap(files),
  "README.md",
].map((path) => ({ path, text: readFileSync(join(ROOT, path), "utf8") }));

/** `where:line` of every match of `re` in the sources. */
function occurrences(re: RegExp, skip = ""): { where: string; match: RegExpExecArray }[] {
  return sources
    .filter((s) => s.path !== skip)
    .flatMap((s) =>
      [...s.text.matchAll(new RegExp(re.source, `${re.flags.replace("g", "")}g`))].map((match) => ({
        where: `${s.path}:${s.text.slice(0, match.index).split("\n").length}`,
        match,
      })),
    );
}

describe("citations", () => {
  it("reads the sources", () => {
    expect(sources.length).toBeGreaterThan(300);
  });

  it("name no notes that do not ship with the package", () => {
    // The team's working notes (facts sheet, architecture sketch, field notes) are not
    // in the package; what the code relies on from them is in docs/.
    const notShipped = new RegExp(
      ["PHYSICS", "FIELD-NOTES", "ARCHITECTURE", "STYLE"].map((n) => `\\b${n}\\.md`).join("|") +
        "|shared/guide",
    );
    const self = relative(ROOT, import.meta.filename);
    expect(occurrences(notShipped, self).map((o) => `${o.where} ${o.match[0]}`)).toEqual([]);
  });

  it("name docs that exist", () => {
    const missing = occurrences(/\bdocs\/([\w-]+\.md)/)
      .filter((o) => !existsSync(join(ROOT, "docs", o.match[1]!)))
      .map((o) => `${o.where} ${o.match[0]}`);
    expect(missing).toEqual([]);
  });

  it("cite sections of docs/physics.md that it has", () => {
    const page = readFileSync(join(ROOT, "docs/physics.md"), "utf8");
    const sections = new Set([...page.matchAll(/^## (\d+)\. /gm)].map((m) => m[1]));
    const cited = occurrences(/physics\.md((?:,? §\d+)+)/);
    expect(cited.length).toBeGreaterThan(20);
    const wrong = cited.flatMap((o) =>
      [...o.match[1]!.matchAll(/§(\d+)/g)]
        .filter((m) => !sections.has(m[1]))
        .map((m) => `${o.where} §${m[1]}`),
    );
    expect(wrong).toEqual([]);
  });

  it("link the docs to files that exist", () => {
    const pages = sources.filter((s) => s.path.endsWith(".md"));
    const broken = pages.flatMap((p) =>
      [...p.text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
        .map((m) => m[1]!)
        .filter((target) => !/^[a-z]+:/.test(target))
        .filter((target) => !existsSync(join(ROOT, dirname(p.path), target)))
        .map((target) => `${p.path} -> ${target}`),
    );
    expect(broken).toEqual([]);
  });

  it("docs/architecture.md places every folder of src/", () => {
    const page = readFileSync(join(ROOT, "docs/architecture.md"), "utf8");
    const folders = readdirSync(join(ROOT, "src"), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(folders.filter((f) => !page.includes(`\`${f}\``))).toEqual([]);
  });
});
