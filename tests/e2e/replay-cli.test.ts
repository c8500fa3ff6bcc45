/**
 * `orbitrig replay FILE` (no --headless) plays the recording through the same Session as a
 * live run. In a pipe it runs to the end and prints the session summary; with nothing
 * changed, the session's figures equal the recording's own footer.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const CLI = "bin/orbitrig.js";
const SAMPLE = "tests/fixtures/recordings/classroom-soc-hysteresis.ndjson";

function footerOf(path: string): { frames: number; session: Record<string, number> } {
  const lines = readFileSync(path, "utf8").trimEnd().split("\n");
  return JSON.parse(lines.at(-1)!);
}

describe("orbitrig replay through the session", () => {
  it("reproduces the recorded session's figures when nothing is changed", () => {
    const r = spawnSync(process.execPath, [CLI, "replay", SAMPLE, "--speed", "max", "--json"], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, number | string>;
    const footer = footerOf(SAMPLE);
    expect(summary.reason).toBe("end-of-recording");
    expect(summary.frames).toBe(footer.frames);
    // --json shows every share in percent (docs/cli.md, "JSON output"); the footer keeps fractions.
    for (const [json, k, scale] of [
      ["dutySessionPct", "dutySession", 100],
      ["workDutySessionPct", "workDutySession", 100],
      ["workAccelS", "workAccelS", 1],
      ["socPct", "socFraction", 100],
      ["nodeTempC", "nodeTempC", 1],
    ] as const) {
      expect(summary[json] as number).toBeCloseTo(footer.session[k]! * scale, 4);
    }
  });

  it("re-runs with another policy and says so", () => {
    const r = spawnSync(
      process.execPath,
      [CLI, "replay", SAMPLE, "--speed", "max", "--policy", "always-on", "--json"],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, number | string>;
    expect(summary.policy).toBe("always-on");
    expect(summary.dutySessionPct as number).toBeGreaterThan(
      footerOf(SAMPLE).session.dutySession! * 100 + 10,
    );
  });
});
