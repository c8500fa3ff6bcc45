/**
 * The students' page, served by orbitrig (no external URL: it works on a classroom's own
 * network, offline). The server follows the class as the read-only viewer account and
 * pushes it to every open page as server-sent events, a few times a second: the page has
 * no way to publish anything, and needs no MQTT client of its own.
 *
 * Routes: / (the page), /app.js (the page's script, compiled from ./page/app.ts into
 * dist/web/page/), /uplot.js and /uplot.css (uPlot, from its installed package), /events
 * (the class, text/event-stream). Everything else is 404.
 */
import { readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ExitCode, OrbitrigError } from "../core/errors.js";
import { packageRoot } from "../core/shipped.js";
import { ClassroomSubscriber } from "../network/index.js";
import { pageClass } from "./bridge.js";
import { PAGE_CSS, PAGE_HTML } from "./page/assets.js";

export interface WebOptions {
  /** The class's broker, and the viewer's account on it. */
  url: string;
  cls: string;
  account: { username: string; password: string };
  /** Default 127.0.0.1 (this machine only). */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Pushes per second at most. Default 5. */
  pushHz?: number;
  /** Pages open at once at most (each /events stream); more are refused. Default MAX_PAGES. */
  maxPages?: number;
}

/**
 * Pages open at once (a lecture hall of laptops, a few tabs each). Each may hold up to
 * PAGE_BACKLOG_BYTES in our buffer, so this bounds the server's memory too: with
 * `--listen 0.0.0.0` anyone on the network can open pages. Past it a page gets 503 and one
 * line saying why; it is taken again as soon as another closes.
 */
export const MAX_PAGES = 400;

export interface RunningWeb {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * What may wait in our buffer for one page, bytes (~8 s of a 40-rig class). A page that
 * stops reading (a laptop asleep with its connection open) would otherwise make the
 * server keep every push for it; past this it is let go, and its EventSource reconnects
 * when it wakes (it gets the class and the history again).
 */
export const PAGE_BACKLOG_BYTES = 1024 * 1024;

/** Sends to one page, or lets it go (false) when it has stopped reading. */
export function sendEvent(
  page: { readonly writableLength: number; write(text: string): unknown; destroy(): unknown },
  text: string,
): boolean {
  if (page.writableLength > PAGE_BACKLOG_BYTES) {
    page.destroy();
    return false;
  }
  page.write(text);
  return true;
}

/** Points of history per rig a new page gets (at 5 pushes a second: two minutes). */
const HISTORY_POINTS = 600;

/** The page's script as built by tsc (npm run build): one place, from sources or a package. */
const APP_JS = join(packageRoot, "dist", "web", "page", "app.js");

function uplotFile(name: "uPlot.iife.min.js" | "uPlot.min.css"): string {
  const pkg = createRequire(import.meta.url).resolve("uplot/package.json");
  return join(dirname(pkg), "dist", name);
}

const SECURITY_HEADERS = {
  // The page's own files only: no inline script, nothing fetched from elsewhere.
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};

function send(res: ServerResponse, type: string, body: string | Buffer): void {
  res.writeHead(200, { "Content-Type": type, "Cache-Control": "no-cache", ...SECURITY_HEADERS });
  res.end(body);
}

export async function startWebServer(o: WebOptions): Promise<RunningWeb> {
  let appJs: Buffer;
  try {
    appJs = readFileSync(APP_JS);
  } catch {
    throw new OrbitrigError(
      "IO",
      `the page's script ${APP_JS} is missing: run \`npm run build\` in the orbitrig folder`,
      ExitCode.software,
    );
  }
  const files: Record<string, { type: string; body: string | Buffer }> = {
    "/": { type: "text/html; charset=utf-8", body: PAGE_HTML },
    "/style.css": { type: "text/css; charset=utf-8", body: PAGE_CSS },
    "/app.js": { type: "text/javascript; charset=utf-8", body: appJs },
    "/uplot.js": {
      type: "text/javascript; charset=utf-8",
      body: readFileSync(uplotFile("uPlot.iife.min.js")),
    },
    "/uplot.css": {
      type: "text/css; charset=utf-8",
      body: readFileSync(uplotFile("uPlot.min.css")),
    },
  };
  const sub = await ClassroomSubscriber.open({ url: o.url, cls: o.cls, account: o.account });
  const clients = new Set<ServerResponse>();
  let latest = "";
  // Each rig's last minutes (x = its wall clock), for a page that opens late.
  const history = new Map<string, [number, number | null, number | null, number | null][]>();
  const push = () => {
    const page = pageClass(sub.getSnapshot());
    for (const r of page.rigs) {
      if (r.wallMs === null) continue;
      const h = history.get(r.id) ?? [];
      history.set(r.id, h);
      if (h.at(-1)?.[0] === r.wallMs) continue;
      h.push([r.wallMs, r.powerMw, r.socFraction, r.dutyThisOrbit]);
      if (h.length > HISTORY_POINTS) h.shift();
    }
    latest = `data: ${JSON.stringify(page)}\n\n`;
    for (const c of clients) if (!sendEvent(c, latest)) clients.delete(c);
  };
  const everyMs = Math.ceil(1000 / (o.pushHz ?? 5));
  let dirty = true;
  const unsubscribe = sub.subscribe(() => {
    dirty = true;
  });
  // A steady pace whatever the message rate; once a second anyway, so staleness shows.
  let ticks = 0;
  const timer = setInterval(() => {
    ticks++;
    if (dirty || ticks % Math.max(1, Math.round(1000 / everyMs)) === 0) {
      dirty = false;
      push();
    }
  }, everyMs);
  timer.unref?.();

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (req.method !== "GET") {
      res.writeHead(405, { Allow: "GET" }).end();
      return;
    }
    if (path === "/events") {
      const max = o.maxPages ?? MAX_PAGES;
      if (clients.size >= max) {
        res
          .writeHead(503, {
            "Content-Type": "text/plain",
            "Retry-After": "10",
            ...SECURITY_HEADERS,
          })
          .end(`${max} pages are open already: close one, then reload\n`);
        return;
      }
      res.writeHead(200, {
        "Content-Type": "text/event-stream",
        "Cache-Control": "no-cache",
        Connection: "keep-alive",
        ...SECURITY_HEADERS,
      });
      res.write("retry: 1000\n\n");
      // Before the first push: push now, with this page among the clients to get it.
      clients.add(res);
      if (!latest) push();
      else res.write(latest);
      res.write(`event: history\ndata: ${JSON.stringify(Object.fromEntries(history))}\n\n`);
      req.on("close", () => clients.delete(res));
      return;
    }
    const f = files[path];
    if (!f) {
      res.writeHead(404, { "Content-Type": "text/plain", ...SECURITY_HEADERS }).end("not found\n");
      return;
    }
    send(res, f.type, f.body);
  });
  // Sockets that hold no page (a request never finished, idle keep-alives) are bounded too.
  server.maxConnections = 2 * (o.maxPages ?? MAX_PAGES) + 64;
  const host = o.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        new OrbitrigError(
          "IO",
          e.code === "EADDRINUSE"
            ? `port ${o.port ?? 8080} on ${host} is in use: give --web-port`
            : `cannot serve the page on ${host}:${o.port ?? 8080}: ${e.message}`,
          ExitCode.unavailable,
        ),
      ),
    );
    server.listen(o.port ?? 8080, host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : (o.port ?? 8080);
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}/`,
    port,
    close: async () => {
      clearInterval(timer);
      unsubscribe();
      for (const c of clients) c.end();
      clients.clear();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      await sub.close();
    },
  };
}
