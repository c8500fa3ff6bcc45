/**
 * The README's pictures, made from the current build's own drawing code so they stay
 * current: the dashboard and its projector view (the panels of src/ui drawn from the test
 * fixtures' snapshot, as a terminal would show them) and a report chart (`orbitrig report`
 * on the classroom sample recording). Run: `npx tsx scripts/screenshots.ts`; writes
 * docs/images/*.png.
 *
 * A screen is drawn as SVG text in DejaVu Sans Mono, one cell per character, each segment
 * in its tone's colour (the SGR colours of src/ui/ansi.ts in xterm's palette), then
 * rasterised with resvg.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { makeReport } from "../src/report/report.js";
import { TONE_SGR } from "../src/ui/ansi.js";
import { chooseLayout } from "../src/ui/layout.js";
import { cells } from "../src/ui/format.js";
import type { Line } from "../src/ui/lines.js";
import { dashboardLines, projectorScreenLines } from "../src/ui/screen.js";
import { FIXTURES } from "../tests/ui/fixtures.js";

const root = resolve(import.meta.dirname, "..");
const out = join(root, "docs/images");
const MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";

/** xterm's default palette for the SGR foreground codes the dashboard uses. */
const SGR_RGB: Record<number, string> = {
  31: "#cd3131",
  32: "#0dbc79",
  33: "#e5e510",
  34: "#2472c8",
  36: "#11a8cd",
  90: "#8a8a8a",
  93: "#f5f543",
};
const FG = "#e5e5e5";
const BG = "#1e1e1e";

const esc = (s: string) =>
  s.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!);

function screenPng(lines: Line[], columns: number, rows: number): Buffer {
  const fontPx = 16;
  const cellW = fontPx * 0.6;
  const cellH = Math.round(fontPx * 1.25);
  const pad = 12;
  const width = Math.ceil(columns * cellW + 2 * pad);
  const height = rows * cellH + 2 * pad;
  const text: string[] = [];
  lines.forEach((line, y) => {
    let x = 0;
    for (const s of line) {
      const sgr = s.tone ? TONE_SGR[s.tone] : undefined;
      const fill = sgr === undefined ? FG : (SGR_RGB[sgr] ?? FG);
      // Each character at its own cell: block and box glyphs then join without gaps.
      for (const ch of s.text) {
        if (ch !== " ")
          text.push(
            `<text x="${(pad + x * cellW).toFixed(1)}" y="${pad + (y + 1) * cellH - 5}" fill="${fill}"${s.bold ? ' font-weight="bold"' : ""}>${esc(ch)}</text>`,
          );
        x += cells(ch);
      }
    }
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${BG}"/><g font-family="DejaVu Sans Mono" font-size="${fontPx}">${text.join("")}</g></svg>`;
  return new Resvg(svg, {
    font: { fontFiles: [MONO], loadSystemFonts: false, defaultFontFamily: "DejaVu Sans Mono" },
  })
    .render()
    .asPng();
}

const input = {
  snapshot: FIXTURES.sunlit!,
  ui: { help: false, note: null, message: null },
  capabilities: { pause: false, speed: true, seek: false, lamp: true },
  staleLinkS: 2,
};

mkdirSync(out, { recursive: true });
const [c, r] = [100, 30];
writeFileSync(
  join(out, "dashboard.png"),
  screenPng(dashboardLines({ ...input, layout: chooseLayout(c, r) }), c, r - 1),
);
writeFileSync(
  join(out, "dashboard-projector.png"),
  screenPng(projectorScreenLines({ ...input, ui: { ...input.ui, projector: true } }, c, r), c, r - 1),
);
const tmp = mkdtempSync(join(tmpdir(), "orbitrig-screenshots-"));
await makeReport(join(root, "tests/fixtures/recordings/classroom-soc-hysteresis.ndjson"), tmp);
copyFileSync(join(tmp, "power.png"), join(out, "report-power.png"));
process.stdout.write(`${out}: dashboard.png, dashboard-projector.png, report-power.png\n`);
