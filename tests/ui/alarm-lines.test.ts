/**
 * The ALARMS panel's lines, fed by the real evaluator (src/session/alarms.ts), so what an
 * operator reads is checked against what the values did.
 */
import { describe, expect, it } from "vitest";
import { parseRig } from "../../src/config/index.js";
import { limitsSchema } from "../../src/config/schema/limits.js";
import { AlarmMonitor } from "../../src/session/alarms.js";
import { alarmLines } from "../../src/ui/panels/status.js";
import { makeFrame, makeSnapshot } from "./fixtures.js";

const limits = (fields: Record<string, unknown>, persistSamples: number) =>
  limitsSchema.parse({
    persistSamples,
    fields: {
      "frame.panelTempC": null,
      "node.socFraction": null,
      "node.nodeTempC": null,
      "link.lastFrameAgeS": null,
      ...fields,
    },
  });

/** The alarm lines (under the panel's rule) as plain text, at session time nowHostMs. */
function shown(m: AlarmMonitor, nowHostMs: number): string[] {
  return alarmLines(makeSnapshot({ alarms: m.alarms(), nowHostMs }), 100, 6)
    .slice(1)
    .map((line) => line.map((s) => s.text).join(""));
}

describe("alarm lines", () => {
  it("a cleared alarm says how long ago it cleared, not a duration still counting", () => {
    const m = new AlarmMonitor(limits({ "link.lastFrameAgeS": { yellowAbove: 2 } }, 1));
    const sample = (hostMs: number, lastFrameMs: number) => ({
      hostMs,
      frame: makeFrame({ hostMs: lastFrameMs }),
      node: null,
    });
    m.update(sample(0, 0));
    m.update(sample(3000, 0)); // silent for 3 s: raised
    expect(shown(m, 3000)).toEqual(["⚠ YELLOW link silent 3.0 s > 2.0 s  for 0:00  NEW"]);
    m.update(sample(5000, 0)); // the session's tick while silent
    m.update(sample(7000, 7000)); // a frame: cleared
    expect(shown(m, 20_000)).toEqual(["⚠ YELLOW link silent 5.0 s > 2.0 s  cleared 0:13 ago"]);
  });

  it("an acknowledged red back between yellow and red still reads true (its worst value)", () => {
    const m = new AlarmMonitor(
      limits({ "frame.panelTempC": { yellowAbove: 25, redAbove: 28 } }, 2),
    );
    let hostMs = 0;
    const panel = (panelTempC: number) => {
      hostMs += 1000;
      return { hostMs, frame: makeFrame({ panelTempC, hostMs }), node: null };
    };
    for (const v of [28.5, 29.4, 27]) m.update(panel(v));
    m.acknowledgeAll();
    m.update(panel(27));
    expect(shown(m, hostMs)).toEqual(["✖ RED    panel temp 29.4 °C > 28.0 °C  for 0:03  ack'd"]);
  });

  it("below a limit, the lowest value is shown", () => {
    const m = new AlarmMonitor(limits({ "node.socFraction": { yellowBelow: 0.3 } }, 1));
    const soc = (hostMs: number, socFraction: number) => ({
      hostMs,
      frame: null,
      node: { ...makeSnapshot().node!, socFraction },
    });
    for (const [ms, v] of [
      [1000, 0.25],
      [2000, 0.21],
      [3000, 0.28],
    ] as const)
      m.update(soc(ms, v));
    expect(shown(m, 3000)).toEqual(["⚠ YELLOW battery SoC 21% < 30%  for 0:02  NEW"]);
  });

  it("a node that fell to -17 °C is a red alarm on the default limits, not 'none'", () => {
    const m = new AlarmMonitor(parseRig({}).limits);
    const cold = (hostMs: number) => ({
      hostMs,
      frame: makeFrame({ hostMs }),
      node: { ...makeSnapshot().node!, nodeTempC: -17 },
    });
    for (const ms of [1000, 2000, 3000]) m.update(cold(ms));
    expect(shown(m, 3000)).toEqual(["✖ RED    node temp -17.0 °C < -10.0 °C  for 0:02  NEW"]);
  });
});
