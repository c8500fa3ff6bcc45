/**
 * Checks the lamp the host commands against the light the cell measures: a relay welded
 * shut or a MOSFET failed short keeps the lamp on in "eclipse" (the model would charge the
 * battery in the Earth's shadow, and a SAFE would be recorded as done while the desk lamp
 * burns), and a blown bulb leaves the cell dark in "sunlight". Pure: the session feeds it
 * bench time, the level it commanded and the cell's power; it returns its verdict.
 *
 * "Lit" and "dark" are judged against a reference lit power: the rig's measured full-sun
 * bench power (calibration.fullSunBenchMw) or, until that is known, the highest settled
 * power seen this session with the lamp fully on. The doctor's lamp-response rule says a
 * lamp must change the cell's output by responseFactor within responseMs: so with the lamp
 * off for longer than that, more than reference / responseFactor is light that should not
 * be there, and with it fully on, less than that is light that should be there but is not.
 */

export interface LampCheckConfig {
  /** Measured array power at full lamp, or null when not measured. */
  fullSunBenchMw: number | null;
  /** The cell must follow the lamp by this factor (calibration.lampResponseFactor). */
  responseFactor: number;
  /** ... within this long (calibration.lampResponseMs), ms of bench time. */
  responseMs: number;
  /** The commanded level that stands for full sun. */
  fullLevel: number;
}

export type LampVerdict = "ok" | "stuck-on" | "no-light";

export interface LampCheckState {
  /** The level last commanded and the bench time it was commanded (s). */
  level: number | null;
  sinceS: number;
  /** Highest settled power seen at full lamp this session. */
  litSeenMw: number;
  verdict: LampVerdict;
}

export function initialLampCheck(): LampCheckState {
  return { level: null, sinceS: 0, litSeenMw: 0, verdict: "ok" };
}

/** The power that counts as "lit", or null while nothing says what lit looks like. */
export function litReferenceMw(state: LampCheckState, cfg: LampCheckConfig): number | null {
  const ref = cfg.fullSunBenchMw ?? (state.litSeenMw > 0 ? state.litSeenMw : null);
  return ref !== null && ref > 0 ? ref : null;
}

/**
 * One frame. `level` is what the host commanded (null: nothing yet), `benchPowerMw` what
 * the cell delivers. Returns the new state; its verdict changes only after the lag.
 */
export function stepLampCheck(
  state: LampCheckState,
  cfg: LampCheckConfig,
  input: { nowS: number; level: number | null; benchPowerMw: number },
): LampCheckState {
  const next = { ...state };
  if (input.level !== state.level) {
    next.level = input.level;
    next.sinceS = input.nowS;
  }
  const settled = next.level !== null && input.nowS - next.sinceS >= cfg.responseMs / 1000;
  if (!settled || !Number.isFinite(input.benchPowerMw)) {
    // A change of command restarts the judgement: the old verdict stands until it settles.
    return next;
  }
  const full = next.level! >= cfg.fullLevel;
  if (full && next.verdict !== "no-light")
    next.litSeenMw = Math.max(next.litSeenMw, input.benchPowerMw);
  const ref = litReferenceMw(next, cfg);
  if (ref === null) return { ...next, verdict: "ok" };
  const threshold = ref / cfg.responseFactor;
  if (next.level === 0) next.verdict = input.benchPowerMw > threshold ? "stuck-on" : "ok";
  else if (full) next.verdict = input.benchPowerMw < threshold ? "no-light" : "ok";
  else next.verdict = "ok"; // dimmed: a penumbra ramp proves nothing either way
  return next;
}
