/**
 * Closing the terminal of an interactive replay ends the process. The real CLI runs on a
 * pseudo-terminal made by util-linux `script`; killing `script` closes the pty's master
 * end, as closing a terminal window does: the CLI gets SIGHUP and every write fails with
 * EIO. It used to spin on those EIO errors at full CPU and ignore SIGTERM.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, it } from "vitest";
import { waitFor } from "../e2e/wait.js";
import { needs } from "../support/requires.js";

// Every group in this file needs script: skipped (and named at the end of the run) without it.
const { describe } = needs("script");

const CLI = join(process.cwd(), "bin/orbitrig.js");
const SAMPLE = "tests/fixtures/recordings/emulated-sunlit-only.ndjson";

/** True while the process exists and is not a zombie (an unreaped zombie is gone enough). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

let terminal: ChildProcess | null = null;
let cliPid: number | null = null;

afterEach(() => {
  terminal?.kill("SIGKILL");
  if (cliPid !== null && alive(cliPid)) process.kill(cliPid, "SIGKILL");
  terminal = null;
  cliPid = null;
});

describe("closing the terminal", () => {
  it("ends an interactive replay that reached the end of its recording", async () => {
    // `exec` keeps the shell's pid for the CLI, so the pid printed is the CLI's.
    const command = `stty cols 100 rows 30; echo "cli-pid:$$"; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} replay ${SAMPLE} --speed max`;
    terminal = spawn("script", ["-q", "-e", "-c", command, "/dev/null"], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, CI: "false", NO_COLOR: "1" },
    });
    let screen = "";
    terminal.stdout?.on("data", (d: Buffer) => {
      screen += d.toString();
    });
    await waitFor(() => /cli-pid:\d+/.test(screen), { timeoutMs: 10_000, what: "the CLI's pid" });
    cliPid = Number(/cli-pid:(\d+)/.exec(screen)![1]);
    // The dashboard stays up after the last frame (q quits): that is where it used to spin.
    await waitFor(() => screen.includes("replay-end"), {
      timeoutMs: 20_000,
      what: `the end of the replay on the dashboard; screen so far: ${screen.slice(-500)}`,
    });
    // Let the dashboard settle on its last frame, as a person closing the window would.
    await new Promise((r) => setTimeout(r, 1500));
    const pid = cliPid;
    terminal.kill("SIGKILL");
    await waitFor(() => !alive(pid), {
      timeoutMs: 5_000,
      what: "the CLI to exit after its terminal closed",
    });
  }, 40_000);
});
