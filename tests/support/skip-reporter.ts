/**
 * Ends the run with one line about the test groups that were skipped because a Debian tool
 * is missing (recorded by tests/support/requires.ts), and the command that runs them.
 * With ORBITRIG_TEST_ALL=1 any skipped test at all fails the run: CI runs everything.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import type { Reporter, TestModule } from "vitest/node";
import type { SkipRecord } from "./requires.js";

export const RUN_ALL_COMMAND = "npm run test:all";

/** The end-of-run line for these records (pure, for its own test). */
export function skipLine(records: readonly SkipRecord[]): string | null {
  if (records.length === 0) return null;
  const files = [...new Set(records.map((r) => r.file.replace(/^tests\//, "")))].sort();
  const missing = [...new Set(records.flatMap((r) => r.missing))].sort();
  const packages = [...new Set(records.flatMap((r) => r.debianPackages))].sort();
  const groups = records.length === 1 ? "1 group" : `${records.length} groups`;
  return (
    `skipped ${groups} (${files.join(", ")}): missing ${missing.join(", ")}; ` +
    `install Debian's ${packages.join(" ")} and run them with \`${RUN_ALL_COMMAND}\``
  );
}

function readRecords(dir: string): SkipRecord[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) =>
    readFileSync(`${dir}/${n}`, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as SkipRecord),
  );
}

/** Tests by outcome; anything neither passed nor failed (skipped, todo) did not run. */
function tally(modules: ReadonlyArray<TestModule>) {
  const skipped: string[] = [];
  let passed = 0;
  let failed = 0;
  for (const m of modules)
    for (const t of m.children.allTests()) {
      const state = t.result().state;
      if (state === "passed") passed++;
      else if (state === "failed") failed++;
      else skipped.push(`${m.moduleId.replace(`${process.cwd()}/`, "")} > ${t.fullName}`);
    }
  return { passed, failed, skipped };
}

export default class SkipReporter implements Reporter {
  // Vitest passes reporter options as the first argument; this reporter takes none.
  private readonly dir = process.env.ORBITRIG_SKIP_LOG ?? "";
  private readonly testAll = process.env.ORBITRIG_TEST_ALL === "1";

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const records = this.dir ? readRecords(this.dir) : [];
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    if (this.testAll) {
      const { passed, failed, skipped } = tally(modules);
      if (skipped.length > 0) {
        process.stdout.write(
          `\nORBITRIG_TEST_ALL: ${skipped.length} tests did not run, and everything must run here:\n  ${skipped.join("\n  ")}\n`,
        );
        process.exitCode = 1;
      }
      // The plain closing line CI logs are read for.
      process.stdout.write(`\norbitrig: ${passed} passed, ${failed + skipped.length} failed\n`);
      return;
    }
    const line = skipLine(records);
    if (line) process.stdout.write(`\n${line}\n`);
  }
}
