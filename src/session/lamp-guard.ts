/**
 * Decides the lamp level the board is told, from what the eclipse schedule wants and
 * what safety allows. Pure: the session feeds it time and readings, it returns the level
 * and any limit crossings to log.
 *
 * Rules, in order:
 * 1. Over-temperature: panel above maxPanelTempC -> lamp off until the panel has cooled
 *    hysteresisC below the limit (the firmware has its own cut too; this one also covers
 *    Firmata boards, which have none).
 * 2. Maximum continuous on-time: lamp on for longer than maxLampOnS without a break ->
 *    off for cooldownS, then back to the schedule.
 * 3. Otherwise the operator's override (on/off) or the schedule (auto).
 */

export type LampMode = "auto" | "on" | "off";

export interface LampGuardConfig {
  driver: "pwm" | "relay";
  /** PWM level for full sun. */
  fullLevel: number;
  maxPanelTempC: number;
  hysteresisC: number;
  maxLampOnS: number;
  cooldownS: number;
}

export interface LampGuardState {
  mode: LampMode;
  overTemp: boolean;
  /** Bench time (s) the lamp last went from off to on, or null while off. */
  onSinceS: number | null;
  /** Bench time (s) until which the on-time cool-down holds the lamp off. */
  cooldownUntilS: number | null;
  level: number;
}

export type LampGuardEvent =
  | { kind: "over-temp-cut"; panelTempC: number; limitC: number }
  | { kind: "over-temp-clear"; panelTempC: number }
  | { kind: "max-on-time-cut"; onForS: number; limitS: number }
  | { kind: "max-on-time-clear" };

export function initialLampGuard(): LampGuardState {
  return { mode: "auto", overTemp: false, onSinceS: null, cooldownUntilS: null, level: 0 };
}

/** Lamp level for a given visible fraction of the Sun's disc. */
export function levelForIllumination(
  illumination: number,
  cfg: Pick<LampGuardConfig, "driver" | "fullLevel">,
): number {
  const x = Number.isFinite(illumination) ? Math.min(1, Math.max(0, illumination)) : 0;
  if (cfg.driver === "relay") return x > 0.5 ? cfg.fullLevel : 0;
  return Math.round(x * cfg.fullLevel);
}

export function stepLampGuard(
  state: LampGuardState,
  cfg: LampGuardConfig,
  input: { nowS: number; illumination: number; panelTempC: number | null },
): { state: LampGuardState; events: LampGuardEvent[] } {
  const events: LampGuardEvent[] = [];
  let { overTemp, onSinceS, cooldownUntilS } = state;

  if (input.panelTempC !== null) {
    if (!overTemp && input.panelTempC > cfg.maxPanelTempC) {
      overTemp = true;
      events.push({
        kind: "over-temp-cut",
        panelTempC: input.panelTempC,
        limitC: cfg.maxPanelTempC,
      });
    } else if (overTemp && input.panelTempC < cfg.maxPanelTempC - cfg.hysteresisC) {
      overTemp = false;
      events.push({ kind: "over-temp-clear", panelTempC: input.panelTempC });
    }
  }
  if (cooldownUntilS !== null && input.nowS >= cooldownUntilS) {
    cooldownUntilS = null;
    events.push({ kind: "max-on-time-clear" });
  }

  let wanted =
    state.mode === "on"
      ? cfg.fullLevel
      : state.mode === "off"
        ? 0
        : levelForIllumination(input.illumination, cfg);
  if (overTemp || cooldownUntilS !== null) wanted = 0;

  if (wanted > 0 && onSinceS !== null && input.nowS - onSinceS > cfg.maxLampOnS) {
    events.push({ kind: "max-on-time-cut", onForS: input.nowS - onSinceS, limitS: cfg.maxLampOnS });
    cooldownUntilS = input.nowS + cfg.cooldownS;
    wanted = 0;
  }
  if (wanted === 0) onSinceS = null;
  else if (onSinceS === null) onSinceS = input.nowS;

  return { state: { mode: state.mode, overTemp, onSinceS, cooldownUntilS, level: wanted }, events };
}

export function nextLampMode(mode: LampMode): LampMode {
  return mode === "auto" ? "on" : mode === "on" ? "off" : "auto";
}
