/**
 * Rewrites the table of exported columns in docs/recording.md from their definitions
 * (src/telemetry/columns.ts). Run: `npx tsx scripts/columns-doc.ts`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { columnsMarkdown } from "../src/telemetry/columns.js";

const path = resolve(import.meta.dirname, "../docs/recording.md");
const text = readFileSync(path, "utf8");
const begin = "<!-- columns:begin -->";
const end = "<!-- columns:end -->";
const a = text.indexOf(begin);
const b = text.indexOf(end);
if (a < 0 || b < a) throw new Error(`${path}: the ${begin} … ${end} markers are missing`);
writeFileSync(path, `${text.slice(0, a + begin.length)}\n${columnsMarkdown()}\n${text.slice(b)}`);
process.stdout.write(`${path}: column table rewritten\n`);
