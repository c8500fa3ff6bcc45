/**
 * The students' page in a real browser (Debian's Chromium, headless, through
 * playwright-core): the embedded broker, three emulated rigs (the real firmware in the
 * emulator, in this process), the page server; the page must show every rig, its values
 * must move, a rig's name is only text, and projector mode shows large numbers. Needs
 * `npm run build` (the page's script is compiled to dist/). Waits end on the page's state.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadRig, parseRig } from "../../src/config/load.js";
import { packageRoot } from "../../src/core/shipped.js";
import { MqttPublisher } from "../../src/network/publisher.js";
import { buildRigSession, type RigSession, startRigSession } from "../../src/rig/session.js";
import { type RunningWeb, startWebServer } from "../../src/web/server.js";
import {
  aedesBroker,
  CLASS,
  credentials,
  freePort,
  type TestBroker,
  waitUntil,
} from "../network/harness.js";
import { needs } from "../support/requires.js";
import { openBrowser } from "./browser.js";

const NAMES = ["desk-1", "desk-2", "<img src=x onerror=alert(1)>"];

needs("chromium").describe("the students' page in Chromium", () => {
  const c = credentials(["desk-1", "desk-2", "desk-3"]);
  let broker: TestBroker;
  let web: RunningWeb;
  const rigs: { rs: RigSession; publisher: MqttPublisher }[] = [];

  beforeAll(async () => {
    if (!existsSync(join(packageRoot, "dist/web/page/app.js")))
      throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    broker = aedesBroker(c, await freePort());
    await broker.start();
    const shipped = loadRig("classroom");
    for (const [i, name] of NAMES.entries()) {
      const rig = { ...shipped, config: parseRig({ ...shipped.config, name }) };
      const rs = await buildRigSession(rig, { record: null, speed: 1 });
      await startRigSession(rs);
      const id = `desk-${i + 1}`;
      const publisher = new MqttPublisher({
        url: broker.url,
        cls: CLASS,
        rigId: id,
        account: { username: id, password: c.rigs[i]!.password },
        facts: { name, mode: "emulated", orbit: rs.model.orbit, params: rs.model.params },
        session: rs.session,
      });
      rs.session.addSink(publisher);
      rigs.push({ rs, publisher });
    }
    for (const r of rigs)
      await waitUntil("the rigs online", 60_000, () =>
        r.publisher.stats().state === "online" ? true : null,
      );
    web = await startWebServer({ url: broker.url, cls: CLASS, account: c.viewer, port: 0 });
  });

  afterAll(async () => {
    for (const r of rigs) {
      await r.rs.session.stop("quit");
      r.rs.built.stop();
    }
    await web?.close();
    await broker?.stop();
  });

  it("shows every rig, its values move, names are text, and projector mode is large", async () => {
    const b = await openBrowser();
    try {
      const page = await b.context.newPage();
      const dialogs: string[] = [];
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      const failed: string[] = [];
      page.on("requestfailed", (r) => failed.push(r.url()));
      await page.goto(web.url);
      await page.waitForFunction(
        () =>
          document.querySelectorAll("[data-rig]").length === 3 &&
          Array.from(document.querySelectorAll('[data-field="soc"]')).every((e) =>
            /^\d+%$/.test(e.textContent ?? ""),
          ),
        undefined,
        { timeout: 60_000 },
      );
      const read = () =>
        page.$$eval("[data-rig]", (cards) =>
          cards.map((c) => ({
            id: (c as HTMLElement).dataset.rig,
            name: c.querySelector(".name")?.textContent,
            power: c.querySelector('[data-field="power"]')?.textContent,
            work: c.querySelector('[data-field="work"]')?.textContent,
            link: c.querySelector(".link")?.textContent,
          })),
        );
      const first = await read();
      expect(first.map((r) => r.id)).toEqual(["desk-1", "desk-2", "desk-3"]);
      expect(first.every((r) => r.link === "online" && /mW$/.test(r.power ?? ""))).toBe(true);
      // The name is shown as it was sent, and made no element.
      expect(first[2]!.name).toBe(`desk-3 · ${NAMES[2]}`);
      expect(await page.$$("main img")).toHaveLength(0);
      // Values move: every rig's work delivered grows as its node computes.
      await page.waitForFunction(
        (before) =>
          Array.from(document.querySelectorAll('[data-field="work"]')).every(
            (e, i) => e.textContent !== before[i],
          ),
        first.map((r) => r.work),
        { timeout: 60_000 },
      );
      await page.waitForFunction(
        () => document.querySelectorAll(".plot canvas").length === 3,
        undefined,
        { timeout: 30_000 },
      );
      await page.click("#projector");
      const big = await page.$eval('[data-field="soc"]', (e) =>
        parseFloat(getComputedStyle(e).fontSize),
      );
      expect(big).toBeGreaterThan(40);
      expect(dialogs).toEqual([]);
      expect(failed).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
