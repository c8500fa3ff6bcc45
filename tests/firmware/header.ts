/**
 * Reads the `#define NAME value` lines of a firmware header (protocol.h, config.h)
 * into numbers and strings, the way the C preprocessor would see these simple ones.
 */
import { readFileSync } from "node:fs";

export type DefineValue = number | string;

export function parseDefines(text: string): Map<string, DefineValue> {
  const out = new Map<string, DefineValue>();
  // Block comments may span lines and hold anything; line comments end at the newline.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  for (const line of code.split("\n")) {
    const m = /^\s*#define\s+([A-Z0-9_]+)\s+(.+?)\s*$/.exec(line);
    if (!m) continue;
    const [, name, raw] = m as unknown as [string, string, string];
    let value: DefineValue;
    if (/^"[^"]*"$/.test(raw)) value = raw.slice(1, -1);
    else if (/^'.'$/.test(raw)) value = raw.slice(1, 2);
    else if (/^-?0x[0-9A-Fa-f]+[UL]*$/.test(raw))
      value = Number.parseInt(raw.replace(/[UL]+$/, ""), 16);
    else if (/^-?\d+[UL]*$/.test(raw)) value = Number(raw.replace(/[UL]+$/, ""));
    else if (/^-?\d+\.\d+$/.test(raw)) value = Number(raw);
    else continue; // an expression: not a plain constant
    out.set(name, value);
  }
  return out;
}

export function readDefines(path: string | URL): Map<string, DefineValue> {
  return parseDefines(readFileSync(path, "utf8"));
}

/** camelCase -> UPPER_SNAKE, as protocol.h spells the host's keys (overTempC100 -> OVER_TEMP_C100). */
export function upperSnake(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}
