/**
 * `orbitrig lesson` as a user runs it (the built CLI; `npm test` builds first): list, show,
 * run --sim with its report, a malformed file (file:line field, exit 2) and a desk lesson
 * refusing --sim with one line.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");
const CLI = join(ROOT, "bin/orbitrig.js");

async function orbitrig(args: string[]) {
  try {
    const r = await run(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: ROOT });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

const LESSON = (rig: string, extra = "") => `title: t
question: q
claim: { text: c }
level: beginner
durationMin: 5
rig: ${rig}
notes: n
steps:
  - run: { orbits: 1 }
  - measure: { as: a, quantities: [eclipseMin]${extra} }
  - expect: { quantity: a.eclipseMin, predicted: true, within: 1 }
`;

beforeAll(() => {
  if (!existsSync(join(ROOT, "dist/cli/main.js")))
    throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
});

describe("orbitrig lesson", () => {
  it("lists the shipped lessons and shows one", async () => {
    const list = await orbitrig(["lesson", "list"]);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split("\n")).toHaveLength(7);
    expect(list.stdout).toMatch(/^sunlight-24h\s+emulated\s+30 min\s+24-hour sunlight\?$/m);
    const show = await orbitrig(["lesson", "show", "space-cooling"]);
    expect(show.stdout).toContain("Notes for the teacher:");
    expect(show.stdout).toMatch(/spacexRadiatorWPerM2: 1400 W\/m2 \(\[R\] SpaceX/);
    expect(show.stdout).toMatch(
      /Predicted outcomes \(the model, sim-dawn-dusk, before anything runs\):\n {2}normal\.maxTempC: [\d.]+ C about [\d.]+ \(the model's prediction\)/,
    );
  });

  it("runs a lesson in the model and writes its report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lesson-cli-"));
    const r = await orbitrig(["lesson", "run", "battery-size", "--sim", "--report", dir]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[PASS\] worst\.batteryWhNeeded [\d,]+ Wh about [\d,]+/);
    const html = readFileSync(join(dir, "lesson.html"), "utf8");
    expect(html).toContain("Measured against predicted");
    expect(existsSync(join(dir, "soc.svg"))).toBe(true);
  });

  it("a malformed lesson file: file:line field, exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lesson-cli-"));
    const file = join(dir, "bad.yaml");
    writeFileSync(file, LESSON("sim", ", colour: red"));
    const r = await orbitrig(["lesson", "run", file, "--sim"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`orbitrig: ${file}:10 steps.1.measure.colour: unknown field\n`);
  });

  it("a lesson that needs a desk rig refuses --sim with one line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lesson-cli-"));
    const file = join(dir, "desk.yaml");
    writeFileSync(file, LESSON("desk"));
    const r = await orbitrig(["lesson", "run", file, "--sim"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^orbitrig: lesson desk needs a desk rig .* cannot run with --sim/);
  });

  it("a --report that cannot be a folder is refused before the lesson runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lesson-cli-"));
    const file = join(dir, "notes.txt");
    writeFileSync(file, "kept");
    for (const report of [file, join(file, "out")]) {
      const r = await orbitrig(["lesson", "run", "battery-size", "--sim", "--report", report]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(
        `orbitrig: --report ${report}: ${file} is a file, not a folder; a report is a folder of files (see \`orbitrig lesson run --help\`)\n`,
      );
    }
    expect(readFileSync(file, "utf8")).toBe("kept");
  });

  it("a lesson that needs a desk rig refuses the emulated rig with one line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lesson-cli-"));
    const file = join(dir, "desk.yaml");
    writeFileSync(file, LESSON("desk"));
    const r = await orbitrig(["lesson", "run", file, "--rig", "emulated", "--headless"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^orbitrig: lesson desk needs a desk rig \(a real lamp and cell\); .*emulated\.yaml is the emulator: give --rig FILE of a desk rig \(see `orbitrig lesson run --help`\)\n$/,
    );
  });
});
