/**
 * Three-row block digits for the few numbers a classroom reads from across the room
 * (SoC, array power, node temperature) on large terminals. Built from █ ▀ ▄ only, so they
 * read the same without colour.
 */

const GLYPHS: Record<string, [string, string, string]> = {
  "0": ["█▀█", "█ █", "█▄█"],
  "1": ["▀█ ", " █ ", "▄█▄"],
  "2": ["▀▀█", "█▀▀", "█▄▄"],
  "3": ["▀▀█", " ▀█", "▄▄█"],
  "4": ["█ █", "▀▀█", "  █"],
  "5": ["█▀▀", "▀▀█", "▄▄█"],
  "6": ["█▀▀", "█▀█", "█▄█"],
  "7": ["▀▀█", "  █", "  █"],
  "8": ["█▀█", "█▀█", "█▄█"],
  "9": ["█▀█", "▀▀█", "▄▄█"],
  "-": ["   ", "▀▀▀", "   "],
  ".": [" ", " ", "▄"],
  "%": ["▀ █", " █ ", "█ ▄"],
  " ": [" ", " ", " "],
};

/** Three rows of equal width; characters without a glyph show as "?" blocks. */
export function bigText(text: string): [string, string, string] {
  const rows: [string, string, string] = ["", "", ""];
  const chars = [...text];
  chars.forEach((ch, i) => {
    const g = GLYPHS[ch] ?? ["▀▀█", " █▀", " ▄ "];
    const gap = i < chars.length - 1 ? " " : "";
    for (let r = 0; r < 3; r++) rows[r as 0 | 1 | 2] += g[r as 0 | 1 | 2] + gap;
  });
  return rows;
}

/** Width in cells of bigText(text). */
export function bigWidth(text: string): number {
  return [...bigText(text)[0]].length;
}
