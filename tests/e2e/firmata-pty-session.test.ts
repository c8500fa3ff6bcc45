import { afterAll, expect, it } from "vitest";
import { FirmataBoard } from "../../src/board/firmata-board.js";
import type { Frame } from "../../src/core/frame.js";
import type { NodeState } from "../../src/node/state.js";
import { lampConfig } from "../../src/rig/board.js";
import { SatelliteNodeModel } from "../../src/rig/satellite.js";
import { levelForIllumination } from "../../src/session/lamp-guard.js";
import { RecordingReader } from "../../src/telemetry/index.js";
import { needs } from "../support/requires.js";
import { type PtyRig, recordedSession, rigWith, startPtyRig } from "./pty-rig.js";
import { waitFor } from "./wait.js";

// Every group in this file needs socat: skipped (and named at the end of the run) without it.
const { describe } = needs("socat");

const ORBITS = 2;
const HEX = "firmware-profiles/standard-firmata/StandardFirmata.cpp.hex";

describe("FirmataBoard over a pseudo-terminal against StandardFirmata in the emulator", () => {
  let ptyRig: PtyRig | null = null;
  afterAll(() => ptyRig?.dispose());

  it(`runs ${ORBITS} orbits: the cell's power follows the schedule, every frame is recorded, node states match the model`, async () => {
    const rig = rigWith("rigs/emulated-firmata.yaml", (t) =>
      t.replace(/timeScale: 30/, "timeScale: 600"),
    );
    rig.config.orbit.startPhase = 0.25;
    const c = rig.config;
    // Lockstep: the pty hops cost no emulated time, so I2C replies are never late because the
    // machine is busy, and the bounds below hold whatever the load.
    ptyRig = await startPtyRig(rig, HEX, 57600, 2, { lockstep: true });
    const host = ptyRig.hostTransport(57600);
    const board = new FirmataBoard(host, ptyRig.emulator.clock, {
      lampPin: 9,
      loadPin: 10,
      panelTempChannel: 0,
      rateHz: c.board.rateHz,
      reconnect: false,
      inas: [
        {
          address: 0x40,
          role: "array",
          shuntOhms: c.calibration.shuntOhms,
          maxCurrentA: c.calibration.maxCurrentA,
        },
      ],
    });
    const { session, model, path } = recordedSession(rig, board, "firmata");
    await session.start();
    await waitFor(() => session.benchS() >= (ORBITS * model.periodS) / model.timeScale, {
      timeoutMs: 150_000,
      what: `${ORBITS} orbits`,
    });
    await session.stop("quit");
    // The board really went dark: the emulated pin D9 reads 0 duty after SAFE.
    ptyRig.emulator.runFor(50);
    expect(ptyRig.emulator.pinDuty(9)).toBe(0);

    const frames: { frame: Frame; node: NodeState }[] = [];
    let footerFrames = -1;
    for await (const r of new RecordingReader(path)) {
      if (r.type === "frame" && r.node) frames.push({ frame: r.frame, node: r.node });
      else if (r.type === "footer") footerFrames = r.footer.frames;
    }
    expect(frames.length).toBe(footerFrames);
    expect(frames.length).toBeGreaterThan(ORBITS * 9.5 * c.board.rateHz * 0.8);

    // The cell is lit when the schedule says sun and dark in umbra, away from transitions.
    const reference = SatelliteNodeModel.fromRig(c);
    const want = (benchS: number) =>
      levelForIllumination(
        reference.sunAt(benchS * reference.timeScale).illumination,
        lampConfig(rig),
      );
    const fullMw = c.calibration.fullSunBenchMw!;
    const wrong: string[] = [];
    let checked = 0;
    // A reading older than its staleness bound marks the channel absent. In lockstep each I2C
    // reply crosses the ptys within MAX_LEAD_MS of emulated time, far inside that bound, so
    // every frame carries a reading however busy the machine is.
    const present = frames.filter((f) => f.frame.channels[0]?.present);
    expect(present.length).toBe(frames.length);
    for (const { frame } of present) {
      const t = frame.hostMs / 1000;
      const level = want(t);
      if (t < 1.5 || want(t - 0.6) !== level) continue;
      checked++;
      const lit = frame.powerMw > 0.5 * fullMw;
      if ((level === 255) !== lit)
        wrong.push(
          `t=${t.toFixed(2)} s: schedule ${level}, cell ${frame.powerMw.toFixed(1)} mW, lamp ${frame.lamp}`,
        );
    }
    expect(checked).toBeGreaterThan(frames.length * 0.6);
    expect(wrong).toEqual([]);

    // Node states are the model's, fed the same frames.
    const replay = SatelliteNodeModel.fromRig(c);
    let prev: number | null = null;
    for (const { frame, node } of frames) {
      const orbitS = (frame.hostMs / 1000) * replay.timeScale;
      const s = replay.step(orbitS, prev === null ? 0 : orbitS - prev, frame.powerMw);
      prev = orbitS;
      expect(Math.abs(s.socFraction - node.socFraction)).toBeLessThan(1e-5);
    }
  }, 200_000);
});
