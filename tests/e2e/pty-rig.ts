/**
 * Harness for end-to-end tests through the real serialport stack: firmware (.hex) in the
 * emulator, its USART bridged to end A of a socat pseudo-terminal pair; the host opens
 * end B with serialport 13, as it opens /dev/ttyACM0 on a desk. unplug()/replug() stop
 * and restart socat (both ends hang up, like a pulled USB cable) and power-cycle the board.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LoadedRig, loadRig, loadRigText } from "../../src/config/index.js";
import type { BoardDriver } from "../../src/core/board.js";
import { Emulator, loadHexFile, Pacer } from "../../src/emulator/index.js";
import { lampConfig } from "../../src/rig/board.js";
import { NdjsonRecorder } from "../../src/rig/recorder.js";
import { SatelliteNodeModel } from "../../src/rig/satellite.js";
import type { AlarmEvaluatorPort } from "../../src/session/ports.js";
import { Session } from "../../src/session/session.js";
import { SerialportTransport, SocatPair } from "../../src/transport/index.js";
import { CableMeter, LockstepPacer, MeteredTransport } from "./lockstep.js";

export interface PtyRig {
  rig: LoadedRig;
  emulator: Emulator;
  pacer: { stop(): void };
  /** The host's end of the cable. */
  hostPath: string;
  /** A transport on the host's end; in lockstep the pacer watches its bytes. */
  hostTransport(baudRate: number): SerialportTransport;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  dispose(): Promise<void>;
}

/** A rig file with an edited copy of its text (e.g. a faster time scale). */
export function rigWith(path: string, edit: (text: string) => string): LoadedRig {
  const base = loadRig(path);
  return loadRigText(edit(base.text), base.path);
}

export async function startPtyRig(
  rig: LoadedRig,
  hexPath: string,
  baud: number,
  speed = 2,
  options: {
    /**
     * Hold the emulator while bytes cross the ptys (tests/e2e/lockstep.ts), so bounds in
     * emulated time do not depend on machine load. Needs the host in this process, opened
     * with hostTransport(); an unplug() ends the count when the host's end closes.
     */
    lockstep?: boolean;
  } = {},
): Promise<PtyRig> {
  const pair = new SocatPair();
  await pair.start();
  const emulator = new Emulator({ firmware: await loadHexFile(hexPath), bench: rig.config.bench });
  const meter = options.lockstep ? new CableMeter(() => emulator.nowMs()) : null;
  let cable: SerialportTransport | null = null;
  const plugBoardSide = async () => {
    const c = new SerialportTransport({ path: pair.pathA, baudRate: baud });
    await c.open();
    c.onData((bytes) => {
      meter?.count("atBoard", bytes.length);
      void emulator.transport.write(bytes);
    });
    cable = c;
  };
  emulator.transport.onData((bytes) => {
    if (!cable?.isOpen) return;
    meter?.count("toHost", bytes.length);
    void cable.write(bytes).catch(() => undefined);
  });
  await plugBoardSide();
  await emulator.transport.open();
  // Short slices keep the pty hops (one event-loop turn each) short in emulated time.
  const pacer = meter
    ? new LockstepPacer(emulator, meter, speed)
    : new Pacer(emulator, { speed, sliceWallMs: 4 });
  pacer.start();
  return {
    rig,
    emulator,
    pacer,
    hostPath: pair.pathB,
    hostTransport(baudRate) {
      const options = { path: pair.pathB, baudRate };
      return meter ? new MeteredTransport(meter, options) : new SerialportTransport(options);
    },
    async unplug() {
      const c = cable;
      cable = null;
      await pair.stop();
      // The cable is out: nothing is in flight any more. The host learns of it on its own
      // time (a hang-up, or a write that fails with EBADF, which may never become a close
      // event); until then the meter must not hold the emulator for bytes that will never
      // arrive, or the host's reconnect timer (on the emulator's clock) never fires.
      meter?.setHostOpen(false);
      // The board lost power with the cable; its side of the pty is gone too.
      await c?.close().catch(() => undefined);
    },
    async replug() {
      await pair.start();
      // USB power came back: the board boots again.
      emulator.resetBoard("powerOn");
      await plugBoardSide();
    },
    async dispose() {
      pacer.stop();
      const c = cable as SerialportTransport | null;
      await c?.close().catch(() => undefined);
      await pair.dispose();
    },
  };
}

/** A live session on `board` that records to a fresh temp file (the same wiring as `orbitrig run`). */
export function recordedSession(
  rig: LoadedRig,
  board: BoardDriver,
  name: string,
  alarms?: AlarmEvaluatorPort,
) {
  const c = rig.config;
  const model = SatelliteNodeModel.fromRig(c);
  const path = join(mkdtempSync(join(tmpdir(), "orbitrig-e2e-")), `${name}.ndjson`);
  const recorder = new NdjsonRecorder({
    path,
    rig,
    clock: board.clock,
    mode: "live",
    timeScale: model.timeScale,
    sampleNode: model.initial(),
  });
  const session = new Session({
    rigName: c.name,
    mode: "live",
    board,
    model,
    lamp: lampConfig(rig),
    rateHz: c.board.rateHz,
    recorder,
    ...(alarms ? { alarms } : {}),
  });
  return { session, model, path };
}
