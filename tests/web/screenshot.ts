/**
 * Writes docs/classroom-web.png: the students' page of a running `orbitrig classroom serve
 * --web`. Run after starting the broker, the page and a few rigs:
 *
 *   npx tsx tests/web/screenshot.ts http://127.0.0.1:8080/ [out.png] [--projector]
 *
 * It waits until every card shows a SoC and a plot has drawn (events, not a sleep).
 */
import { resolve } from "node:path";
import { openBrowser } from "./browser.js";

const url = process.argv[2] ?? "http://127.0.0.1:8080/";
const out = resolve(process.argv[3] ?? "docs/classroom-web.png");
const projector = process.argv.includes("--projector");
const b = await openBrowser();
try {
  const page = await b.context.newPage();
  await page.goto(projector ? `${url}?projector` : url);
  await page.waitForFunction(
    (big) => {
      const cards = Array.from(document.querySelectorAll("[data-rig]"));
      return (
        cards.length > 0 &&
        cards.every((c) => /%$/.test(c.querySelector('[data-field="soc"]')?.textContent ?? "")) &&
        (big || document.querySelectorAll(".plot canvas").length === cards.length)
      );
    },
    projector,
    { timeout: 30_000 },
  );
  await page.screenshot({ path: out, fullPage: true });
  process.stdout.write(`${out}\n`);
} finally {
  await b.close();
}
