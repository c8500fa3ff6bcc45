import { loadRig, setRigValue } from "../../config/index.js";
import { ExitCode } from "../../core/errors.js";
import { buildBoard } from "../../rig/board.js";
import { type DoctorResult, runDoctor } from "../../session/doctor.js";
import { RIG_HELP } from "../options.js";
import type { RegisterCommand } from "./types.js";

export function formatDoctor(r: DoctorResult): string {
  const lines = r.checks.map((c) => {
    const head = `${c.ok ? "ok  " : "FAIL"}  ${c.name.padEnd(22)} ${c.detail}`;
    return c.ok || !c.advice ? head : `${head}\n      -> ${c.advice}`;
  });
  return `${lines.join("\n")}\n`;
}

export const register: RegisterCommand = (program, setExitCode) => {
  program
    .command("doctor")
    .description(
      "check a rig (handshake, sensors, lamp response) and measure its full-sun bench power",
    )
    .requiredOption("--rig <file|name>", RIG_HELP)
    .option("--port <path>", "serial port, or auto (overrides board.port)")
    .option("--no-write", "do not store the measured full-sun power in the rig file")
    .action(async (o: { rig: string; port?: string; write: boolean }) => {
      const rig = loadRig(o.rig);
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
      if (result.fullSunBenchMw !== null && result.ok) {
        const mw = Math.round(result.fullSunBenchMw * 10) / 10;
        if (o.write && rig.shippedName) {
          // The package's own rigs stay as shipped (an update would undo the change anyway).
          process.stdout.write(
            `full-sun bench power ${mw} mW (not stored: ${rig.shippedName} is a shipped rig; \`orbitrig rigs copy ${rig.shippedName} my-rig.yaml\` makes one of your own)\n`,
          );
        } else if (o.write) {
          setRigValue(rig.path, ["calibration", "fullSunBenchMw"], mw);
          process.stdout.write(`stored calibration.fullSunBenchMw: ${mw} in ${rig.path}\n`);
        } else {
          process.stdout.write(`full-sun bench power ${mw} mW (not stored: --no-write)\n`);
        }
      }
      setExitCode(result.ok ? ExitCode.ok : ExitCode.failure);
    });
};
