/**
 * The reliability campaign in full (`npm run reliability`, scripts/reliability.ts): every
 * part at its full size, one table row per test, written into docs/reliability.md between
 * its campaign markers with the notes under it. The suite runs the same parts smaller
 * (tests/reliability/*.test.ts).
 *
 *   npm run reliability                      everything, writes the table
 *   npm run reliability -- --only wire       one part (wire, faults, crash, input, security);
 *                                            prints, does not write the table
 *   npm run reliability -- --seed 42         the wire fuzz's seed
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { runBadInputCampaign } from "./bad-input.js";
import { runCrashCampaign } from "./crash.js";
import { runFaultCampaign } from "./fault-campaign.js";
import { type CampaignResult, passed, table } from "./result.js";
import { runSecurityChecks } from "./security.js";
import { runWireFuzz } from "./wire-fuzz.js";

export const PARTS = ["wire", "faults", "crash", "input", "security"] as const;
export type Part = (typeof PARTS)[number];

const DOC = "docs/reliability.md";
const START = "<!-- campaign:start (written by npm run reliability) -->";
const END = "<!-- campaign:end -->";

interface Args {
  only: Part[];
  seed: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { only: [...PARTS], seed: 20261206 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = argv[i + 1] ?? "";
    if (a === "--only") {
      const parts = value.split(",");
      const bad = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
      if (bad.length) throw new Error(`--only ${bad.join(",")}: one of ${PARTS.join(", ")}`);
      args.only = parts as Part[];
      i++;
    } else if (a === "--seed") {
      args.seed = Number(value);
      if (!Number.isSafeInteger(args.seed)) throw new Error(`--seed ${value}: not an integer`);
      i++;
    } else {
      throw new Error(`unknown argument ${a} (--only PART[,PART], --seed N)`);
    }
  }
  return args;
}

type Runner = (args: Args) => Promise<CampaignResult[]>;

const RUNNERS: Record<Part, Runner> = {
  wire: async (a) => [
    await runWireFuzz({
      lines: 1_000_000,
      seed: a.seed,
      hugeMaxBytes: 100_000,
      neverEndingBytes: 256 * 2 ** 20,
    }),
  ],
  faults: () => runFaultCampaign({ orbits: 6 }),
  crash: async (a) => [await runCrashCampaign({ kills: 50, seed: a.seed })],
  input: async () => [await runBadInputCampaign()],
  security: async () => [await runSecurityChecks({ demoS: 60 })],
};

function writeDoc(results: CampaignResult[], header: string): void {
  const text = readFileSync(DOC, "utf8");
  const notes = results.flatMap((r) => [
    ...r.notes.map((n) => `- ${r.test}: ${n}`),
    ...r.failures.map((f) => `- **${r.test} failed:** ${f}`),
  ]);
  const block = [START, "", header, "", table(results), "", ...notes, "", END].join("\n");
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  const next =
    a >= 0 && b > a
      ? text.slice(0, a) + block + text.slice(b + END.length)
      : `${text.trimEnd()}\n\n## The campaign\n\n${block}\n`;
  writeFileSync(DOC, next);
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const results: CampaignResult[] = [];
  const t0 = performance.now();
  for (const part of args.only) {
    const run = RUNNERS[part];
    const started = performance.now();
    const rs = await run(args);
    for (const r of rs) {
      console.log(`${passed(r) ? "pass" : "FAIL"}  ${r.test}  (${r.size})`);
      for (const f of r.failures) console.log(`      ${f}`);
    }
    console.log(`${part}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
    results.push(...rs);
  }
  const wallS = (performance.now() - t0) / 1000;
  console.log(`\n${table(results)}\n`);
  if (args.only.length === PARTS.length) {
    const header = `Run ${new Date().toISOString().slice(0, 10)} with Node ${process.version} on ${cpus().length} cores, ${(wallS / 60).toFixed(0)} min; re-run with \`npm run reliability\` (the wire fuzz's seed ${args.seed}: \`-- --seed N\`).`;
    writeDoc(results, header);
    console.log(`written to ${DOC}`);
  }
  return results.every(passed) ? 0 : 1;
}
