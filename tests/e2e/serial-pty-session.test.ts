import { afterAll, expect, it } from "vitest";
import { SerialBoard } from "../../src/board/index.js";
import type { LoadedRig } from "../../src/config/index.js";
import type { Frame } from "../../src/core/frame.js";
import type { NodeState } from "../../src/node/state.js";
import { lampConfig } from "../../src/rig/board.js";
import { SatelliteNodeModel } from "../../src/rig/satellite.js";
import { AlarmMonitor } from "../../src/session/alarms.js";
import { levelForIllumination } from "../../src/session/lamp-guard.js";
import { RecordingReader } from "../../src/telemetry/index.js";
import { needs } from "../support/requires.js";
import { type PtyRig, recordedSession, rigWith, startPtyRig } from "./pty-rig.js";
import { waitFor } from "./wait.js";

// Every group in this file needs socat: skipped (and named at the end of the run) without it.
const { describe } = needs("socat");

const ORBITS = 3;

function testRig(path = "rigs/emulated.yaml"): LoadedRig {
  // One 95-minute orbit in 9.6 s of bench time; start just before the first eclipse.
  const rig = rigWith(path, (t) => t.replace(/timeScale: 30/, "timeScale: 600"));
  rig.config.orbit.startPhase = 0.25;
  return rig;
}

describe("SerialBoard over a pseudo-terminal against the emulated firmware", () => {
  let ptyRig: PtyRig | null = null;
  afterAll(() => ptyRig?.dispose());

  it(`runs ${ORBITS} orbits: the lamp follows the schedule, every frame is recorded, node states match the model`, async () => {
    const rig = testRig();
    expect(rig.config.calibration.fullSunBenchMw).toBeGreaterThan(0);
    // Lockstep: the pty hops cost no emulated time, so the bounds below hold on a busy machine.
    ptyRig = await startPtyRig(rig, "firmware-profiles/uno-ina219/uno-ina219.hex", 115200, 2, {
      lockstep: true,
    });
    const { emulator } = ptyRig;
    // Host side: serialport on pty end B, as on a desk.
    const host = ptyRig.hostTransport(115200);
    const c = rig.config;
    const board = new SerialBoard(host, emulator.clock, {
      rateHz: c.board.rateHz,
      watchdogMs: c.safety.watchdogMs,
      overTempC: c.safety.maxPanelTempC,
      calibration: [
        {
          channel: "array",
          shuntOhms: c.calibration.shuntOhms,
          maxCurrentA: c.calibration.maxCurrentA,
        },
      ],
      reconnect: false,
    });
    const { session, model, path } = recordedSession(rig, board, "pty", new AlarmMonitor(c.limits));
    await session.start();
    const orbitBenchS = model.periodS / model.timeScale;
    await waitFor(() => session.benchS() >= ORBITS * orbitBenchS, {
      timeoutMs: 150_000,
      what: `${ORBITS} orbits of bench time`,
    });
    await session.stop("quit");
    const stats = board.stats();

    // Read the recording back.
    const frames: { frame: Frame; node: NodeState }[] = [];
    const events: { kind: string; data: Record<string, unknown> }[] = [];
    let footerFrames = -1;
    const reader = new RecordingReader(path);
    for await (const r of reader) {
      if (r.type === "frame" && r.node) frames.push({ frame: r.frame, node: r.node });
      else if (r.type === "event") events.push({ kind: r.event.kind, data: r.event.data });
      else if (r.type === "footer") footerFrames = r.footer.frames;
    }
    expect(reader.counts.corrupt).toBe(0);

    // Every frame that arrived is recorded, in order, without gaps.
    expect(stats.seqGaps).toBe(0);
    expect(stats.checksumRejects + stats.malformedLines).toBe(0);
    expect(frames.length).toBe(footerFrames);
    expect(frames.length).toBeGreaterThan(ORBITS * 9.5 * c.board.rateHz * 0.9);
    for (let i = 1; i < frames.length; i++)
      expect(frames[i]!.frame.seq).toBe(frames[i - 1]!.frame.seq + 1);

    // The lamp follows the eclipse schedule. Each change of the scheduled level must show in
    // the board's reported lamp level within LAMP_LAG_S of bench time (a 100 ms control
    // period, then LAMP and its ACK across the ptys); between changes the levels agree.
    const reference = SatelliteNodeModel.fromRig(c);
    const expectedLevel = (benchS: number) =>
      levelForIllumination(
        reference.sunAt(benchS * reference.timeScale).illumination,
        lampConfig(rig),
      );
    const LAMP_LAG_S = 0.5;
    const STARTUP_S = 1.5; // handshake settings (RATE, WDT, OTL, CAL) go first
    let lastChangeS = 0;
    let previous = expectedLevel(0);
    let checked = 0;
    const mismatches: string[] = [];
    for (const { frame } of frames) {
      const t = frame.hostMs / 1000;
      const want = expectedLevel(t);
      if (want !== previous) {
        lastChangeS = t;
        previous = want;
      }
      if (t < STARTUP_S || t - lastChangeS < LAMP_LAG_S) continue;
      checked++;
      if (frame.lamp !== want)
        mismatches.push(`t=${t.toFixed(3)} s: lamp ${frame.lamp}, schedule ${want}`);
    }
    expect(checked).toBeGreaterThan(frames.length * 0.7);
    expect(mismatches).toEqual([]);
    const lampChanges = events.filter((e) => e.kind === "lamp").map((e) => e.data.on);
    // Lamp on at start, then off/on once per eclipse.
    expect(lampChanges.length).toBeGreaterThanOrEqual(1 + 2 * (ORBITS - 1));
    expect(lampChanges.slice(0, 3)).toEqual([true, false, true]);
    // The array saw it: bright frames in sunlight, dark ones in eclipse. The INA219 reports
    // its last conversion (8.5 ms, config.h), so the first frame after a lamp change may still
    // carry the old light: compare frames whose lamp level equals the previous frame's.
    const steady = frames.filter((f, i) => i > 0 && f.frame.lamp === frames[i - 1]!.frame.lamp);
    const sunlitPower = steady.filter((f) => f.frame.lamp === 255).map((f) => f.frame.powerMw);
    const darkPower = steady.filter((f) => f.frame.lamp === 0).map((f) => f.frame.powerMw);
    expect(Math.min(...sunlitPower.slice(5))).toBeGreaterThan(0.8 * c.calibration.fullSunBenchMw!);
    expect(Math.max(...darkPower.slice(5))).toBeLessThan(0.05 * c.calibration.fullSunBenchMw!);

    // The recorded node states are the model's, fed the same frames.
    const replay = SatelliteNodeModel.fromRig(c);
    let prevOrbitS: number | null = null;
    let maxSocError = 0;
    let maxTempError = 0;
    for (const { frame, node } of frames) {
      const orbitS = (frame.hostMs / 1000) * replay.timeScale;
      const dtS = prevOrbitS === null ? 0 : orbitS - prevOrbitS;
      prevOrbitS = orbitS;
      const s = replay.step(orbitS, dtS, frame.powerMw);
      maxSocError = Math.max(maxSocError, Math.abs(s.socFraction - node.socFraction));
      maxTempError = Math.max(maxTempError, Math.abs(s.nodeTempC - node.nodeTempC));
      expect(s.computeLevel).toBeCloseTo(node.computeLevel, 6);
      expect(s.orbitNumber).toBe(node.orbitNumber);
    }
    expect(maxSocError).toBeLessThan(1e-5);
    expect(maxTempError).toBeLessThan(1e-3);
    expect(frames.at(-1)!.node.orbitNumber).toBeGreaterThanOrEqual(ORBITS - 1);

    // And the session ended with lamp and load off.
    expect(events.find((e) => e.kind === "command" && e.data.command === "SAFE")).toBeDefined();
  }, 200_000);
});
