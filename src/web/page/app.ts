/// <reference lib="dom" />
/**
 * The students' page, in the browser: the class arrives as server-sent events (/events,
 * ../server.ts) and each rig gets a card with its live numbers, its orbit strip and one
 * small uPlot of bench power, SoC and duty. Every text from the network is set with
 * textContent: a rig named `<script>` is just a name. Read-only: nothing goes back.
 */
import type { PageClass, PageRig } from "../bridge.js";

/** The part of uPlot's API this page uses (uPlot.iife.min.js defines the global). */
interface UPlot {
  setData(data: number[][]): void;
  setSize(size: { width: number; height: number }): void;
}
declare const uPlot: new (opts: unknown, data: number[][], target: HTMLElement) => UPlot;

/** Points kept per plot (at 5 Hz: two minutes). */
const POINTS = 600;

interface Card {
  root: HTMLElement;
  name: HTMLElement;
  link: HTMLElement;
  fields: Record<"power" | "soc" | "duty" | "work" | "temp", HTMLElement>;
  strip: HTMLElement;
  meta: HTMLElement;
  plotBox: HTMLElement;
  plot: UPlot | null;
  data: number[][];
  lastWallMs: number | null;
  stripKey: string;
}

const cards = new Map<string, Card>();
const main = document.getElementById("rigs")!;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * Past this (in the unit shown) no card value is a measurement: a bench's power is some
 * watts (1e4 mW), a SoC or duty 0-100 %, a temperature some hundred °C. A rig may send any
 * double the schema allows; 1e308 would print as "1e+308" and stretch its card.
 */
const SHOWN_LIMIT = 1e6;

/**
 * A number as a card shows it, or "--": missing, not finite (1e308 of SoC is Infinity once
 * made a percentage: a card never says Infinity), or past SHOWN_LIMIT.
 */
const num = (x: number | null, d: number, unit: string, scale = 1) =>
  x === null || !(Math.abs(x * scale) < SHOWN_LIMIT) ? "--" : `${(x * scale).toFixed(d)}${unit}`;
const pct = (x: number | null) => num(x, 0, "%", 100);
/** A plot's point: NaN (a gap) where a card would show "--". */
const point = (x: number | null, scale = 1) =>
  x === null || !(Math.abs(x * scale) < SHOWN_LIMIT) ? Number.NaN : x * scale;

function newCard(id: string): Card {
  const root = el("section", "card");
  root.dataset.rig = id;
  const h = el("h2");
  const name = el("span", "name");
  const link = el("span", "link");
  h.append(name, link);
  const numbers = el("div", "numbers");
  const field = (label: string, key: string) => {
    const box = el("div");
    const b = el("b");
    b.dataset.field = key;
    box.append(b, el("small", undefined, label));
    numbers.append(box);
    return b;
  };
  const fields = {
    power: field("bench", "power"),
    soc: field("SoC", "soc"),
    duty: field("duty this orbit", "duty"),
    work: field("work", "work"),
    temp: field("node", "temp"),
  };
  const strip = el("div", "strip");
  const plotBox = el("div", "plot");
  const meta = el("div", "meta");
  root.append(h, numbers, strip, plotBox, meta);
  return {
    root,
    name,
    link,
    fields,
    strip,
    meta,
    plotBox,
    plot: null,
    data: [[], [], [], []],
    lastWallMs: null,
    stripKey: "",
  };
}

function makePlot(c: Card): void {
  if (typeof uPlot === "undefined" || c.plot) return;
  const css = getComputedStyle(document.documentElement);
  const color = (v: string) => css.getPropertyValue(v).trim();
  c.plot = new uPlot(
    {
      width: Math.max(200, c.root.clientWidth - 20),
      height: 90,
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: true },
        // From zero: a lamp's steady 690 mW is a flat line, not noise blown up.
        mW: { range: (_u: unknown, _min: number, max: number) => [0, Math.max(10, max * 1.15)] },
        pct: { range: [0, 100] },
      },
      axes: [
        { stroke: color("--dim"), grid: { show: false }, size: 26, font: "10px sans-serif" },
        { scale: "mW", stroke: color("--power"), size: 40, font: "10px sans-serif" },
        {
          scale: "pct",
          side: 1,
          stroke: color("--dim"),
          size: 34,
          font: "10px sans-serif",
          grid: { show: false },
        },
      ],
      series: [
        {},
        { label: "mW", scale: "mW", stroke: color("--power"), width: 1.5 },
        { label: "SoC %", scale: "pct", stroke: color("--soc"), width: 1.5 },
        { label: "duty %", scale: "pct", stroke: color("--duty"), width: 1.5 },
      ],
    },
    c.data,
    c.plotBox,
  );
}

function drawStrip(c: Card, r: PageRig): void {
  const key = `${JSON.stringify(r.segments)}|${r.orbitPhase?.toFixed(3)}`;
  if (key === c.stripKey) return;
  c.stripKey = key;
  c.strip.replaceChildren();
  for (const [from, to, region] of r.segments) {
    const s = el("div", `seg ${region}`);
    s.style.width = `${Math.max(0, (to - from) * 100)}%`;
    c.strip.append(s);
  }
  if (r.orbitPhase !== null) {
    const m = el("span", "marker", "▲");
    m.style.left = `${(r.orbitPhase - Math.floor(r.orbitPhase)) * 100}%`;
    c.strip.append(m);
  }
}

function update(c: Card, r: PageRig): void {
  c.name.textContent = r.name === r.id ? r.id : `${r.id} · ${r.name}`;
  c.name.title = r.name;
  c.link.textContent = r.link;
  c.link.className = `link ${r.link}`;
  c.fields.power.textContent = num(r.powerMw, 0, " mW");
  c.fields.soc.textContent = pct(r.socFraction);
  c.fields.soc.classList.toggle(
    "low",
    r.socFraction !== null && r.floorSocFraction !== null && r.socFraction <= r.floorSocFraction,
  );
  c.fields.duty.textContent = pct(r.dutyThisOrbit);
  c.fields.work.textContent = num(r.workAccelS, 2, " acc·h", 1 / 3600);
  c.fields.temp.textContent = num(r.nodeTempC, 1, " °C");
  c.meta.textContent = `policy ${r.policy ?? "--"} · last orbit duty ${pct(r.dutyLastOrbit)} · ${r.region ?? "waiting"}`;
  drawStrip(c, r);
  if (r.wallMs !== null && r.wallMs !== c.lastWallMs) {
    c.lastWallMs = r.wallMs;
    const d = c.data;
    d[0]!.push(r.wallMs / 1000);
    d[1]!.push(point(r.powerMw));
    d[2]!.push(point(r.socFraction, 100));
    d[3]!.push(point(r.dutyThisOrbit, 100));
    if (d[0]!.length > POINTS) for (const s of d) s.shift();
    if (!document.body.classList.contains("big")) {
      makePlot(c);
      c.plot?.setData(d);
    }
  }
}

function render(p: PageClass): void {
  document.getElementById("class")!.textContent = p.cls;
  const conn = document.getElementById("conn")!;
  conn.textContent = p.connected ? "live" : "broker lost";
  conn.className = `conn ${p.connected ? "ok" : "bad"}`;
  const online = p.rigs.filter((r) => r.link === "online").length;
  document.getElementById("count")!.textContent = `${p.rigs.length} rigs, ${online} online`;
  if (p.rigs.length > 0) main.querySelector(".empty")?.remove();
  for (const r of p.rigs) {
    let c = cards.get(r.id);
    if (!c) {
      c = newCard(r.id);
      cards.set(r.id, c);
      // Cards in id order, as the teacher's view lists them.
      const after = [...cards.keys()].sort().find((id) => id > r.id);
      main.insertBefore(c.root, after ? (cards.get(after)?.root ?? null) : null);
    }
    update(c, r);
  }
}

/** The last minutes of each rig, sent once when the page connects: plots start full. */
function history(h: Record<string, [number, number | null, number | null, number | null][]>) {
  for (const [id, points] of Object.entries(h)) {
    const c = cards.get(id);
    if (!c || points.length === 0) continue;
    // Points the live pushes already added stay after the history's last one.
    const lastS = points.at(-1)![0] / 1000;
    const live = c.data[0]!.map((_x, i) => i).filter((i) => c.data[0]![i]! > lastS);
    const d: number[][] = [[], [], [], []];
    for (const [wallMs, powerMw, soc, duty] of points) {
      d[0]!.push(wallMs / 1000);
      d[1]!.push(point(powerMw));
      d[2]!.push(point(soc, 100));
      d[3]!.push(point(duty, 100));
    }
    for (const i of live) for (let k = 0; k < 4; k++) d[k]!.push(c.data[k]![i]!);
    c.data = d;
    if (!document.body.classList.contains("big")) {
      makePlot(c);
      c.plot?.setData(c.data);
    }
  }
}

function connect(): void {
  const conn = document.getElementById("conn")!;
  const source = new EventSource("/events");
  source.addEventListener("history", (e) => {
    try {
      history(JSON.parse((e as MessageEvent<string>).data));
    } catch {
      // Without history the plots start empty.
    }
  });
  source.onmessage = (e) => {
    try {
      render(JSON.parse(e.data) as PageClass);
    } catch {
      // A bad push is skipped; the next one redraws everything.
    }
  };
  source.onerror = () => {
    conn.className = "conn bad";
    // Refused (the server's page limit, 503): the browser gives up on its own; we try again.
    if (source.readyState === EventSource.CLOSED) {
      conn.textContent = "refused: too many pages open? trying again in 10 s";
      setTimeout(connect, 10_000);
    } else conn.textContent = "reconnecting…";
  };
}

const projector = document.getElementById("projector")!;
projector.addEventListener("click", () => {
  document.body.classList.toggle("big");
});
if (new URLSearchParams(location.search).has("projector")) document.body.classList.add("big");
connect();
