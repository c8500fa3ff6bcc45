/** Bench, node and duty-cycle panels (pure: snapshot -> lines). */
import { primaryChannel } from "../../core/frame.js";
import { bigText, bigWidth } from "../big-digits.js";
import {
  fitText,
  formatAccelHours,
  formatAgeS,
  formatMilliamps,
  formatPct,
  formatPowerMw,
  formatPowerW,
  formatPwm,
  formatSignedPowerW,
  formatTempC,
  formatVolts,
  formatWh,
} from "../format.js";
import { gauge } from "../gauge.js";
import { type Line, rule, seg, type Tone } from "../lines.js";
import { snapshotLinkHealth } from "../link-health.js";
import type { SessionSnapshot } from "../snapshot.js";
import { fractionBars } from "../sparkline.js";

const label = (text: string, w: number) => seg(fitText(text, w), "dim");
const value = (text: string, w: number, tone: Tone = "value") =>
  seg(fitText(text, w, "right"), tone, true);

export function benchTitle(s: SessionSnapshot, width: number, staleS: number): Line {
  const h = snapshotLinkHealth(s, staleS);
  const extra: Line =
    h.state === "stale" || h.state === "down" || h.state === "reconnecting"
      ? [seg(`${h.symbol} ${h.label} values`, "alarm", true)]
      : [];
  return rule("BENCH", width, extra);
}

/**
 * The node panel's rule. The node is stepped by frames, so without them its values stand
 * still: say they are held, and since when.
 */
export function nodeTitle(s: SessionSnapshot, width: number, staleS: number, label: string): Line {
  const h = snapshotLinkHealth(s, staleS);
  const held = h.state === "stale" || h.state === "down" || h.state === "reconnecting";
  return rule(
    "NODE",
    width,
    held
      ? [seg(`${h.symbol} held${h.ageS !== null ? ` ${formatAgeS(h.ageS)}` : ""}`, "warn", true)]
      : [seg(label, "dim")],
  );
}

export function benchLines(s: SessionSnapshot, staleS: number, width = 38): Line[] {
  const f = s.frame;
  if (!f) return [[seg("waiting for the first frame…", "dim")]];
  const h = snapshotLinkHealth(s, staleS);
  const stale = h.state !== "up";
  const v = (text: string, w: number, tone: Tone = "value") => value(text, w, stale ? "dim" : tone);
  const hot = f.panelTempC !== null && f.panelTempC > 50;
  const lampOn = f.lamp > 0;
  const lampMode: Line =
    s.lampMode === "auto"
      ? [seg(" auto", "dim")]
      : [seg(` ${s.lampMode.toUpperCase()}!`, "warn", true)];
  const lines: Line[] = [
    [
      label("bus", 6),
      v(formatVolts(f.busV), 9),
      seg("  "),
      label("current", 8),
      v(formatMilliamps(f.currentMa), 10),
    ],
    [
      label("power", 6),
      v(formatPowerMw(f.powerMw), 9),
      seg("  "),
      label("panel", 8),
      v(formatTempC(f.panelTempC), 10, hot ? "warn" : "value"),
    ],
    [
      label("lamp", 5),
      seg(lampOn ? "☀" : "●", lampOn ? "sunlit" : "umbra", true),
      v(formatPwm(f.lamp), 5),
      ...lampMode,
      seg("  "),
      label("load", 5),
      v(formatPwm(f.load), 5),
    ],
  ];
  const st = f.status;
  const primary = primaryChannel(f.channels);
  const flags = [
    primary?.overflow && "SENSOR OVERFLOW",
    st.overTempCut && "OVER-TEMP CUT",
    st.safeMode && "SAFE MODE",
    st.watchdogTripped && "WATCHDOG",
    !st.panelTempPresent && "no panel sensor",
  ].filter((x): x is string => typeof x === "string");
  // As many flags per line as fit the column: none may be cut off.
  let row = "";
  for (const flag of flags) {
    const next = row ? `${row} · ${flag}` : `⚠ ${flag}`;
    if (row && next.length > width) {
      lines.push([seg(row, "alarm", true)]);
      row = `⚠ ${flag}`;
    } else row = next;
  }
  if (row) lines.push([seg(row, "alarm", true)]);
  // Other INA219 channels (load, battery, aux) of a multi-sensor bench, one line each.
  const quiet = new Set(s.quietChannels ?? []);
  for (const ch of f.channels.filter((c) => c !== primary).slice(0, 3)) {
    if (ch.present && quiet.has(ch.address)) {
      lines.push([
        label(`${ch.role} 0x${ch.address.toString(16)}`, 13),
        seg("indicator load (< 0.5 mA)", "dim"),
      ]);
      continue;
    }
    lines.push(
      ch.present
        ? [
            label(`${ch.role} 0x${ch.address.toString(16)}`, 13),
            v(formatPowerMw(ch.powerMw), 9),
            seg("  "),
            v(formatMilliamps(ch.currentMa), 9),
            seg(ch.overflow ? " OVF" : "", "alarm", true),
          ]
        : [label(`${ch.role} 0x${ch.address.toString(16)}`, 13), seg("absent", "warn", true)],
    );
  }
  return lines;
}

export function nodeLines(s: SessionSnapshot, gaugeWidth: number): Line[] {
  const n = s.node;
  if (!n) return [[seg("node model: no state yet", "dim")]];
  const socTone: Tone = n.socFraction < 0.2 ? "alarm" : n.socFraction < 0.3 ? "warn" : "ok";
  const charging = n.batteryPowerW > 1;
  const discharging = n.batteryPowerW < -1;
  const flow = charging ? "▲ charging" : discharging ? "▼ discharging" : "= idle";
  return [
    [
      label("array", 8),
      value(formatPowerW(n.arrayPowerW), 9, n.arrayPowerW > 0 ? "sunlit" : "umbra"),
      seg(`  sun ${formatPct(n.illumination)}`, "dim"),
    ],
    [
      label("SoC", 4),
      seg(gauge(n.socFraction, gaugeWidth), socTone),
      value(formatPct(n.socFraction), 5, socTone),
      seg(`  ${formatWh(n.batteryWh)}`),
    ],
    [
      label("battery", 8),
      value(formatSignedPowerW(n.batteryPowerW), 9),
      seg(` ${flow}`, charging ? "ok" : discharging ? "warn" : "dim"),
    ],
    [
      label("compute", 8),
      // At level 0 the payload still draws its idle power: say so, not "0% 12.0 kW".
      ...(n.computeLevel > 0
        ? [value(formatPct(n.computeLevel), 5), seg(" "), value(formatPowerW(n.computePowerW), 9)]
        : [value("off", 5), seg(" idle ", "dim"), value(formatPowerW(n.computePowerW), 9)]),
      ...(n.unservedPowerW > 0
        ? [seg(` shed ${formatPowerW(n.unservedPowerW)}`, "alarm", true)]
        : []),
    ],
    [
      label("node", 5),
      value(formatTempC(n.nodeTempC), 8, n.nodeTempC > 70 ? "warn" : "value"),
      seg("  "),
      label("radiator", 9),
      value(formatPowerW(n.radiatorPowerW), 9),
    ],
  ];
}

export function dutyLines(s: SessionSnapshot, width: number): Line[] {
  const n = s.node;
  const title = rule("DUTY", width, [
    seg("this orbit "),
    seg(formatPct(n?.dutyThisOrbit), "value", true),
    seg("  last "),
    seg(formatPct(n?.dutyLastOrbit), "value", true),
    seg("  session "),
    seg(formatPct(n?.dutySession), "value", true),
  ]);
  const histW = Math.max(5, Math.min(50, width - 40));
  const hist = s.dutyHistory.length ? fractionBars(s.dutyHistory, histW).trimStart() : "none yet";
  const work: Line = n
    ? [
        seg("work "),
        seg(formatAccelHours(n.workAccelS), "value", true),
        seg(` (mean level ${formatPct(n.workDutySession)})`, "dim"),
      ]
    : [];
  return [title, [seg("per orbit ", "dim"), seg(hist, "accent"), seg("   "), ...work]];
}

/** Big readouts for large terminals: SoC, array power and node temperature, label and unit around each. */
export function bigReadoutLines(s: SessionSnapshot, width: number): Line[] {
  const n = s.node;
  if (!n) return [];
  const socTone: Tone = n.socFraction < 0.2 ? "alarm" : n.socFraction < 0.3 ? "warn" : "ok";
  const arrayKw = n.arrayPowerW / 1000;
  const items: { label: string; text: string; unit: string; tone: Tone }[] = [
    { label: "battery SoC", text: `${Math.round(n.socFraction * 100)}%`, unit: "", tone: socTone },
    {
      label: "array",
      text: arrayKw >= 100 ? arrayKw.toFixed(0) : arrayKw.toFixed(1),
      unit: "kW",
      tone: n.arrayPowerW > 0 ? "sunlit" : "umbra",
    },
    {
      label: "node temp",
      text: n.nodeTempC.toFixed(1),
      unit: "°C",
      tone: n.nodeTempC > 70 ? "warn" : "value",
    },
  ];
  const colW = Math.floor(width / items.length);
  const lines: Line[] = [[], [], [], []];
  for (const it of items) {
    const big = bigText(it.text);
    lines[0]!.push(seg(fitText(it.label, colW), "dim"));
    for (let r = 0; r < 3; r++) {
      const unit = r === 2 && it.unit ? ` ${it.unit}` : "";
      lines[r + 1]!.push(
        seg(big[r as 0 | 1 | 2], it.tone, true),
        seg(fitText(unit, Math.max(0, colW - bigWidth(it.text))), "dim"),
      );
    }
  }
  return lines;
}
