import { execFile } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { needs } from "../support/requires.js";
import { writeSyntheticRecording } from "../telemetry/synthetic.js";

const run = promisify(execFile);
// The built CLI, as a user runs it (`npm test` builds first, as for tests/e2e).
const CLI = join(import.meta.dirname, "../../bin/orbitrig.js");

async function orbitrig(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [CLI, ...args], { encoding: "utf8" });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

function recording(): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "orbitrig-cli-"));
  const path = join(dir, "rec.ndjson");
  writeSyntheticRecording(path, 1300);
  return { dir, path };
}

describe("orbitrig export and report on the command line", () => {
  it("exports a window to CSV and prints a JSON summary", async () => {
    const { dir, path } = recording();
    const out = join(dir, "x", "w.csv");
    const r = await orbitrig("export", path, "--csv", out, "--from", "10s", "--to", "1m", "--json");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("500 rows"); // frames 100..599: frame 600 is at 60000.625 ms
    const json = JSON.parse(r.stdout) as { frames: number; totals: { orbits: number } };
    expect(json.frames).toBe(500);
    expect(json.totals.orbits).toBe(1);
    expect(readFileSync(out, "utf8").split("\r\n")[0]).toMatch(/^time_iso,time_s,seq,/);
  });

  it("explains each mistake on one line with exit code 2", async () => {
    const { dir, path } = recording();
    const cases: Array<[string[], RegExp]> = [
      [["export", "nope.ndjson", "--json"], /nope.ndjson: cannot read recording \(no such file\)/],
      [
        ["export", path, "--csv", "o.csv", "--from", "5q"],
        /--from: expected seconds or a duration/,
      ],
      [["export", path], /say what to write: --csv OUT, --parquet OUT and\/or --json/],
      [
        ["export", path, "--csv", join(dir, "o.csv"), "--columns", "bench_bus_V,bogus"],
        /unknown column "bogus"/,
      ],
      [
        ["report", path, path, path, "--out", join(dir, "three")],
        /report: one recording, or two side by side \(got 3\)/,
      ],
      // A window past the end: said, exit 2, and no folder of empty files.
      [
        ["report", path, "--out", join(dir, "late"), "--from", "2h"],
        /rec\.ndjson: no frames from 2h00m00s to report \(its last frame is at 2m1\ds\)/,
      ],
    ];
    const results = await Promise.all(cases.map(([args]) => orbitrig(...args)));
    results.forEach((r, i) => {
      expect(r.code, cases[i]![0].join(" ")).toBe(2);
      expect(r.stderr).toMatch(cases[i]![1]);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    });
    expect(existsSync(join(dir, "late"))).toBe(false);
  });

  it("a disk that fills mid-report: one line, exit 74, and no file of it left", async () => {
    const { dir, path } = recording();
    // ulimit -f: a file past 64 KiB fails to write (EFBIG), as on a full disk.
    const reportWithLimit = (out: string) =>
      run(
        "bash",
        ["-c", 'ulimit -f 64; exec "$0" "$@"', process.execPath, CLI, "report", path, "--out", out],
        { encoding: "utf8" },
      ).then(
        () => ({ code: 0, stderr: "" }),
        (e: { code: number; stderr: string }) => e,
      );
    // A new folder: removed again.
    const fresh = join(dir, "full");
    const r = await reportWithLimit(fresh);
    expect(r.code).toBe(74);
    expect(r.stderr).toMatch(
      /full\/\w+\.\w+: cannot write \(EFBIG[^\n]*\); no report was written\n$/,
    );
    expect(existsSync(fresh)).toBe(false);
    // A folder holding an earlier report: that report is left whole, not mixed with the
    // first files of the new one (before, the files written until the disk filled replaced
    // the earlier report's).
    const out = join(dir, "earlier");
    expect((await orbitrig("report", path, "--out", out)).code).toBe(0);
    const before = new Map(readdirSync(out).map((f) => [f, readFileSync(join(out, f))]));
    const text = readFileSync(path, "utf8");
    const renamed = text.replace('"name":"', '"name":"renamed ');
    expect(renamed).not.toBe(text); // the new report's title differs from the earlier one's
    writeFileSync(path, renamed);
    const again = await reportWithLimit(out);
    expect(again.code).toBe(74);
    expect(again.stderr).toMatch(/: cannot write \(EFBIG[^\n]*\); the folder keeps what it had\n$/);
    expect(readdirSync(out).sort()).toEqual([...before.keys()].sort());
    for (const [f, bytes] of before) expect(readFileSync(join(out, f)).equals(bytes), f).toBe(true);
  });

  it("a folder where a report file goes: one line, exit 74, the folder kept", async () => {
    const { dir, path } = recording();
    const out = join(dir, "rep");
    mkdirSync(join(out, "power.svg"), { recursive: true });
    const r = await orbitrig("report", path, "--out", out);
    expect(r.code).toBe(74);
    expect(r.stderr).toMatch(/rep\/power\.svg: cannot write \(EISDIR[^\n]*\n$/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(statSync(join(out, "power.svg")).isDirectory()).toBe(true);
  });

  it("report A B says which lines of each it skipped", async () => {
    const a = recording();
    const b = recording();
    const lines = readFileSync(b.path, "utf8").split("\n");
    lines[6] = "garbage";
    // No footer, and the last row cut in half (a crash mid-write).
    const body = lines.slice(0, -2);
    body.push(body.pop()!.slice(0, 40));
    writeFileSync(b.path, body.join("\n"));
    const r = await orbitrig("report", a.path, b.path, "--out", join(a.dir, "cmp"));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `${b.path}: 1 corrupt line skipped (line 7); cut-off last line skipped; no footer (the recording was not closed: crash or still running)\n`,
    );
  });

  needs("DejaVu Sans").it("writes a report folder", async () => {
    const { dir, path } = recording();
    const r = await orbitrig("report", path, "--out", join(dir, "rep"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/14 files .* 1300 frames, 3 orbits/);
    expect(r.stderr).toBe("");
  });

  it("replay --headless re-runs a sample with another policy and prints both side by side", async () => {
    const sample = join(
      import.meta.dirname,
      "../fixtures/recordings/classroom-soc-hysteresis.ndjson",
    );
    const same = await orbitrig("replay", sample, "--headless");
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/re-run identical to the recording in all \d+ frames/);
    const other = await orbitrig("replay", sample, "--headless", "--policy", "always-on");
    expect(other.stdout).toMatch(/recorded \(soc-hysteresis\)\s+re-run \(policy always-on\)/);
    expect(other.stdout).toMatch(/frames differ from the recording/);
    const bad = await orbitrig("replay", sample, "--headless", "--policy", "lazy");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /--policy: expected one of always-on, sunlit-only, soc-hysteresis, predictive/,
    );
  });
});
