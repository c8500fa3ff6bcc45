/**
 * Is the firmware toolchain installed? Looks the programs up on PATH and the
 * arduino-mk / arduino-core-avr files at Debian's paths; a missing piece becomes one
 * line with the apt-get command that installs it (exit code 72, TOOL_MISSING).
 */
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { ExitCode, OrbitrigError } from "../core/errors.js";

export interface ToolRequirement {
  /** What to look for: a program on PATH, or an absolute file path. */
  program?: string;
  file?: string;
  /** The Debian package that provides it. */
  debianPackage: string;
}

export const ARDUINO_MK = "/usr/share/arduino/Arduino.mk";

export const BUILD_TOOLS: readonly ToolRequirement[] = [
  { program: "make", debianPackage: "make" },
  { program: "avr-gcc", debianPackage: "gcc-avr" },
  { file: "/usr/lib/avr/include/avr/io.h", debianPackage: "avr-libc" },
  {
    file: "/usr/share/arduino/hardware/arduino/avr/cores/arduino/Arduino.h",
    debianPackage: "arduino-core-avr",
  },
  { file: ARDUINO_MK, debianPackage: "arduino-mk" },
];

export const FLASH_TOOLS: readonly ToolRequirement[] = [
  { program: "avrdude", debianPackage: "avrdude" },
];

export function findOnPath(program: string, path = process.env.PATH ?? ""): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}

export interface ToolProbe {
  onPath: (program: string) => boolean;
  fileExists: (file: string) => boolean;
}

export const systemProbe: ToolProbe = {
  onPath: (program) => findOnPath(program) !== null,
  fileExists: (file) => existsSync(file),
};

export function missingTools(
  required: readonly ToolRequirement[],
  probe: ToolProbe = systemProbe,
): ToolRequirement[] {
  return required.filter((t) =>
    t.program ? !probe.onPath(t.program) : !probe.fileExists(t.file ?? ""),
  );
}

/** Throws TOOL_MISSING naming the one apt-get line that installs what is missing. */
export function requireTools(
  required: readonly ToolRequirement[],
  purpose: string,
  probe: ToolProbe = systemProbe,
): void {
  const missing = missingTools(required, probe);
  if (missing.length === 0) return;
  const what = missing.map((t) => t.program ?? t.file).join(", ");
  const packages = [...new Set(missing.map((t) => t.debianPackage))].join(" ");
  throw new OrbitrigError(
    "TOOL_MISSING",
    `${purpose} needs ${what}; install with: sudo apt-get install ${packages}`,
    ExitCode.missingTool,
  );
}
