/**
 * The students' page in Chromium given what a hostile rig account may send within the
 * schema (numbers at the edge of a double, a phase far off, a strip that runs backwards,
 * a rig that only said it is online): the page must not throw, and no card may show
 * NaN, undefined, Infinity or an absurd number. The embedded broker and raw MQTT; waits end on the page.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { connect } from "mqtt";
import { afterAll, beforeAll, expect, it } from "vitest";
import { packageRoot } from "../../src/core/shipped.js";
import type { StatePayload } from "../../src/network/payloads.js";
import { rigTopic } from "../../src/network/topics.js";
import { type RunningWeb, startWebServer } from "../../src/web/server.js";
import { aedesBroker, CLASS, credentials, freePort, type TestBroker } from "../network/harness.js";
import { needs } from "../support/requires.js";
import { openBrowser } from "./browser.js";

const HUGE = 1e308;

function wildState(seq: number, wallMs: number): StatePayload {
  return {
    v: 1,
    seq,
    wallMs,
    instance: "odd",
    benchS: HUGE,
    orbitS: -HUGE,
    link: "up",
    frameAgeS: 0,
    bench: { powerMw: HUGE, busV: -HUGE, currentMa: 0, panelTempC: null, lamp: 1, load: 1 },
    node: {
      orbitNumber: HUGE,
      orbitPhase: -1e300,
      region: "umbra",
      socFraction: HUGE,
      arrayPowerW: 0,
      batteryPowerW: 0,
      computeLevel: 0,
      nodeTempC: -HUGE,
      dutyThisOrbit: -HUGE,
      dutyLastOrbit: HUGE,
      workAccelS: HUGE,
      floorViolationS: 0,
      minSocFraction: 0,
    },
    orbit: {
      periodS: 0,
      timeScale: 0,
      segments: [
        [5, -3, "sunlit"],
        [-HUGE, HUGE, "umbra"],
      ],
      next: null,
    },
    policy: "x",
    lampMode: "auto",
    paused: false,
    speed: 0,
    alarms: [],
    net: { queued: 0, dropped: 0 },
  };
}

needs("chromium").describe("the students' page given odd data", () => {
  const c = credentials(["desk-1", "desk-2"]);
  let broker: TestBroker;
  let web: RunningWeb;

  beforeAll(async () => {
    if (!existsSync(join(packageRoot, "dist/web/page/app.js")))
      throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    broker = aedesBroker(c, await freePort());
    await broker.start();
    web = await startWebServer({ url: broker.url, cls: CLASS, account: c.viewer, port: 0 });
    const as = async (id: string, password: string) => {
      const m = connect(broker.url, { protocolVersion: 4, username: id, password });
      await new Promise<void>((r) => m.once("connect", () => r()));
      return m;
    };
    const odd = await as("desk-1", c.rigs[0]!.password);
    // Its clock jumps about: a page must not draw garbage from it, nor break.
    for (const [i, wallMs] of [1e15, -1e15, 0, HUGE].entries())
      await odd.publishAsync(
        rigTopic(CLASS, "desk-1", "state"),
        JSON.stringify(wildState(i, wallMs)),
        {
          qos: 1,
        },
      );
    odd.end();
    // Online, and nothing else yet.
    const quiet = await as("desk-2", c.rigs[1]!.password);
    await quiet.publishAsync(
      rigTopic(CLASS, "desk-2", "status"),
      JSON.stringify({ v: 1, online: true, instance: "q", wallMs: 0 }),
      { qos: 1, retain: true },
    );
    quiet.end();
  });

  afterAll(async () => {
    await web?.close();
    await broker?.stop();
  });

  it("a page the server refuses (its page limit) says so and tries again, not 'reconnecting' for ever", async () => {
    const full = await startWebServer({
      url: broker.url,
      cls: CLASS,
      account: c.viewer,
      port: 0,
      maxPages: 0,
    });
    const b = await openBrowser();
    try {
      const page = await b.context.newPage();
      await page.goto(full.url);
      await page.waitForFunction(
        () =>
          /^refused: too many pages open\?/.test(
            document.getElementById("conn")?.textContent ?? "",
          ),
        undefined,
        { timeout: 30_000 },
      );
    } finally {
      await b.close();
      await full.close();
    }
  });

  it("no card shows NaN, undefined, Infinity or an absurd number, and the page throws nothing", async () => {
    const b = await openBrowser();
    try {
      const page = await b.context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(web.url);
      await page.waitForFunction(
        () =>
          document.querySelectorAll("[data-rig]").length === 2 &&
          // desk-1's state has been drawn (its policy and region are in the card's last line).
          /^policy x .* umbra$/.test(
            document.querySelector('[data-rig="desk-1"] .meta')?.textContent ?? "",
          ),
        undefined,
        { timeout: 30_000 },
      );
      const text = await page.$eval("main", (m) => m.textContent ?? "");
      expect(text).not.toMatch(/NaN|undefined|Infinity/);
      // Absurd but finite values (1e308 mW) are no value either: no exponent on a card.
      expect(text).not.toMatch(/\de[+-]\d/);
      expect(errors).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
