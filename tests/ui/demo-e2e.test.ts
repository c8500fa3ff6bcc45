/**
 * End to end: the real CLI (`orbitrig demo`, the emulated rig) in a pseudo-terminal made
 * by tmux. The dashboard must show, `q` must turn the lamp off (the SAFE command is in the
 * recording) and the process must exit 0. Needs `npm run build` (npm test does it) and
 * tmux (installed here and in CI). Every wait polls a condition with a bound.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { needs } from "../support/requires.js";

// Every group in this file needs tmux: skipped (and named at the end of the run) without it.
const { describe } = needs("tmux");

const ROOT = resolve(import.meta.dirname, "../..");
const socket = `orbitrig-ui-e2e-${process.pid}`;
const tmux = (...args: string[]) =>
  execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
const dir = mkdtempSync(join(tmpdir(), "orbitrig-ui-e2e-"));

async function waitFor<T>(what: string, boundMs: number, probe: () => T | null): Promise<T> {
  const t0 = Date.now();
  let last: unknown = null;
  for (;;) {
    try {
      const v = probe();
      if (v !== null) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() - t0 > boundMs)
      throw new Error(
        `timed out after ${boundMs} ms waiting for ${what}${last ? ` (${String(last)})` : ""}`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("orbitrig demo in a terminal", () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, "dist/cli/main.js")))
      throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    execFileSync("tmux", ["-V"]);
    // A session that outlives the demo keeps the private server up until afterAll.
    tmux("new-session", "-d", "-s", "keep", "sleep 600");
  });
  afterAll(() => {
    try {
      tmux("kill-server");
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows the dashboard, and q turns the lamp off and exits 0", async () => {
    const rec = join(dir, "rec.ndjson");
    const exitFile = join(dir, "exit");
    // A clean environment: in CI (CI, CI_*), ink draws only the last frame and the CLI
    // chooses the status line, as a person's terminal would not.
    const env = `env -i PATH=${JSON.stringify(process.env.PATH ?? "/usr/bin:/bin")} HOME=${JSON.stringify(process.env.HOME ?? "/tmp")} TERM=xterm-256color`;
    const cmd = `cd ${ROOT} && ${env} ${process.execPath} bin/orbitrig.js demo --record ${rec}; echo $? > ${exitFile}; sleep 60`;
    tmux("new-session", "-d", "-s", "demo", "-x", "100", "-y", "30", cmd);

    const screen = await waitFor("the dashboard with a live link", 60_000, () => {
      const s = tmux("capture-pane", "-p", "-t", "demo");
      return s.includes("LINK ● UP") && /power\s+\d+\.\d mW/.test(s) ? s : null;
    });
    for (const want of [
      "ORBITRIG",
      "EMULATED",
      "● REC ",
      " rec.ndjson",
      "─ ORBIT 1",
      "─ BENCH",
      "─ NODE",
      "─ DUTY",
      "─ TRENDS",
      "─ ALARMS",
      "q quit",
    ]) {
      expect(screen, screen).toContain(want);
    }
    expect(screen).toMatch(/[█▒░]{50,}/);
    const lines = screen.split("\n");
    expect(lines.every((l) => [...l].length <= 100)).toBe(true);
    // A real terminal gets colour (no NO_COLOR here).
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for SGR colour codes
    expect(tmux("capture-pane", "-p", "-e", "-t", "demo")).toMatch(/\u001B\[[0-9;]*3[1-6]m/);

    tmux("send-keys", "-t", "demo", "q");
    const code = await waitFor("the demo to exit", 60_000, () =>
      existsSync(exitFile) ? readFileSync(exitFile, "utf8").trim() : null,
    );
    expect(code).toBe("0");

    const records = readFileSync(rec, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const commands = records
      .filter((r) => r.type === "event" && r.kind === "command")
      .map((r) => r.data as Record<string, unknown>);
    // The lamp was on (the sun), then the quit key switched everything off.
    expect(commands.some((c) => c.command === "LAMP" && Number(c.level) > 0)).toBe(true);
    expect(commands.at(-1)).toMatchObject({ command: "SAFE", lamp: 0, load: 0, reason: "quit" });
    expect(records.at(-1)).toMatchObject({ type: "footer", endReason: "quit" });
    const after = tmux("capture-pane", "-p", "-t", "demo");
    expect(after).toContain("session ended: quit");
  });

  it("Ctrl-C in the dashboard is a safe quit too (raw mode: no SIGINT)", async () => {
    const rec = join(dir, "ctrl-c.ndjson");
    const exitFile = join(dir, "ctrl-c.exit");
    const env = `env -i PATH=${JSON.stringify(process.env.PATH ?? "/usr/bin:/bin")} HOME=${JSON.stringify(process.env.HOME ?? "/tmp")} TERM=xterm-256color`;
    tmux(
      "new-session",
      "-d",
      "-s",
      "ctrlc",
      "-x",
      "80",
      "-y",
      "24",
      `cd ${ROOT} && ${env} ${process.execPath} bin/orbitrig.js demo --record ${rec}; echo $? > ${exitFile}; sleep 60`,
    );
    await waitFor("the dashboard", 60_000, () =>
      tmux("capture-pane", "-p", "-t", "ctrlc").includes("LINK ● UP") ? true : null,
    );
    tmux("send-keys", "-t", "ctrlc", "C-c");
    const code = await waitFor("the demo to exit", 60_000, () =>
      existsSync(exitFile) ? readFileSync(exitFile, "utf8").trim() : null,
    );
    expect(code).toBe("0");
    const last = readFileSync(rec, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const safe = last.filter(
      (r) => r.kind === "command" && (r.data as Record<string, unknown>).command === "SAFE",
    );
    expect(safe).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ lamp: 0, load: 0 }) }),
    ]);
  });
});
