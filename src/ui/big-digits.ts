/**
 * Block digits for the few numbers a classroom reads from across the room (duty, SoC, power,
 * temperature): three rows of half blocks at scale 1 (the large-terminal readout), any whole
 * scale for the projector view. Built from █ ▀ ▄ only, so they read the same without colour.
 *
 * A glyph is drawn in half blocks, which are pixels two to a cell, one above the other: a
 * scaled glyph is its pixels repeated `scale` times each way and drawn back in half blocks.
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

const UNKNOWN: [string, string, string] = ["▀▀█", " █▀", " ▄ "];

/** Three rows of equal width; characters without a glyph show as "?" blocks. */
export function bigText(text: string): [string, string, string] {
  const rows: [string, string, string] = ["", "", ""];
  const chars = [...text];
  chars.forEach((ch, i) => {
    const g = GLYPHS[ch] ?? UNKNOWN;
    const gap = i < chars.length - 1 ? " " : "";
    for (let r = 0; r < 3; r++) rows[r as 0 | 1 | 2] += g[r as 0 | 1 | 2] + gap;
  });
  return rows;
}

/** Width in cells of bigText(text). */
export function bigWidth(text: string): number {
  return [...bigText(text)[0]].length;
}

const TOP = new Set(["▀", "█"]);
const BOTTOM = new Set(["▄", "█"]);
const HALF = [" ", "▄", "▀", "█"] as const;

/**
 * bigText(text) at `scale` (a whole number ≥ 1): 3 × scale rows, bigWidth(text) × scale
 * cells wide. Scale 1 is bigText itself.
 */
export function scaledBigText(text: string, scale: number): string[] {
  const k = Math.max(1, Math.floor(scale));
  const rows = bigText(text).map((r) => [...r]);
  if (k === 1) return rows.map((r) => r.join(""));
  // Pixel rows, top to bottom: two per glyph row.
  const pixels: boolean[][] = [];
  for (const r of rows) {
    pixels.push(r.map((c) => TOP.has(c)));
    pixels.push(r.map((c) => BOTTOM.has(c)));
  }
  const scaled: boolean[][] = [];
  for (const p of pixels) {
    const wide = p.flatMap((on) => Array<boolean>(k).fill(on));
    for (let i = 0; i < k; i++) scaled.push(wide);
  }
  const out: string[] = [];
  for (let y = 0; y < scaled.length; y += 2) {
    const top = scaled[y]!;
    const bottom = scaled[y + 1]!;
    out.push(top.map((t, x) => HALF[(t ? 2 : 0) + (bottom[x] ? 1 : 0)]).join(""));
  }
  return out;
}

/** Width in cells of scaledBigText(text, scale). */
export function scaledBigWidth(text: string, scale: number): number {
  return bigWidth(text) * Math.max(1, Math.floor(scale));
}
