/**
 * The page's server without a browser: what a page that connects gets on /events, from
 * the embedded broker. Waits end on the stream's events.
 */
import { get } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  PAGE_BACKLOG_BYTES,
  type RunningWeb,
  sendEvent,
  startWebServer,
} from "../../src/web/server.js";
import { aedesBroker, CLASS, credentials, freePort, type TestBroker } from "../network/harness.js";

const c = credentials(["desk-1"]);
let broker: TestBroker;
let web: RunningWeb;

beforeAll(async () => {
  broker = aedesBroker(c, await freePort());
  await broker.start();
  // Pushes so rare that none happens during the test: what a page gets is its own.
  web = await startWebServer({
    url: broker.url,
    cls: CLASS,
    account: c.viewer,
    port: 0,
    pushHz: 0.001,
  });
});

afterAll(async () => {
  await web?.close();
  await broker?.stop();
});

/** The first `count` server-sent events a page receives. */
function events(count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const req = get(`${web.url}events`, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        text += d;
        const got = text.split("\n\n").filter((e) => e.includes("data: "));
        if (got.length >= count) {
          req.destroy();
          resolve(got.slice(0, count));
        }
      });
    });
    req.on("error", reject);
  });
}

it("a page that connects before the first push gets the class at once", async () => {
  const [first] = await events(1);
  expect(first).toMatch(/^data: /);
  expect(JSON.parse(first!.slice("data: ".length))).toMatchObject({ cls: CLASS });
});

it("a page that stops reading (a laptop asleep) is let go, not buffered for ever", () => {
  const writes: string[] = [];
  let destroyed = false;
  const page = {
    writableLength: 0,
    write: (text: string) => {
      writes.push(text);
      return true;
    },
    destroy: () => {
      destroyed = true;
    },
  };
  expect(sendEvent(page, "data: 1\n\n")).toBe(true);
  // What it has not read piles up in our buffer, past the bound: dropped, not written.
  page.writableLength = PAGE_BACKLOG_BYTES + 1;
  expect(sendEvent(page, "data: 2\n\n")).toBe(false);
  expect(writes).toEqual(["data: 1\n\n"]);
  expect(destroyed).toBe(true);
});
