import type { Command } from "commander";

/**
 * Each command file exports one of these. It adds its subcommand to the program; its
 * action throws OrbitrigError for user mistakes and reports a non-zero exit through
 * setExitCode (only src/cli/main.ts exits the process).
 */
export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;
