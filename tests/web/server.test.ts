/**
 * The page's server without a browser: what a page that connects gets on /events, from
 * the embedded broker. Waits end on the stream's events.
 */
import { type ClientRequest, get } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe("pages open at once are bounded (anyone on the network may open them)", () => {
  it("past maxPages a page gets 503 and one line; a page that closes frees its place", async () => {
    const small = await startWebServer({
      url: broker.url,
      cls: CLASS,
      account: c.viewer,
      port: 0,
      pushHz: 0.001,
      maxPages: 2,
    });
    const open: ClientRequest[] = [];
    /** Opens /events; resolves with the status and, for a refusal, its body. */
    const page = () =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = get(`${small.url}events`, (res) => {
          if (res.statusCode === 200) {
            open.push(req);
            resolve({ status: 200, body: "" });
            return;
          }
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => {
            body += d;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("error", reject);
      });
    try {
      expect((await page()).status).toBe(200);
      expect((await page()).status).toBe(200);
      expect(await page()).toEqual({
        status: 503,
        body: "2 pages are open already: close one, then reload\n",
      });
      open.shift()!.destroy();
      // The server sees the close on its own time: the place comes back, bounded by events.
      let again = await page();
      for (let i = 0; again.status !== 200 && i < 500; i++) {
        await new Promise((r) => setTimeout(r, 20));
        again = await page();
      }
      expect(again.status).toBe(200);
    } finally {
      for (const r of open) r.destroy();
      await small.close();
    }
  });
});
