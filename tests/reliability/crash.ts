/**
 * Crash safety on the serial path: the firmware runs in `orbitrig emulate --pty`, its own
 * process, so it outlives the host as a board on a desk does; the host is the real
 * `orbitrig run` on that pty, killed with SIGKILL at a random moment, again and again.
 * After each kill the pty is read here, as a late host would, without a command:
 * - the recording reads back to its last whole line (no corrupt line, no footer);
 * - what is lost is at most the flush interval: the first frame the board sent after the
 *   kill is at most flushMs (plus one frame and the pty's hop) after the last recorded one;
 * - the firmware's watchdog turns lamp and load off within its timeout of the kill, in the
 *   board's own milliseconds, and says HOSTLOST.
 * Every wait is bounded by what it waits for (a line in the file, a frame on the pty); the
 * only wall-clock choice is the random extra delay that picks the moment of each kill.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mulberry32 } from "../../src/core/prng.js";
import { decodeBoardLine } from "../../src/protocol/index.js";
import { RecordingReader } from "../../src/telemetry/index.js";
import { SerialportTransport } from "../../src/transport/index.js";
import { waitFor } from "../e2e/wait.js";
import { type CampaignResult, Checks, count } from "./result.js";

const CLI = join(process.cwd(), "bin/orbitrig.js");
const FLUSH_MS = 500;
const WATCHDOG_MS = 3000;
const FRAME_MS = 50;
/** One frame period and the pty's hop between the emulator's process and ours. */
const SLACK_MS = 150;

export interface CrashOptions {
  kills: number;
  seed: number;
}

interface Child {
  child: ChildProcess;
  out: () => string;
  exit: Promise<number | null>;
}

function start(args: string[]): Child {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exit = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { child, out: () => out, exit };
}

const lineCount = (path: string) => {
  try {
    return readFileSync(path, "latin1").split("\n").length - 1;
  } catch {
    return 0;
  }
};

interface AfterKill {
  /** Board ms of the first frame sent after the kill, and its lamp level. */
  firstMs: number;
  firstLamp: number;
  /** Board ms of the first frame with lamp and load off, or null. */
  offMs: number | null;
  hostLost: boolean;
}

/** Reads the board's lines from the pty until lamp and load are off and 500 ms more. */
async function readAfterKill(ptyPath: string): Promise<AfterKill> {
  const t = new SerialportTransport({ path: ptyPath, baudRate: 115200 });
  const r: AfterKill = { firstMs: -1, firstLamp: -1, offMs: null, hostLost: false };
  let text = "";
  let lastMs = -1;
  t.onData((chunk) => {
    text += Buffer.from(chunk).toString("latin1");
    const lines = text.split("\n");
    text = lines.pop() ?? "";
    for (const l of lines) {
      const d = decodeBoardLine(l.replace(/\r$/, ""));
      if (!d.ok) continue;
      const m = d.message;
      if (m.type === "EVT" && m.kind === "HOSTLOST") r.hostLost = true;
      if (m.type !== "T") continue;
      if (r.firstMs < 0) {
        r.firstMs = m.ms;
        r.firstLamp = m.lamp;
      }
      if (r.offMs === null && m.lamp === 0 && m.load === 0) r.offMs = m.ms;
      lastMs = m.ms;
    }
  });
  await t.open();
  try {
    await waitFor(() => r.offMs !== null && lastMs >= r.offMs + 500, {
      timeoutMs: 30_000,
      what: "the board to turn lamp and load off after the host was killed",
    });
  } finally {
    await t.close();
  }
  return r;
}

export async function runCrashCampaign(o: CrashOptions): Promise<CampaignResult> {
  const c = new Checks();
  const random = mulberry32(o.seed);
  const dir = mkdtempSync(join(tmpdir(), "orbitrig-crash-"));
  const emu = start(["emulate", "--pty"]);
  let worstLostMs = 0;
  let worstOffMs = 0;
  let done = 0;
  try {
    await waitFor(() => emu.out().includes("\n"), { timeoutMs: 30_000, what: "the pty's path" });
    const ptyPath = emu.out().split("\n")[0]?.trim() ?? "";
    const rigPath = join(dir, "desk.yaml");
    writeFileSync(
      rigPath,
      readFileSync("rigs/emulated.yaml", "utf8").replace(
        "kind: emulated",
        `kind: serial\n  port: ${ptyPath}`,
      ),
    );
    for (let i = 0; i < o.kills; i++) {
      const rec = join(dir, `kill-${i + 1}.ndjson`);
      const run = start(["run", "--rig", rigPath, "--headless", "--record", rec]);
      // A random moment: after 3 to 80 lines reached the file, then up to one flush later.
      const lines = 3 + Math.floor(random() * 78);
      await waitFor(() => lineCount(rec) >= lines, {
        timeoutMs: 60_000,
        what: `${lines} lines in ${rec}; the host said: ${run.out()}`,
      });
      await new Promise((r) => setTimeout(r, random() * FLUSH_MS));
      run.child.kill("SIGKILL");
      await run.exit;
      const after = await readAfterKill(ptyPath);

      const reader = new RecordingReader(rec);
      let lastBoardMs = -1;
      let frames = 0;
      let footer = false;
      for await (const x of reader) {
        if (x.type === "frame") {
          frames++;
          lastBoardMs = x.frame.boardMs;
        }
        if (x.type === "footer") footer = true;
      }
      const k = `kill ${i + 1}`;
      c.that(reader.counts.corrupt === 0, `${k}: ${reader.counts.corrupt} corrupt lines`);
      c.that(!footer, `${k}: a footer after SIGKILL`);
      c.that(frames > 0, `${k}: no frame in the recording`);
      const lostMs = after.firstMs - lastBoardMs - FRAME_MS;
      worstLostMs = Math.max(worstLostMs, lostMs);
      c.that(
        lostMs <= FLUSH_MS + SLACK_MS,
        `${k}: ${lostMs} ms of frames lost (the flush interval is ${FLUSH_MS} ms)`,
      );
      c.that(after.firstLamp > 0, `${k}: the lamp was already off when the host was killed`);
      const offMs = after.offMs === null ? Number.POSITIVE_INFINITY : after.offMs - after.firstMs;
      worstOffMs = Math.max(worstOffMs, offMs);
      c.that(
        offMs <= WATCHDOG_MS + FRAME_MS,
        `${k}: lamp and load off ${offMs} ms after the kill (the watchdog is ${WATCHDOG_MS} ms)`,
      );
      c.that(after.hostLost, `${k}: no HOSTLOST from the board`);
      done++;
    }
  } finally {
    emu.child.kill("SIGTERM");
    await emu.exit;
  }
  return {
    test: "crash: SIGKILL of the host",
    size: `${count(done)} kills of \`orbitrig run\` on \`orbitrig emulate --pty\`, seed ${o.seed}`,
    dataLost: `≤ ${worstLostMs.toFixed(0)} ms (flush interval ${FLUSH_MS} ms; allowed ${FLUSH_MS + SLACK_MS})`,
    lampOff: `every time, ≤ ${worstOffMs.toFixed(0)} ms after the kill (watchdog ${WATCHDOG_MS} ms)`,
    notes: [
      `${done} recordings read back to their last whole line; data lost measured in the board's ms from the last recorded frame to the first frame sent after the kill, less one frame (the flush interval is the host's time: a late flush timer or a board clock paced to a busy machine's wall clock adds up to the ${SLACK_MS} ms allowed)`,
    ],
    failures: c.failures,
  };
}
