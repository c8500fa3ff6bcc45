/**
 * A disk that fills while the emulated rig runs (`orbitrig demo`): the recording's flush
 * runs inside the emulator's clock, so a write error there used to escape through the
 * emulator's run loop, SAFE never ran and the lamp stayed lit. Now the recorder reports it
 * once, the session stops with the lamp and load really off, and the file reads back whole.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRig } from "../../src/config/index.js";
import type { OrbitrigError } from "../../src/core/errors.js";
import { lampCheckConfig, lampConfig } from "../../src/rig/board.js";
import { NdjsonRecorder } from "../../src/rig/recorder.js";
import { SatelliteNodeModel } from "../../src/rig/satellite.js";
import { Session } from "../../src/session/session.js";
import { RecordingReader } from "../../src/telemetry/index.js";
import { emulatedRig } from "../board/emulated-rig.js";
import { fullDiskAfter } from "./full-disk.js";

describe("a full disk during an emulated session", () => {
  it("stops the session: lamp and load off on the board, one IO error, the file reads back whole", {
    timeout: 60_000,
  }, async () => {
    const rig = loadRig("rigs/emulated.yaml");
    const c = rig.config;
    const { emulator, board, advance } = await emulatedRig({
      rateHz: c.board.rateHz,
      watchdogMs: c.safety.watchdogMs,
    });
    const model = SatelliteNodeModel.fromRig(c);
    const path = join(mkdtempSync(join(tmpdir(), "orbitrig-full-")), "full.ndjson");
    const errors: OrbitrigError[] = [];
    let session: Session | null = null;
    const recorder = new NdjsonRecorder({
      path,
      rig,
      clock: board.clock,
      mode: "emulated",
      timeScale: model.timeScale,
      sampleNode: model.initial(),
      // About 60 frames fit: the disk fills a few seconds into the session.
      writeSync: fullDiskAfter(30_000),
      onError: (e) => {
        errors.push(e);
        void session?.stop("recording-failed");
      },
    });
    session = new Session({
      rigName: c.name,
      mode: "emulated",
      board,
      model,
      lamp: lampConfig(rig),
      lampCheck: lampCheckConfig(rig),
      rateHz: c.board.rateHz,
      recorder,
    });
    let stoppedWith: string | null = null;
    session.start().catch((e: unknown) => {
      stoppedWith = `start failed: ${String(e)}`;
    });
    const s = session;
    // Nothing here stops the session: the full disk does.
    for (let t = 0; t < 60_000 && !s.stopped; t += 100) await advance(100);
    expect(s.stopped).toBe(true);
    // The stop (SAFE, footer, close) completes in emulated time.
    let closed = false;
    void s.stop("again").then(() => {
      closed = true;
    });
    for (let t = 0; t < 5000 && !closed; t += 50) await advance(50);
    expect(closed).toBe(true);
    stoppedWith ??= s.summary().reason as string;
    expect(stoppedWith).toBe("recording-failed");
    // The lamp was on in sunlight before the disk filled; the stop turned it off for real.
    expect(emulator.pinDuty(9)).toBe(0);
    expect(emulator.pinDuty(10)).toBe(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe("IO");
    expect(errors[0]!.message).toMatch(/full\.ndjson: recording stopped: the disk is full/);

    const reader = new RecordingReader(path);
    let frames = 0;
    for await (const r of reader) if (r.type === "frame") frames++;
    expect(reader.counts).toMatchObject({ corrupt: 0, truncated: 0 });
    expect(frames).toBeGreaterThan(20);
  });
});
