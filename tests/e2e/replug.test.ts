import { afterAll, expect, it } from "vitest";
import { SerialBoard } from "../../src/board/index.js";
import { RecordingReader } from "../../src/telemetry/index.js";
import { needs } from "../support/requires.js";
import { type PtyRig, recordedSession, rigWith, startPtyRig } from "./pty-rig.js";
import { waitFor } from "./wait.js";

// Every group in this file needs socat: skipped (and named at the end of the run) without it.
const { describe } = needs("socat");

const CYCLES = 20;

describe("unplug and replug", () => {
  let ptyRig: PtyRig | null = null;
  afterAll(() => ptyRig?.dispose());

  it(`survives ${CYCLES} unplug/replug cycles: ${CYCLES} reconnects, every gap recorded, lamp re-applied`, async () => {
    const rig = rigWith("rigs/emulated.yaml", (t) => t.replace(/timeScale: 30/, "timeScale: 60"));
    const c = rig.config;
    // Lockstep: heartbeats and LAMP cross the ptys within a few emulated ms however busy the
    // machine is, so the firmware's 3 s watchdog never cuts the lamp for a late heartbeat.
    ptyRig = await startPtyRig(rig, "firmware-profiles/uno-ina219/uno-ina219.hex", 115200, 2, {
      lockstep: true,
    });
    const host = ptyRig.hostTransport(115200);
    const board = new SerialBoard(host, ptyRig.emulator.clock, {
      rateHz: c.board.rateHz,
      watchdogMs: c.safety.watchdogMs,
      calibration: [
        {
          channel: "array",
          shuntOhms: c.calibration.shuntOhms,
          maxCurrentA: c.calibration.maxCurrentA,
        },
      ],
      // Quick retries keep the test short; the default backoff grows to seconds.
      reconnect: { initialDelayMs: 100, maxDelayMs: 400 },
    });
    const { session, path } = recordedSession(rig, board, "replug");
    const log: string[] = [];
    board.onEvent((e) => {
      if (e.kind === "link-down" || e.kind === "link-up" || e.kind === "board-event")
        log.push(`${e.hostMs.toFixed(0)} ${e.kind} ${JSON.stringify(e)}`);
    });
    await session.start();
    const framesNow = () => board.stats().framesReceived;

    for (let i = 0; i < CYCLES; i++) {
      const before = framesNow();
      await waitFor(() => framesNow() >= before + 3, {
        timeoutMs: 20_000,
        what: `frames before unplug ${i + 1}`,
      });
      await ptyRig.unplug();
      await waitFor(() => board.stats().link !== "up", {
        timeoutMs: 10_000,
        what: `link down after unplug ${i + 1}`,
      });
      await ptyRig.replug();
      // A replug can flap (the host may open the new pty while socat is still settling,
      // as a USB device can re-enumerate): wait for the link to be up with frames flowing.
      const framesBefore = framesNow();
      await waitFor(
        () =>
          board.stats().link === "up" &&
          board.stats().reconnects >= i + 1 &&
          framesNow() >= framesBefore + 3,
        {
          timeoutMs: 30_000,
          what: `reconnect ${i + 1}`,
        },
      ).catch((e: unknown) => {
        throw new Error(
          `${(e as Error).message}; link ${JSON.stringify(board.stats())}; events:\n${log.slice(-8).join("\n")}`,
        );
      });
    }
    // After the last replug, the lamp is back on (it is sunlit: orbit noon at the start).
    const t = framesNow();
    await waitFor(() => framesNow() >= t + 10, {
      timeoutMs: 20_000,
      what: "frames after the last replug",
    });
    expect(ptyRig.emulator.pinDuty(9)).toBeGreaterThan(0.99);
    await session.stop("quit");

    const reconnects = board.stats().reconnects;
    expect(reconnects).toBeGreaterThanOrEqual(CYCLES);
    const kinds: string[] = [];
    let frames = 0;
    for await (const r of new RecordingReader(path)) {
      if (r.type === "event") kinds.push(r.event.kind);
      if (r.type === "frame") frames++;
    }
    // Every gap is in the recording, closed by a link-up: down, up, down, up, ... one pair
    // per reconnect (the first link-up precedes the recording's header).
    const links = kinds.filter((k) => k === "link-down" || k === "link-up");
    expect(links).toEqual(
      Array.from({ length: 2 * reconnects }, (_, i) => (i % 2 === 0 ? "link-down" : "link-up")),
    );
    expect(frames).toBeGreaterThan(CYCLES * 3);
  }, 300_000);
});
