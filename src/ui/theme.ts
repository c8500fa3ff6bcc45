/**
 * Whether to use colour at all. NO_COLOR (https://no-color.org: set and not empty) turns
 * it off; bold stays, and every state also has a symbol and a word. Tone colours: ./ansi.ts.
 */
export function colorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.NO_COLOR;
  return v === undefined || v === "";
}
