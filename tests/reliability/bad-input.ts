/**
 * Runs the bad-input corpus (./bad-input-corpus.ts) through the built CLI (bin/orbitrig.js,
 * so `npm run build` first): each case in its own folder, the command run there, and its
 * answer checked: the expected exit code, and on stderr one line, `orbitrig: …`, saying what
 * the case expects, with no stack trace. A case that has not answered in 60 s has hung.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  type BadInput,
  goodRecording,
  PORT_CASES,
  RECORDING_CASES,
  RIG_CASES,
} from "./bad-input-corpus.js";
import { type CampaignResult, Checks } from "./result.js";

const CLI = join(process.cwd(), "bin/orbitrig.js");
const FIXTURE = "tests/fixtures/recordings/emulated-sunlit-only.ndjson";

export function corpus(): BadInput[] {
  const good = goodRecording(readFileSync(FIXTURE, "utf8"));
  return [...RIG_CASES, ...RECORDING_CASES.map((c) => c(good)), ...PORT_CASES];
}

export interface Answer {
  exit: number | null;
  stderr: string;
  stdout: string;
}

export function runCase(c: BadInput): Promise<Answer> {
  const dir = mkdtempSync(join(tmpdir(), "orbitrig-bad-input-"));
  for (const [name, content] of Object.entries(c.files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  const args = c.args.map((a) => a.replaceAll("{dir}", dir));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: dir, timeout: 60_000, maxBuffer: 16 * 2 ** 20, env: { ...process.env, CI: "1" } },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === "number" ? error.code : error ? null : 0;
        resolve({ exit: code, stderr, stdout });
      },
    );
  });
}

/** What is wrong with an answer, or null when it is what the case expects. */
export function judge(c: BadInput, a: Answer): string | null {
  const lines = a.stderr.split("\n").filter((l) => l.trim() !== "");
  // Information lines before the failure are allowed ("using /dev/x as given").
  const failure = lines.at(-1) ?? "";
  const problems: string[] = [];
  if (a.exit === null) problems.push("no exit (hung or killed)");
  else if (a.exit !== c.exit) problems.push(`exit ${a.exit}, expected ${c.exit}`);
  if (!failure.startsWith("orbitrig: ")) problems.push("no `orbitrig: …` line last on stderr");
  if (!c.message.test(failure)) problems.push(`the line does not match ${c.message}`);
  if (lines.some((l) => /^\s+at |internal error/.test(l))) problems.push("a stack trace");
  // Long enough for what it names (a path may be long), and no longer.
  const named = Math.max(0, ...c.args.map((x) => x.length));
  if (failure.length > 400 + named) problems.push(`a line of ${failure.length} characters`);
  return problems.length
    ? `${problems.join("; ")}: ${JSON.stringify(failure.slice(0, 200))}`
    : null;
}

/** Runs cases `parallel` at a time. */
export async function runCorpus(
  cases: BadInput[],
  parallel = 2,
): Promise<{ c: BadInput; a: Answer; problem: string | null }[]> {
  const out: { c: BadInput; a: Answer; problem: string | null }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++] as BadInput;
      const a = await runCase(c);
      out.push({ c, a, problem: judge(c, a) });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

export async function runBadInputCampaign(): Promise<CampaignResult> {
  const cases = corpus();
  const results = await runCorpus(cases);
  const c = new Checks();
  for (const r of results) c.that(r.problem === null, `${r.c.group}: ${r.c.name}: ${r.problem}`);
  const n = (g: BadInput["group"]) => cases.filter((x) => x.group === g).length;
  return {
    test: "bad input",
    size: `${n("rig")} rig files, ${n("recording")} recordings, ${n("port")} port paths`,
    dataLost: "n/a",
    lampOff: "n/a",
    notes: [
      `each answered by the built CLI with one \`orbitrig: …\` line and its exit code (the corpus: tests/reliability/bad-input-corpus.ts)`,
    ],
    failures: c.failures,
  };
}
