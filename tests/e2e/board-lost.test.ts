/**
 * The board dies mid-run: the real CLI (`orbitrig run --duration`) talks to the firmware in
 * the emulator behind a pty pair; halfway the emulator stops and the pty goes away, as when
 * the device behind a USB port dies. The session keeps trying to reconnect until --duration,
 * then says what happened: the recording's footer has the real end (not the last frame's
 * time) and that no board was attached, the SAFE that could not be delivered is recorded as
 * such, and the summary says the board was gone.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RecordingFooter, RecordingHeader } from "../../src/telemetry/index.js";
import { RecordingReader } from "../../src/telemetry/index.js";
import { type PtyRig, rigWith, startPtyRig } from "./pty-rig.js";
import { waitFor } from "./wait.js";

const CLI = join(process.cwd(), "bin/orbitrig.js");
const DURATION_S = 10;

describe("the board is lost mid-run", () => {
  let ptyRig: PtyRig | null = null;
  afterAll(() => ptyRig?.dispose());

  it("run reconnects until --duration, then the recording and the summary say no board was attached", {
    timeout: 120_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "orbitrig-lost-"));
    // Real time on both sides: the CLI uses the wall clock, so the emulator runs at x1.
    ptyRig = await startPtyRig(
      rigWith("rigs/emulated.yaml", (t) => t),
      "firmware-profiles/uno-ina219/uno-ina219.hex",
      115200,
      1,
    );
    const rigPath = join(dir, "desk.yaml");
    writeFileSync(
      rigPath,
      readFileSync("rigs/emulated.yaml", "utf8").replace(
        "kind: emulated",
        `kind: serial\n  port: ${ptyRig.hostPath}`,
      ),
    );
    const recording = join(dir, "lost.ndjson");
    const child = spawn(
      process.execPath,
      [
        CLI,
        "run",
        "--rig",
        rigPath,
        "--headless",
        "--duration",
        `${DURATION_S}s`,
        "--record",
        recording,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d.toString();
    });
    let exitCode: number | null | undefined;
    child.on("exit", (code) => {
      exitCode = code;
    });
    const rig = ptyRig;
    // The session is up when the lamp has come on (orbit noon at the start: sunlit).
    await waitFor(() => rig.emulator.pinDuty(9) > 0.99, {
      timeoutMs: 30_000,
      what: `the lamp to come on; CLI said: ${out}`,
    });
    const t = rig.emulator.nowMs();
    await waitFor(() => rig.emulator.nowMs() >= t + 1500, {
      timeoutMs: 30_000,
      what: "frames for a second and a half",
    });
    // The board dies and its port goes with it.
    rig.pacer.stop();
    await rig.unplug();
    await waitFor(() => exitCode !== undefined, {
      timeoutMs: 60_000,
      what: `the run to end at --duration; CLI said: ${out}`,
    });
    // It recorded to the end, but the board was gone: the exit code says so.
    expect(exitCode).toBe(69);
    expect(out).toMatch(/the board was not attached at the end/);
    expect(out).toMatch(
      /^board at end +not attached \(link (reconnecting|down), last frame at [\d.]+ s\)/m,
    );

    let header: RecordingHeader | null = null;
    let footer: RecordingFooter | null = null;
    const events: { kind: string; data: Record<string, unknown> }[] = [];
    const reader = new RecordingReader(recording);
    header = reader.header;
    for await (const r of reader) {
      if (r.type === "event") events.push(r.event);
      if (r.type === "footer") footer = r.footer;
    }
    expect(footer).not.toBeNull();
    const f = footer as unknown as RecordingFooter;
    expect(f.endReason).toBe("duration");
    expect(f.boardAttachedAtEnd).toBe(false);
    expect(f.link?.link).not.toBe("up");
    // The session ran on for seconds after its last frame, and the footer says until when.
    expect(f.endHostMs).toBeGreaterThanOrEqual(DURATION_S * 1000);
    expect(f.endHostMs! - f.lastHostMs!).toBeGreaterThan(3000);
    const wallS = (Date.parse(f.endedAt) - Date.parse(header.startedAt)) / 1000;
    expect(wallS).toBeGreaterThanOrEqual(DURATION_S - 0.5);
    expect(wallS).toBeLessThan(f.endHostMs! / 1000 + 2);
    // The loss is recorded, and the final SAFE is not claimed as done.
    expect(events.some((e) => e.kind === "link-down")).toBe(true);
    const safes = events.filter((e) => e.data.command === "SAFE");
    expect(safes.map((e) => e.kind)).toEqual(["command-failed"]);
    expect(String(safes[0]!.data.error)).toMatch(/^not delivered: the link is/);
  });
});
