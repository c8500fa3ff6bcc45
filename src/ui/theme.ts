/**
 * Colours for tones, and whether to use them at all. NO_COLOR (https://no-color.org: set
 * and not empty) turns colour off; bold stays, and every state also has a symbol and a word.
 */
import type { Tone } from "./lines.js";

export const TONE_COLOR: Record<Tone, string | undefined> = {
  sunlit: "yellowBright",
  penumbra: "yellow",
  umbra: "blue",
  ok: "green",
  warn: "yellow",
  alarm: "red",
  dim: "gray",
  accent: "cyan",
  title: "cyan",
  value: undefined,
};

export function colorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.NO_COLOR;
  return v === undefined || v === "";
}
