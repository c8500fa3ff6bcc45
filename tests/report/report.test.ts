import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { buildCharts } from "../../src/report/charts.js";
import { makeComparisonReport } from "../../src/report/compare-report.js";
import { makeReport } from "../../src/report/report.js";
import { Downsampler, SERIES } from "../../src/telemetry/series.js";
import { RecordingWriter } from "../../src/telemetry/writer.js";
import { needs } from "../support/requires.js";
import { syntheticFrame, syntheticHeader, syntheticNode } from "../telemetry/synthetic.js";

/** Width and height from a PNG's IHDR chunk (PNG spec, section 11.2.2), after checking the signature. */
function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(buf.toString("latin1", 12, 16)).toBe("IHDR");
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

function recording(n: number) {
  const dir = mkdtempSync(join(tmpdir(), "orbitrig-report-"));
  const path = join(dir, "rec.ndjson");
  const w = new RecordingWriter({ clock: new ManualClock() });
  const h = syntheticHeader();
  h.rig.config = {
    name: "desk test",
    safety: { maxPanelTempC: 45 },
    node: { battery: { floorSocFraction: 0.3 } },
  };
  w.open(path, h);
  for (let i = 0; i < n; i++) {
    const f = syntheticFrame(i);
    w.frame(f, syntheticNode(i, f));
    if (i === 700)
      w.event(f.hostMs, "limit", { field: "frame.panelTempC", value: 46.2, limit: 45 });
    if (i === 800)
      w.event(f.hostMs, "alarm", {
        field: "node.socFraction",
        severity: "yellow",
        change: "raised",
      });
    if (i === 900) w.note("moved the lamp 2 cm closer", f.hostMs);
  }
  w.close({ endReason: "quit" });
  return { dir, path };
}

describe("orbitrig report", () => {
  const { it } = needs("DejaVu Sans");
  it("writes every chart as SVG and a PNG of the declared size, summary.md, report.html and orbits.csv", async () => {
    const { dir, path } = recording(2500);
    const out = join(dir, "report");
    const res = await makeReport(path, out);
    const names = ["power", "soc", "temperature", "compute", "duty"];
    expect(res.charts.map((c) => c.name)).toEqual(names);
    const manifest = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as {
      charts: typeof res.charts;
    };
    for (const c of manifest.charts) {
      const size = pngSize(readFileSync(join(out, c.png)));
      expect(size).toEqual({ width: c.pngWidth, height: c.pngHeight });
      expect(size.width).toBe(Math.round(c.svgWidth * 2));
      expect(size.height).toBe(Math.round(c.svgHeight * 2));
      const svg = readFileSync(join(out, c.svg), "utf8");
      expect(svg).toMatch(/^<svg[^>]*width="\d+/);
    }
    // Text is drawn with a real font: the measured/modelled labels are in every SVG that has them.
    expect(readFileSync(join(out, "power.svg"), "utf8")).toContain(
      "bench array power, mW (measured)",
    );
    expect(readFileSync(join(out, "power.svg"), "utf8")).toContain(
      "satellite array power, kW (modelled)",
    );
    expect(readFileSync(join(out, "soc.svg"), "utf8")).toContain("DoD floor 30 %");
    expect(readFileSync(join(out, "temperature.svg"), "utf8")).toContain("panel limit 45 °C");
    expect(res.font).not.toBeNull();

    const md = readFileSync(join(out, "summary.md"), "utf8");
    expect(md).toContain("desk test");
    expect(md).toContain("synthetic-0"); // firmware from the header
    // Readable headings in the documents; orbits.csv keeps the machine names.
    expect(md).toMatch(/\| orbit \| whole orbit\? \| bench time, s \| eclipse, min \|/);
    expect(md).toContain("moved the lamp 2 cm closer");
    expect(md).toContain("limit");
    expect(md).toContain("node.socFraction");
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html.match(/<svg/g)?.length).toBe(5); // charts embedded, self-contained
    expect(html).not.toMatch(/<img|src="/);
    expect(html).toContain("<th>energy in, kWh</th>");
    // The time charts carry the orbit axis: each orbit's start, numbered from 1.
    const power = readFileSync(join(out, "power.svg"), "utf8");
    expect(power).toContain("orbit 1");
    expect(power).toContain("orbit 2");
    expect(power).toMatch(/orbit time = × 90/);
    const orbits = readFileSync(join(out, "orbits.csv"), "utf8").trim().split("\r\n");
    expect(orbits[0]).toMatch(/^orbit,complete,bench_s,eclipse_min,/);
    expect(orbits.length - 1).toBe(res.summary.stats.orbits.length);
    expect(existsSync(join(out, "summary.md"))).toBe(true);
  });
});

describe("report of a recording without node states", () => {
  it("draws the bench charts and says the modelled ones are empty", async () => {
    const dir = mkdtempSync(join(tmpdir(), "orbitrig-report-"));
    const path = join(dir, "bench-only.ndjson");
    const w = new RecordingWriter({ clock: new ManualClock() });
    w.open(path, syntheticHeader());
    for (let i = 0; i < 600; i++) w.frame(syntheticFrame(i));
    w.close({ endReason: "quit" });
    const res = await makeReport(path, join(dir, "rep"));
    expect(res.charts).toHaveLength(5);
    expect(res.summary.stats.totals.maxPanelTempC).toBe(40);
    expect(res.summary.stats.totals.minSocPct).toBeNull();
    expect(readFileSync(join(dir, "rep", "soc.svg"), "utf8")).toContain(
      "no node states in this recording",
    );
  });
});

describe("chart downsampling", () => {
  it("keeps at most maxBuckets buckets and never loses a spike", () => {
    const ds = new Downsampler(100, 10);
    const i = SERIES.indexOf("benchPowerMw");
    for (let k = 0; k < 100_000; k++) {
      ds.values.fill(Number.NaN);
      ds.values[i] = k === 54_321 ? 9999 : Math.sin(k / 100);
      ds.add(k * 10);
    }
    const b = ds.buckets();
    expect(b.length).toBeLessThanOrEqual(100);
    expect(Math.max(...b.map((x) => x.max.benchPowerMw ?? 0))).toBe(9999);
    const spike = b.find((x) => x.max.benchPowerMw === 9999)!;
    expect(spike.t0Ms).toBeLessThanOrEqual(543_210);
    expect(spike.t1Ms).toBeGreaterThan(543_210);
    expect(Math.min(...b.map((x) => x.min.benchPowerMw ?? 0))).toBeCloseTo(-1, 3);
  });
});

describe("what a recording says is text, never markup", () => {
  const NAME = '<img src=x onerror="alert(1)"> *rig* [site](http://example.com) | x';
  const NOTE = "<script>alert(2)</script> # not a heading ![i](x.png) `code` & more";

  it("summary.md, report.html and the charts show the rig name and notes as written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "orbitrig-report-esc-"));
    const path = join(dir, "rec.ndjson");
    const w = new RecordingWriter({ clock: new ManualClock() });
    const h = syntheticHeader();
    h.rig.config = { name: NAME };
    w.open(path, h);
    for (let i = 0; i < 600; i++) {
      const f = syntheticFrame(i);
      w.frame(f, syntheticNode(i, f));
      if (i === 300) w.note(NOTE, f.hostMs);
    }
    w.close({ endReason: "quit" });
    const out = join(dir, "report");
    await makeReport(path, out);
    const md = readFileSync(join(out, "summary.md"), "utf8");
    // No HTML tag, link, image or code span comes through from the recording.
    expect(md).not.toMatch(/<img|<script/);
    expect(md).not.toMatch(/\]\(http|!\[i\]|`code`/);
    expect(md).toContain("&lt;script&gt;alert\\(2\\)&lt;/script&gt;");
    expect(md).toMatch(
      /^# orbitrig report: &lt;img src=x onerror="alert\\\(1\\\)"&gt; \\\*rig\\\* \\\[site\\\]/m,
    );
    // A note is one table cell: its pipe and # cannot start a column or a heading.
    const noteRow = md.split("\n").find((l) => l.includes("alert\\(2\\)"))!;
    expect(noteRow.split(/(?<!\\)\|/).length).toBe(5); // | time | kind | note |
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).not.toMatch(/<img|<script/);
    expect(html).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    for (const chart of ["power", "soc", "temperature", "compute", "duty"]) {
      expect(readFileSync(join(out, `${chart}.svg`), "utf8")).not.toMatch(/<img|<script/);
    }
  });
});

describe("duty chart", () => {
  const orbit = (n: number, dutyPct: number, complete: boolean) => ({
    orbit: n,
    complete,
    dutyPct,
    frames: 10,
    startHostMs: n * 60_000,
    benchS: 60,
    orbitS: 5400,
    eclipseMin: 30,
    benchEnergyMwh: 1,
    energyInWh: 1,
    energyOutWh: 1,
    minSocPct: 50,
    maxPanelTempC: 30,
    maxNodeTempC: 30,
    meanComputePct: 50,
    workAccelS: 1,
    floorViolations: 0,
  });
  const limits = { floorSocPct: null, maxPanelTempC: null, maxNodeTempC: null, minNodeTempC: null };
  const dutyOf = (orbits: ReturnType<typeof orbit>[]) => {
    const spec = buildCharts({ buckets: [], orbits, limits, timeScale: 90, title: "t" }).find(
      (c) => c.name === "duty",
    )!.spec as { data: { values: { orbit: number; duty: number }[] }; title: { subtitle: string } };
    return spec;
  };

  it("leaves out a short last orbit's duty so far (it is not that orbit's duty) and says so", () => {
    const spec = dutyOf([orbit(1, 60, true), orbit(2, 58, true), orbit(3, 100, false)]);
    expect(spec.data.values.map((v) => [v.orbit, v.duty])).toEqual([
      [1, 60],
      [2, 58],
    ]);
    expect(spec.title.subtitle).toContain(
      "1 partial orbit (the recording starts or ends in it) left out",
    );
  });

  it("draws partial orbits when the recording has no whole one", () => {
    const spec = dutyOf([orbit(1, 100, false)]);
    expect(spec.data.values.map((v) => v.orbit)).toEqual([1]);
  });
});

describe("report A B: two recordings side by side", () => {
  const { it } = needs("DejaVu Sans");
  it("writes compare.md and a self-contained compare.html with both runs' figures, their difference and each orbit's duty", async () => {
    const a = recording(2500);
    const b = recording(1300);
    const out = join(a.dir, "cmp");
    const res = await makeComparisonReport(a.path, b.path, out);
    expect(res.files.map((f) => f.slice(out.length + 1)).sort()).toEqual([
      "compare.html",
      "compare.json",
      "compare.md",
      "duty.png",
      "duty.svg",
    ]);
    const md = readFileSync(join(out, "compare.md"), "utf8");
    expect(md).toMatch(/^\| +\| A: desk test.* \| B: desk test.* \| B − A \|$/m);
    // Frames differ (2500 against 1300): so do the orbits started, with the sign of B − A.
    const [sa, sb] = res.summaries;
    const orbitsRow = md.split("\n").find((l) => l.startsWith("| orbits \\(started\\)"))!;
    expect(orbitsRow).toBe(
      `| orbits \\(started\\) | ${sa.stats.totals.orbits} | ${sb.stats.totals.orbits} | ${sb.stats.totals.orbits - sa.stats.totals.orbits} |`,
    );
    expect(md).toMatch(/## Duty per orbit, %/);
    const html = readFileSync(join(out, "compare.html"), "utf8");
    expect(html.match(/<svg/g)?.length).toBe(1);
    expect(html).not.toMatch(/<img|src="/);
  });
});

describe("report of a recording with no frame to show", () => {
  /** The recording's lines, changed by `edit` (line 1 is the header), in a new file. */
  function edited(edit: (lines: string[]) => string[]) {
    const { dir, path } = recording(50);
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    writeFileSync(path, `${edit(lines).join("\n")}\n`);
    return { dir, path };
  }
  const message = async (path: string, dir: string, window?: { fromS: number; toS: number }) => {
    const err = await makeReport(path, join(dir, "rep"), window ? { window } : {}).catch(
      (e: Error) => e,
    );
    expect(existsSync(join(dir, "rep"))).toBe(false);
    return (err as Error).message;
  };

  it("says its frame rows are all corrupt, not where its footer says the last frame was", async () => {
    const { dir, path } = edited((l) => l.map((x) => (x.startsWith('["f"') ? `${x}]` : x)));
    expect(await message(path, dir)).toMatch(
      /rec\.ndjson: no frames to report \(it has no valid frames: 50 corrupt lines skipped \(line 2, 3,/,
    );
  });

  it("says the same when one of two recordings to compare has none", async () => {
    const { dir, path } = edited((l) => l.filter((x) => !x.startsWith('["f"')));
    const good = recording(50).path;
    const err = await makeComparisonReport(path, good, join(dir, "cmp")).catch((e: Error) => e);
    expect((err as Error).message).toBe(`${path}: no frames to compare (it has no frames)`);
    const late = await makeComparisonReport(good, good, join(dir, "cmp"), {
      window: { fromS: 7200, toS: Infinity },
    }).catch((e: Error) => e);
    expect((late as Error).message).toMatch(
      /rec\.ndjson: no frames from 2h00m00s to compare \(its last frame is at /,
    );
    expect(existsSync(join(dir, "cmp"))).toBe(false);
  });

  it("says a window past the end of a recording without a footer is past its frames", async () => {
    const { dir, path } = edited((l) => l.slice(0, -1));
    expect(await message(path, dir, { fromS: 7200, toS: Infinity })).toBe(
      `${path}: no frames from 2h00m00s to report (its 50 frames are outside that window)`,
    );
  });
});
