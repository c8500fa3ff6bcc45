/**
 * A pair of linked pseudo-terminals made by socat (`socat -d -d pty,raw,echo=0
 * pty,raw,echo=0`), for tests and benchmarks that go through the real serialport stack.
 * Each end gets a stable symlink (socat's `link=` option), so stopping socat (the cable
 * pulled: both ends hang up) and starting it again (plugged back) gives the same paths.
 * A pty has no baud-rate limit and the writer blocks when the reader falls behind, so
 * throughput through it measures software, not a serial link.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExitCode, OrbitrigError } from "../core/errors.js";

export class SocatPair {
  /** Stable paths of the two ends (symlinks to /dev/pts/N). */
  readonly pathA: string;
  readonly pathB: string;
  /** The /dev/pts devices of the current run. */
  ptys: string[] = [];
  private proc: ChildProcess | null = null;
  private readonly dir: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "orbitrig-pty-"));
    this.pathA = join(this.dir, "a");
    this.pathB = join(this.dir, "b");
  }

  get running(): boolean {
    return this.proc !== null;
  }

  /** Starts socat and resolves when both ptys exist (it prints "PTY is /dev/pts/N" for each). */
  start(timeoutMs = 5000): Promise<void> {
    if (this.proc) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const proc = spawn(
        "socat",
        ["-d", "-d", `pty,raw,echo=0,link=${this.pathA}`, `pty,raw,echo=0,link=${this.pathB}`],
        {
          stdio: ["ignore", "ignore", "pipe"],
        },
      );
      this.proc = proc;
      let stderr = "";
      const ptys: string[] = [];
      const timer = setTimeout(
        () =>
          fail(new Error(`socat did not report its ptys within ${timeoutMs} ms: ${stderr.trim()}`)),
        timeoutMs,
      );
      const fail = (e: Error) => {
        clearTimeout(timer);
        proc.kill();
        this.proc = null;
        reject(e);
      };
      proc.on("error", (e: NodeJS.ErrnoException) => {
        fail(
          e.code === "ENOENT"
            ? new OrbitrigError(
                "TOOL_MISSING",
                "socat is not installed (apt-get install socat)",
                ExitCode.missingTool,
              )
            : e,
        );
      });
      proc.on("exit", () => {
        if (this.proc === proc) this.proc = null;
      });
      proc.stderr?.setEncoding("utf8");
      proc.stderr?.on("data", (s: string) => {
        stderr += s;
        for (const m of s.matchAll(/PTY is (\S+)/g)) ptys.push(m[1]!);
        // "starting data transfer loop" follows the second PTY line: both links exist then.
        if (ptys.length === 2 && /starting data transfer loop/.test(stderr)) {
          clearTimeout(timer);
          this.ptys = ptys;
          resolve();
        }
      });
    });
  }

  /** Stops socat: both ends hang up, as if the cable were pulled. */
  stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return Promise.resolve();
    return new Promise((resolve) => {
      proc.once("exit", () => resolve());
      proc.kill("SIGTERM");
    });
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
