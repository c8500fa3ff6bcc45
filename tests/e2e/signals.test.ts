/**
 * Every way the host can die turns the lamp off. The real CLI (`orbitrig run`) runs as a
 * child process on one end of a pty pair; the uno-ina219 firmware runs in the emulator in
 * this process on the other end, so the lamp pin (D9) is observed directly.
 * - SIGINT and SIGTERM: the CLI sends SAFE, closes the recording with its footer, exits 130/143.
 * - SIGKILL: nothing runs on the host; the firmware's watchdog turns lamp and load off when
 *   the heartbeats stop (3 s), and the recording is readable up to its last complete line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { RecordingReader } from "../../src/telemetry/index.js";
import { SocatPair } from "../../src/transport/index.js";
import { needs } from "../support/requires.js";
import { type PtyRig, rigWith, startPtyRig } from "./pty-rig.js";
import { waitFor } from "./wait.js";

// Every group in this file needs socat: skipped (and named at the end of the run) without it.
const { describe } = needs("socat");

const CLI = join(process.cwd(), "bin/orbitrig.js");

interface Running {
  child: ChildProcess;
  exit: Promise<number | null>;
  output: () => string;
  recording: string;
  rig: PtyRig;
}

let current: Running | null = null;

afterEach(async () => {
  if (current) {
    current.child.kill("SIGKILL");
    await current.rig.dispose();
    current = null;
  }
});

async function startHost(): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), "orbitrig-signals-"));
  const rig = rigWith("rigs/emulated.yaml", (t) => t);
  // Real time on both sides: the CLI uses the wall clock, so the emulator runs at x1.
  const ptyRig = await startPtyRig(rig, "firmware-profiles/uno-ina219/uno-ina219.hex", 115200, 1);
  const rigPath = join(dir, "desk.yaml");
  writeFileSync(
    rigPath,
    readFileSync("rigs/emulated.yaml", "utf8").replace(
      "kind: emulated",
      `kind: serial\n  port: ${ptyRig.hostPath}`,
    ),
  );
  const recording = join(dir, "run.ndjson");
  const child = spawn(
    process.execPath,
    [CLI, "run", "--rig", rigPath, "--headless", "--record", recording],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exit = new Promise<number | null>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  const lampDuty = () => ptyRig.emulator.pinDuty(9);
  // The session is up when the lamp has come on (orbit noon at the start: sunlit).
  await waitFor(() => lampDuty() > 0.99, {
    timeoutMs: 30_000,
    what: `the lamp to come on; CLI said: ${out}`,
  });
  // Let it record for two seconds (the recorder flushes at least every 500 ms).
  const t = ptyRig.emulator.nowMs();
  await waitFor(() => ptyRig.emulator.nowMs() >= t + 2000, {
    timeoutMs: 30_000,
    what: "two seconds of recording",
  });
  current = { child, exit, output: () => out, recording, rig: ptyRig };
  return current;
}

async function readRecording(path: string) {
  const reader = new RecordingReader(path);
  let frames = 0;
  let footer: { endReason: string } | null = null;
  const commands: unknown[] = [];
  for await (const r of reader) {
    if (r.type === "frame") frames++;
    if (r.type === "footer") footer = r.footer;
    if (r.type === "event" && r.event.kind === "command") commands.push(r.event.data.command);
  }
  return { frames, footer, commands, counts: reader.counts };
}

describe("the lamp goes off however the host dies", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)(
    "%s: SAFE sent, recording closed, exit %d",
    async (signal, code) => {
      const h = await startHost();
      h.child.kill(signal);
      expect(await h.exit).toBe(code);
      expect(h.rig.emulator.pinDuty(9)).toBe(0);
      expect(h.rig.emulator.pinDuty(10)).toBe(0);
      const rec = await readRecording(h.recording);
      expect(rec.footer?.endReason).toBe("signal");
      expect(rec.commands.at(-1)).toBe("SAFE");
      expect(rec.frames).toBeGreaterThan(20);
      expect(rec.counts.corrupt + rec.counts.truncated).toBe(0);
    },
    90_000,
  );

  it("SIGKILL: the firmware watchdog turns the lamp off within its timeout; the recording is readable", async () => {
    const h = await startHost();
    h.child.kill("SIGKILL");
    await h.exit;
    const killedAtMs = h.rig.emulator.nowMs();
    // The watchdog is 3000 ms of silence; allow for the last heartbeat's age (up to 1 s).
    await waitFor(() => h.rig.emulator.pinDuty(9) === 0, {
      timeoutMs: 10_000,
      what: "the firmware watchdog to cut the lamp",
    });
    const offAfterMs = h.rig.emulator.nowMs() - killedAtMs;
    expect(offAfterMs).toBeLessThanOrEqual(3000 + 100);
    expect(h.rig.emulator.pinDuty(10)).toBe(0);
    const rec = await readRecording(h.recording);
    expect(rec.footer).toBeNull();
    // At most the last flush interval (500 ms at 20 Hz) is lost with SIGKILL.
    expect(rec.frames).toBeGreaterThan(20);
    expect(rec.counts.corrupt).toBe(0);
  }, 90_000);
});

/** True once process `pid` holds `device` open (Linux: /proc/PID/fd). */
function holdsOpen(pid: number, device: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === device;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

describe("a signal while the board is still connecting", () => {
  it("is held (one line), not Node's default death; a second Ctrl-C quits at once, exit 130", async () => {
    // A board that never says HELLO: the host waits in its handshake (5 s).
    const pair = new SocatPair();
    await pair.start();
    try {
      const dir = mkdtempSync(join(tmpdir(), "orbitrig-signals-"));
      const rigPath = join(dir, "silent.yaml");
      writeFileSync(
        rigPath,
        readFileSync("rigs/emulated.yaml", "utf8").replace(
          "kind: emulated",
          `kind: serial\n  port: ${pair.pathB}`,
        ),
      );
      const child = spawn(
        process.execPath,
        [CLI, "run", "--rig", rigPath, "--headless", "--no-record"],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      let err = "";
      child.stderr?.on("data", (d: Buffer) => {
        err += d.toString();
      });
      const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        child.on("exit", (code, signal) => resolve({ code, signal })),
      );
      // The port is open: the host is in its handshake, its signal handlers long in place.
      const device = realpathSync(pair.pathB);
      await waitFor(() => holdsOpen(child.pid!, device), {
        timeoutMs: 30_000,
        what: `the CLI to open ${device}; it said: ${err}`,
      });
      child.kill("SIGINT");
      await waitFor(() => err.includes("SIGINT: stopping once the rig has started"), {
        timeoutMs: 30_000,
        what: `the CLI to say it holds the signal; it said: ${err}`,
      });
      child.kill("SIGINT");
      expect(await exit).toEqual({ code: 130, signal: null });
      expect(err).toContain("orbitrig: SIGINT again: quit without waiting for the rig");
      expect(err).not.toContain("no HELLO");
    } finally {
      await pair.dispose();
    }
  }, 90_000);
});
