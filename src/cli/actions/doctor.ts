/** What `orbitrig doctor` does (its options: ../commands/doctor.ts). */
import { type LoadedRig, loadRig, requireStated, setRigValue } from "../../config/index.js";
import { ExitCode, isOrbitrigError } from "../../core/errors.js";
import { buildBoard } from "../../rig/board.js";
import { type DoctorResult, runDoctor } from "../../session/doctor.js";
import { BOARD_KINDS } from "../session-runner.js";

export interface DoctorOptions {
  rig: string;
  port?: string;
  write: boolean;
}

export function formatDoctor(r: DoctorResult): string {
  const lines = r.checks.map((c) => {
    const head = `${c.ok ? "ok  " : "FAIL"}  ${c.name.padEnd(22)} ${c.detail}`;
    return c.ok || !c.advice ? head : `${head}\n      -> ${c.advice}`;
  });
  return `${lines.join("\n")}\n`;
}

/**
 * What doctor says about the measured full-sun power, and the exit code: stored in the rig
 * file; or not stored (a shipped rig, --no-write); or not storable (a read-only file or
 * folder), then with the line to add by hand and exit 74. `store` writes the value.
 */
export function storeMeasurement(
  rig: LoadedRig,
  mw: number,
  write: boolean,
  store: (path: string, keyPath: readonly string[], value: unknown) => void = setRigValue,
): { text: string; exitCode: number } {
  if (!write)
    return { text: `full-sun bench power ${mw} mW (not stored: --no-write)\n`, exitCode: 0 };
  if (rig.shippedName) {
    // The package's own rigs stay as shipped (an update would undo the change anyway).
    return {
      text: `full-sun bench power ${mw} mW (not stored: ${rig.shippedName} is a shipped rig; \`orbitrig rigs copy ${rig.shippedName} my-rig.yaml\` makes one of your own)\n`,
      exitCode: 0,
    };
  }
  try {
    store(rig.path, ["calibration", "fullSunBenchMw"], mw);
    return { text: `stored calibration.fullSunBenchMw: ${mw} in ${rig.path}\n`, exitCode: 0 };
  } catch (e) {
    if (!isOrbitrigError(e) || e.code !== "IO") throw e;
    return {
      text: `full-sun bench power ${mw} mW, not stored: ${e.message}\nadd it by hand under calibration: in ${rig.path}:\n  fullSunBenchMw: ${mw}\n`,
      exitCode: e.exitCode,
    };
  }
}

/** Checks the rig and stores what it measured; returns the exit code. */
export async function doctor(o: DoctorOptions): Promise<number> {
  const rig = loadRig(o.rig);
  // A desk rig that does not name its board must not measure the emulator instead.
  requireStated(rig, ["board", "kind"], BOARD_KINDS);
  const built = await buildBoard(rig, {
    ...(o.port ? { port: o.port } : {}),
    speed: "max",
    onInfo: (t) => process.stderr.write(`orbitrig: ${t}\n`),
  });
  built.start();
  let result: DoctorResult;
  try {
    result = await runDoctor(built.board, {
      lampFullLevel: rig.config.board.lampFullLevel,
      responseFactor: rig.config.calibration.lampResponseFactor,
      responseMs: rig.config.calibration.lampResponseMs,
    });
  } finally {
    built.stop();
  }
  process.stdout.write(formatDoctor(result));
  let code: number = result.ok ? ExitCode.ok : ExitCode.failure;
  if (result.fullSunBenchMw !== null && result.ok) {
    const mw = Math.round(result.fullSunBenchMw * 10) / 10;
    const stored = storeMeasurement(rig, mw, o.write);
    process.stdout.write(stored.text);
    code = stored.exitCode;
  }
  return code;
}
