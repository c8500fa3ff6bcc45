/**
 * The teacher's view (`orbitrig classroom view`) ends on SIGINT and SIGTERM with their exit
 * codes, as every other long-running command does: a script or a service manager must be
 * able to tell a stop by signal from a quit. The view needs a terminal: the real CLI runs
 * on a pseudo-terminal made by util-linux `script`, against the embedded broker here.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { startBroker } from "../../src/network/broker.js";
import { newCredentials, writeCredentials } from "../../src/network/credentials.js";
import { waitFor } from "../e2e/wait.js";
import { needs } from "../support/requires.js";

const { describe } = needs("script");

const CLI = join(process.cwd(), "bin/orbitrig.js");

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe("the teacher's view stopped by a signal", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)(
    "%s: exit %d",
    async (signal, code) => {
      const c = newCredentials("physics", ["desk-1", "desk-2"]);
      const broker = await startBroker({ credentials: c, port: 0 });
      cleanups.push(() => broker.close());
      const credentials = join(mkdtempSync(join(tmpdir(), "orbitrig-view-")), "physics.yaml");
      writeCredentials(credentials, c);
      // `exec` keeps the shell's pid for the CLI; `script -e` exits with the CLI's status.
      const command = `stty cols 100 rows 30; echo "cli-pid:$$"; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} classroom view --class physics --broker ${broker.url} --credentials ${JSON.stringify(credentials)}`;
      const terminal = spawn("script", ["-q", "-e", "-c", command, "/dev/null"], {
        stdio: ["pipe", "pipe", "pipe"],
        env: { ...process.env, CI: "false", NO_COLOR: "1" },
      });
      cleanups.push(() => void terminal.kill("SIGKILL"));
      let screen = "";
      terminal.stdout?.on("data", (d: Buffer) => {
        screen += d.toString();
      });
      const exited = new Promise<number | null>((r) => terminal.once("exit", (x) => r(x)));
      await waitFor(() => /cli-pid:\d+/.test(screen), { timeoutMs: 10_000, what: "the CLI's pid" });
      const pid = Number(/cli-pid:(\d+)/.exec(screen)![1]);
      // The view is drawn: it has subscribed and its handlers are in place.
      await waitFor(() => screen.includes("no rig yet"), {
        timeoutMs: 20_000,
        what: `the teacher's view; screen so far: ${screen.slice(-400)}`,
      });
      process.kill(pid, signal);
      expect(await exited).toBe(code);
    },
    40_000,
  );
});
