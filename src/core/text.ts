/**
 * Text that came from outside (a rig file, a recording, a note, a path on the command line)
 * shown where a control character would act instead of showing: a terminal (an escape
 * sequence sets the title or the colours), XML (refuses them), a one-line message (a line
 * break splits it). Each control character is written as `\u001b`: C0, DEL and C1 (U+0080 to
 * U+009F: 0x9b is a terminal's one-byte escape sequence start), and the bidirectional
 * overrides and isolates (U+202A to U+202E, U+2066 to U+2069), which reorder what follows
 * them on screen (a rig name that shows as another).
 */
export function visibleControls(
  text: string,
  keep: "tabs-and-breaks" | "nothing" = "nothing",
): string {
  const re =
    keep === "nothing"
      ? // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
        /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g
      : // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
        /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
  return text.replace(re, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A count with its noun, singular for exactly one: "1 orbit", "0 orbits", "2 frames". */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
