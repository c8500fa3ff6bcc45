/** Every command, in the order `orbitrig --help` lists them. */
import { register as classroom } from "./classroom.js";
import { register as constellation } from "./constellation.js";
import { register as demo } from "./demo.js";
import { register as doctor } from "./doctor.js";
import { register as emulate } from "./emulate.js";
import { register as exportCsv } from "./export.js";
import { register as firmware } from "./firmware.js";
import { register as orbit } from "./orbit.js";
import { register as ports } from "./ports.js";
import { register as replay } from "./replay.js";
import { register as report } from "./report.js";
import { register as rigs } from "./rigs.js";
import { register as run } from "./run.js";
import { register as simulate } from "./simulate.js";
import type { RegisterCommand } from "./types.js";

export const commands: RegisterCommand[] = [
  demo,
  run,
  replay,
  classroom,
  simulate,
  constellation,
  orbit,
  rigs,
  report,
  exportCsv,
  doctor,
  ports,
  emulate,
  firmware,
];
