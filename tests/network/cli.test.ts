/**
 * The commands end to end (dist/, as installed): `classroom serve` prints how to join and
 * writes the join files; `demo --publish JOIN_FILE` publishes and the teacher sees it; a
 * wrong password is one line and the session still runs to its end; `classroom
 * mosquitto-config` writes the files for the same class (tests/network/brokers.test.ts
 * runs Mosquitto on what the same code writes). Needs `npm run build`.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCredentials } from "../../src/network/credentials.js";
import { ClassroomSubscriber } from "../../src/network/subscriber.js";
import { needs } from "../support/requires.js";
import { freePort, waitUntil } from "./harness.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/orbitrig.js");
const dir = mkdtempSync(join(tmpdir(), "orbitrig-class-cli-"));
const env = { ...process.env, CI: "1", NO_COLOR: "1" };

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("orbitrig classroom, end to end", () => {
  let serve: ChildProcess;
  let out = "";
  let port = 0;

  beforeAll(async () => {
    if (!existsSync(join(ROOT, "dist/cli/main.js")))
      throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    port = await freePort();
    serve = spawn(
      process.execPath,
      [BIN, "classroom", "serve", "--class", "physics", "--rigs", "2", "--port", String(port)],
      {
        cwd: dir,
        env,
      },
    );
    serve.stdout?.on("data", (d) => {
      out += String(d);
    });
    await waitUntil("serve's instructions", 60_000, () =>
      out.includes("Ctrl-C stops") ? true : null,
    );
  });
  afterAll(async () => {
    if (serve && serve.exitCode === null) {
      const gone = new Promise((r) => serve.once("exit", r));
      serve.kill("SIGINT");
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("serve says how each group joins, on loopback, and a rig that joins is seen", async () => {
    expect(out).toContain(`class physics: broker on mqtt://127.0.0.1:${port} (this machine only`);
    expect(out).toContain("desk-1: orbitrig demo --publish classroom/physics-join/desk-1.yaml");
    const c = readCredentials(join(dir, "classroom/physics.yaml"));
    const teacher = await ClassroomSubscriber.open({
      url: `mqtt://127.0.0.1:${port}`,
      cls: "physics",
      account: c.teacher,
    });
    try {
      const demo = spawn(
        process.execPath,
        [
          BIN,
          "demo",
          "--rig",
          "classroom",
          "--headless",
          "--no-record",
          "--duration",
          "8",
          "--publish",
          "classroom/physics-join/desk-1.yaml",
          "--json",
        ],
        { cwd: dir, env },
      );
      let stdout = "";
      let stderr = "";
      demo.stdout?.on("data", (d) => {
        stdout += String(d);
      });
      demo.stderr?.on("data", (d) => {
        stderr += String(d);
      });
      await waitUntil(
        "desk-1's state with a node",
        90_000,
        () => teacher.getSnapshot().rigs.find((r) => r.id === "desk-1" && r.state?.node) ?? null,
      );
      const code = await new Promise((r) => demo.once("exit", r));
      expect(code).toBe(0);
      expect(stderr).toContain(`publishing as desk-1 in class physics to mqtt://127.0.0.1:${port}`);
      const summary = JSON.parse(stdout) as {
        network: { published: number; dropped: number; state: string };
      };
      expect(summary.network.published).toBeGreaterThan(3);
      await waitUntil(
        "desk-1 ended",
        30_000,
        () =>
          teacher
            .getSnapshot()
            .rigs.find((r) => r.id === "desk-1" && r.status?.reason === "ended") ?? null,
      );
    } finally {
      await teacher.close();
    }
  });

  it("a lesson on a rig publishes to the class like any session; in the model it refuses --publish", async () => {
    // The classroom rig flies an orbit in about 90 bench s; at --speed max a short run ends soon.
    writeFileSync(
      join(dir, "short.yaml"),
      `title: short\nquestion: q\nclaim: { text: c }\nlevel: beginner\ndurationMin: 1\nrig: emulated\nnotes: n\nsteps:\n  - run: { orbits: 0.05 }\n  - measure: { as: a, quantities: [dutyPct] }\n`,
    );
    const c = readCredentials(join(dir, "classroom/physics.yaml"));
    const teacher = await ClassroomSubscriber.open({
      url: `mqtt://127.0.0.1:${port}`,
      cls: "physics",
      account: c.teacher,
    });
    try {
      const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const p = spawn(
          process.execPath,
          [
            BIN,
            "lesson",
            "run",
            "short.yaml",
            "--rig",
            "classroom",
            "--headless",
            "--speed",
            "max",
            "--publish",
            "classroom/physics-join/desk-2.yaml",
          ],
          { cwd: dir, env },
        );
        let stderr = "";
        p.stderr?.on("data", (d) => {
          stderr += String(d);
        });
        p.once("exit", (code) => resolve({ code, stderr }));
      });
      expect(r.stderr).toContain(
        `publishing as desk-2 in class physics to mqtt://127.0.0.1:${port}`,
      );
      expect(r.code).toBe(0);
      await waitUntil(
        "desk-2 ended after its lesson",
        30_000,
        () =>
          teacher
            .getSnapshot()
            .rigs.find((x) => x.id === "desk-2" && x.hello && x.status?.reason === "ended") ?? null,
      );
    } finally {
      await teacher.close();
    }
    const sim = run(["lesson", "run", "short.yaml", "--sim", "--publish", "mqtt://127.0.0.1:1"]);
    expect(sim.code).toBe(2);
    expect(sim.stderr.trim()).toBe(
      "orbitrig: --publish: a lesson in the model (--sim) has no session to publish; run it on a rig (--rig FILE) (see `orbitrig lesson run --help`)",
    );
  });

  it("a wrong password is one line, and the session runs to its end", () => {
    const join1 = readFileSync(join(dir, "classroom/physics-join/desk-2.yaml"), "utf8");
    writeFileSync(
      join(dir, "wrong.yaml"),
      join1.replace(/password: .*/, "password: wrong-password"),
    );
    const r = run([
      "demo",
      "--rig",
      "classroom",
      "--headless",
      "--no-record",
      "--duration",
      "2",
      "--publish",
      "wrong.yaml",
    ]);
    expect(r.code).toBe(0);
    const lines = r.stderr.split("\n").filter((l) => l.includes("refused"));
    expect(lines).toEqual([
      `orbitrig: the broker at mqtt://127.0.0.1:${port} refused user desk-2: wrong user name or password; not publishing (the session carries on locally)`,
    ]);
    expect(r.stdout).toMatch(/published\s+0 messages as desk-2/);
  });

  it("a bad --publish stops before the session, with one line", () => {
    const r = run([
      "demo",
      "--headless",
      "--no-record",
      "--duration",
      "1",
      "--publish",
      "http://x",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'orbitrig: --publish: expected mqtt://HOST[:PORT] or a join file, got "http://x" (see `orbitrig demo --help`)',
    );
  });

  needs("mosquitto").it(
    "mosquitto-config writes the config, hashed passwords and the ACL of the same class",
    () => {
      const r = run(["classroom", "mosquitto-config", "--class", "physics", "--port", "18999"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("run it:   mosquitto -c");
      const conf = readFileSync(join(dir, "classroom/mosquitto/mosquitto.conf"), "utf8");
      expect(conf).toContain("allow_anonymous false");
      expect(conf).toContain("listener 18999 127.0.0.1");
      const passwd = readFileSync(join(dir, "classroom/mosquitto/passwd"), "utf8");
      const c = readCredentials(join(dir, "classroom/physics.yaml"));
      // Hashed, never the passwords themselves; the same class as serve's.
      expect(passwd).toMatch(/^teacher:\$\d+\$/m);
      expect(passwd).not.toContain(c.teacher.password);
      expect(c.rigs.map((x) => x.id)).toEqual(["desk-1", "desk-2"]);
    },
  );
});
