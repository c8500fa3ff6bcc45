/**
 * `orbitrig emulate --pty` as a user runs it: a child process prints a pty path; a serial
 * program (here PtyTransport) opens it, sees telemetry, sends a command and gets its ACK;
 * Ctrl-C (SIGINT) stops it cleanly. Waits are bounded by conditions that fail loudly.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isOrbitrigError } from "../../src/core/errors.js";
import { decodeBoardLine, encodeCommand } from "../../src/protocol/index.js";
import { createPtyPair, PtyTransport, parseSocatPtys } from "../../src/transport/pty.js";
import { needs } from "../support/requires.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function until(what: string, cond: () => boolean, maxWallMs: number): Promise<void> {
  const end = Date.now() + maxWallMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("pty transport", () => {
  it("parses socat's two pty paths", () => {
    const log =
      "2026/11/29 14:00:00 socat[12] N PTY is /dev/pts/4\n2026/11/29 14:00:00 socat[12] N PTY is /dev/pts/5\n";
    expect(parseSocatPtys(log)).toEqual(["/dev/pts/4", "/dev/pts/5"]);
    expect(parseSocatPtys("N PTY is /dev/pts/4\n")).toBeNull();
  });

  it("names the apt-get command when socat is missing", async () => {
    const err = await createPtyPair({ socat: "/nonexistent/socat" }).catch((e: unknown) => e);
    expect(isOrbitrigError(err) && err.code).toBe("TOOL_MISSING");
    expect((err as Error).message).toMatch(/apt-get install socat/);
  });
});

needs("socat").describe("orbitrig emulate --pty", () => {
  it("serves the emulated board on a pseudo-terminal until Ctrl-C", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "emulate", "--pty", "--speed", "2"],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, ORBITRIG_NO_FORCE_EXIT: "0" },
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    try {
      await until("the pty path on stdout", () => out.includes("\n"), 30_000);
      const path = out.split("\n")[0]!;
      expect(path).toMatch(/^\/dev\/pts\/\d+$/);
      const port = new PtyTransport(path);
      await port.open();
      let text = "";
      port.onData((c) => {
        text += Buffer.from(c).toString("latin1");
      });
      const lines = () => text.split("\n").map((l) => decodeBoardLine(l.replace(/\r$/, "")));
      await until("telemetry", () => lines().some((r) => r.ok && r.message.type === "T"), 20_000);
      await port.write(`${encodeCommand({ type: "RATE", id: 7, hz: 20 })}\n`);
      await until(
        "the ACK",
        () => lines().some((r) => r.ok && r.message.type === "ACK" && r.message.id === 7),
        20_000,
      );
      await port.close();
      child.kill("SIGINT");
      expect(await exited).toBe(0);
      expect(err).toMatch(/stopped \(signal\)/);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

describe("orbitrig emulate --pty with nobody reading the pty", () => {
  /** `orbitrig emulate --pty --speed max` and more, its output, and its exit. */
  function start(...more: string[]) {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "emulate", "--pty", "--speed", "max", ...more],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    const io = { out: "", err: "" };
    child.stdout.on("data", (d: Buffer) => {
      io.out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      io.err += d.toString();
    });
    let code: number | null | undefined;
    child.on("exit", (c) => {
      code = c;
    });
    return { child, io, code: () => code };
  }

  it("keeps running to --duration, dropping and counting what nobody reads", {
    timeout: 240_000,
  }, async () => {
    // 400 s of the board's 10 Hz telemetry is about 450 KB: far more than the pty holds.
    const emu = start("--duration", "400s");
    try {
      await until("the emulator to reach --duration", () => emu.code() !== undefined, 200_000);
      expect(emu.code()).toBe(0);
      expect(emu.io.err).toMatch(/nobody is reading \/dev\/pts\/\d+: board output is dropped/);
      const lost = /stopped \(duration\) after 400\.\d s emulated.*; (\d+) bytes lost/.exec(
        emu.io.err,
      );
      expect(lost, emu.io.err).not.toBeNull();
      expect(Number(lost![1])).toBeGreaterThan(100_000);
    } finally {
      emu.child.kill("SIGKILL");
    }
  });

  it("stops on SIGTERM once the pty is full", { timeout: 240_000 }, async () => {
    const emu = start();
    try {
      await until("the pty to fill", () => /board output is dropped/.test(emu.io.err), 200_000);
      emu.child.kill("SIGTERM");
      await until("the exit", () => emu.code() !== undefined, 20_000);
      expect(emu.code()).toBe(0);
      expect(emu.io.err).toMatch(/stopped \(signal\)/);
    } finally {
      emu.child.kill("SIGKILL");
    }
  });
});
