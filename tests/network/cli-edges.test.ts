/**
 * The classroom commands given odd input and stopped the ways people stop them (dist/, as
 * installed; needs `npm run build`): every mistake is one line with a usage exit code,
 * every join file names a broker a rig can reach, and Ctrl-C or SIGTERM ends `serve` with
 * one line and the signal's exit code. Waits end on output or exit, bounded.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { get } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { loadOrCreateCredentials } from "../../src/network/credentials.js";
import { waitUntil } from "./harness.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/orbitrig.js");
const dir = mkdtempSync(join(tmpdir(), "orbitrig-class-edges-"));
const env = { ...process.env, CI: "1", NO_COLOR: "1" };

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  if (!existsSync(join(ROOT, "dist/cli/main.js")))
    throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    env,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * `classroom serve` until its instructions are out; then `before` (given what it printed),
 * the signal, and how it ended.
 */
async function serveThenSignal(
  args: string[],
  signal: NodeJS.Signals,
  before: (stdout: string) => Promise<unknown> = async () => undefined,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = spawn(process.execPath, [BIN, "classroom", "serve", ...args], { cwd: dir, env });
  let stdout = "";
  let stderr = "";
  p.stdout.on("data", (d) => {
    stdout += String(d);
  });
  p.stderr.on("data", (d) => {
    stderr += String(d);
  });
  const exited = new Promise<number | null>((r) => p.once("exit", (code) => r(code)));
  try {
    await waitUntil("serve's instructions", 30_000, () => {
      if (p.exitCode !== null) throw new Error(`serve exited: ${stderr}`);
      return stdout.includes("Ctrl-C stops") ? true : null;
    });
    await before(stdout);
    p.kill(signal);
    return { code: await exited, stdout, stderr };
  } finally {
    if (p.exitCode === null) p.kill("SIGKILL");
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("classroom commands, odd input", () => {
  it("a --broker that is no URL is one line, not a stack trace", () => {
    loadOrCreateCredentials(join(dir, "classroom/edges.yaml"), "edges", ["desk-1"]);
    for (const bad of ["not a url", "mqtt://", "mqtt://[::1"]) {
      const r = run(["classroom", "--class", "edges", "--broker", bad]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(
        `orbitrig: --broker: expected mqtt://HOST[:PORT] or mqtts://HOST[:PORT], got "${bad}" (see \`orbitrig classroom view --help\`)`,
      );
    }
  });
});

/** IPv6 loopback is there on most machines, not in every container. */
const ipv6 = await new Promise<boolean>((r) => {
  const s = createServer();
  s.once("error", () => r(false));
  s.listen(0, "::1", () => s.close(() => r(true)));
});

describe("classroom serve, addresses and ends", () => {
  it.skipIf(!ipv6)("--listen ::1 writes join files whose broker URL a rig can use", async () => {
    const r = await serveThenSignal(
      ["--class", "six", "--rigs", "1", "--listen", "::1", "--port", "0"],
      "SIGTERM",
    );
    const url = (
      parseYaml(readFileSync(join(dir, "classroom/six-join/desk-1.yaml"), "utf8")) as {
        network: { mqtt: { url: string } };
      }
    ).network.mqtt.url;
    expect(url).toMatch(/^mqtt:\/\/\[::1\]:\d+$/);
    expect(new URL(url).hostname).toBe("[::1]");
    expect(r.stdout).toContain(`--broker ${url}`);
  });
});

describe("classroom serve, stopped", () => {
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    it(`${signal} with a page open: one line, exit ${code}`, async () => {
      const r = await serveThenSignal(
        ["--class", "stop", "--rigs", "1", "--port", "0", "--web", "--web-port", "0"],
        signal,
        async (stdout) => {
          // A page following the class: its stream must not hold the exit up.
          const page = /students' page: (\S+)/.exec(stdout)?.[1];
          if (!page) throw new Error(`no page in: ${stdout}`);
          await new Promise<void>((ok, fail) => {
            const req = get(`${page}events`, (res) => {
              res.once("data", () => ok());
              res.on("error", () => undefined);
            });
            req.on("error", fail);
          });
        },
      );
      expect(r.code).toBe(code);
      expect(r.stderr).toBe("");
      expect(r.stdout.trim().split("\n").at(-1)).toBe(
        `stopped by ${signal}: broker and page closed`,
      );
    });
  }
});
