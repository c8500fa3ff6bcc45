/**
 * One row of the reliability campaign's table (docs/reliability.md): what was tried, how
 * much of it, whether every check held, what data was lost and whether the lamp went off.
 * Each part of the campaign (tests/reliability/*.ts) returns one or more of these; the
 * suite's tests call the same parts with small sizes and assert `failures` is empty, and
 * `npm run reliability` (scripts/reliability/run.ts) runs them in full and writes the table.
 */

export interface CampaignResult {
  /** Short name of the test ("wire fuzzing", "fault: garbage"). */
  test: string;
  /** How much was tried ("1,000,000 lines, seed 42"). */
  size: string;
  /** Data the run lost beyond what the fault itself destroyed, in words ("none", "≤ 412 ms"). */
  dataLost: string;
  /** Whether and how fast the lamp went off where that was checked; "n/a" elsewhere. */
  lampOff: string;
  /** Figures worth a line under the table. */
  notes: string[];
  /** Every check that did not hold, one line each; empty when the test passed. */
  failures: string[];
}

export function passed(r: CampaignResult): boolean {
  return r.failures.length === 0;
}

/** 1234567 -> "1,234,567" (the table is read by people). */
export function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** Collects failed checks without stopping at the first, so a run reports all of them. */
export class Checks {
  readonly failures: string[] = [];

  /** Records `what` as failed unless `ok`. Returns ok. */
  that(ok: boolean, what: string): boolean {
    if (!ok) this.failures.push(what);
    return ok;
  }
}

/** The campaign's table as Markdown, one row per result. */
export function table(results: readonly CampaignResult[]): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const rows = results.map(
    (r) =>
      `| ${cell(r.test)} | ${cell(r.size)} | ${passed(r) ? "pass" : `**FAIL** (${r.failures.length})`} | ${cell(r.dataLost)} | ${cell(r.lampOff)} |`,
  );
  return ["| test | size | result | data lost | lamp off |", "|---|---|---|---|---|", ...rows].join(
    "\n",
  );
}
