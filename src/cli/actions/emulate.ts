/** What `orbitrig emulate` does (its options: ../commands/emulate.ts). */
import { loadRig } from "../../config/index.js";
import { benchSchema } from "../../config/schema/bench.js";
import { ExitCode, OrbitrigError } from "../../core/errors.js";
import { Emulator, loadHexFile, Pacer } from "../../emulator/index.js";
import { loadProfile } from "../../firmware/index.js";
import { createPtyPair, PtyTransport } from "../../transport/pty.js";
import type { EmulatedRigFlags } from "../session-flags.js";

/** Board output that may wait for a pty reader before it is dropped (docs/emulator.md). */
const PTY_QUEUE_BYTES = 64 * 1024;

export interface EmulateOptions extends EmulatedRigFlags {
  rig: string;
  hex?: string;
  pty?: boolean;
  duration?: number;
}

type StopReason = "signal" | "duration" | "stdout closed" | "failed";

/**
 * Resolves when SIGINT/SIGTERM arrives, stdout closes, or the emulator passes durationMs.
 * Listens from the call on (before the port's path is printed, so a signal sent on seeing
 * it is heard); `cancel` ends the wait on a failed start.
 */
function untilStopped(
  emu: Emulator,
  durationMs: number | null,
): { stopped: Promise<StopReason>; cancel(): void } {
  let cancel: () => void = () => undefined;
  const stopped = new Promise<StopReason>((resolve) => {
    const onSignal = () => done("signal");
    // A closed stdout (`| head`) ends the session rather than crashing on EPIPE.
    const onStdoutError = () => done("stdout closed");
    process.stdout.on("error", onStdoutError);
    const poll = setInterval(() => {
      if (durationMs !== null && emu.nowMs() >= durationMs) done("duration");
    }, 20);
    let ended = false;
    const done = (why: StopReason) => {
      if (ended) return;
      ended = true;
      clearInterval(poll);
      process.stdout.off("error", onStdoutError);
      process.stdout.on("error", () => {});
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      resolve(why);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    cancel = () => done("failed");
  });
  return { stopped, cancel };
}

/** Runs the emulated board until stopped; returns the exit code. */
export async function emulate(o: EmulateOptions): Promise<number> {
  const durationS = o.duration ?? null;
  const rig = loadRig(o.rig);
  if (rig.config.board.kind !== "emulated") {
    throw new OrbitrigError(
      "USAGE",
      `${rig.path}: board.kind is "${rig.config.board.kind}"; emulate needs an emulated rig`,
      ExitCode.usage,
    );
  }
  const profile = loadProfile(rig.config.board.profile);
  const emu = new Emulator({
    firmware: await loadHexFile(o.hex ?? profile.hexPath),
    bench: benchSchema.parse(rig.config.bench),
    faults: o.fault,
    // The profile's clock and baud speak for its own hex, not for one given with --hex.
    ...(o.hex
      ? {}
      : {
          firmwareClock: { fCpuHz: profile.fCpuHz, baud: profile.baud, source: profile.file },
          onWarning: (text: string) => process.stderr.write(`warning: ${text}\n`),
        }),
  });
  const pacer = new Pacer(emu, { speed: o.speed });
  let pair: Awaited<ReturnType<typeof createPtyPair>> | null = null;
  let end: PtyTransport | null = null;
  let lost = () => 0;
  const wait = untilStopped(emu, durationS === null ? null : durationS * 1000);
  try {
    if (o.pty) {
      pair = await createPtyPair();
      // Like a UART with nobody listening, bytes are lost once 64 KiB wait for a reader;
      // the pty's writes never block, so the board runs on and signals are heard.
      end = new PtyTransport(pair.ownPath, { maxQueuedBytes: PTY_QUEUE_BYTES });
      await end.open();
      const own = end;
      const peer = pair.peerPath;
      let warned = false;
      emu.transport.onData((chunk) => {
        void own.write(chunk);
        if (!warned && own.droppedBytes > 0) {
          warned = true;
          process.stderr.write(
            `nobody is reading ${peer}: board output is dropped (${PTY_QUEUE_BYTES / 1024} KiB waiting); the board keeps running\n`,
          );
        }
      });
      lost = () => own.droppedBytes;
      own.onData((chunk) => void emu.transport.write(chunk));
      // An Uno resets when its port opens; this one boots now and keeps running.
      await emu.transport.open();
      process.stdout.write(`${pair.peerPath}\n`);
      process.stderr.write(
        `emulated ${rig.config.board.profile} on ${pair.peerPath} (speed ${o.speed}); Ctrl-C to stop\n`,
      );
    } else {
      emu.transport.onData((chunk) => process.stdout.write(chunk));
      process.stdin.on("data", (chunk: Buffer) => void emu.transport.write(new Uint8Array(chunk)));
      await emu.transport.open();
      process.stderr.write(
        `emulated ${rig.config.board.profile} (speed ${o.speed}); type commands, Ctrl-C to stop\n`,
      );
    }
    pacer.start();
    const why = await wait.stopped;
    pacer.stop();
    const s = emu.stats;
    process.stderr.write(
      `stopped (${why}) after ${(s.emulatedMs / 1000).toFixed(1)} s emulated, ${pacer.status.achievedSpeed.toFixed(2)}x; resets ${JSON.stringify(s.resets)}${o.pty ? `; ${lost()} bytes lost with nobody reading the pty` : ""}\n`,
    );
    return ExitCode.ok;
  } finally {
    wait.cancel();
    pacer.stop();
    process.stdin.pause();
    await end?.close();
    await pair?.close();
  }
}
