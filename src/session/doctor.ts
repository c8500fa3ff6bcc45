/**
 * `orbitrig doctor`: checks a rig before an experiment and measures its full-sun bench
 * power. Works on any BoardDriver; time comes from the board's clock, so the same
 * procedure runs against real hardware, the emulator and test fakes.
 *
 * Steps: handshake -> sensors report -> lamp off baseline -> lamp on response (the
 * array current must rise by `factor` within `responseMs`) -> settled full-sun power ->
 * lamp off.
 */
import type { BoardDriver, BoardInfo } from "../core/board.js";
import type { Clock } from "../core/clock.js";
import type { Frame } from "../core/frame.js";

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** What to look at on the bench when the check failed. */
  advice?: string;
}

export interface DoctorOptions {
  lampFullLevel: number;
  /** Lamp off -> on must multiply the array current by at least this. */
  responseFactor: number;
  /** ... within this many ms of the lamp command. */
  responseMs: number;
  /** Smallest current rise that counts, so a dark-noise baseline near 0 cannot pass on noise. */
  minRiseMa?: number;
  /** How long to average the settled full-sun power. Default 1000 ms. */
  settleMs?: number;
}

export interface DoctorResult {
  info: BoardInfo | null;
  checks: DoctorCheck[];
  /** Settled full-sun array power on the bench, when the lamp check passed. */
  fullSunBenchMw: number | null;
  ok: boolean;
}

/** Resolves after ms of the board's clock. */
function wait(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export async function runDoctor(board: BoardDriver, opts: DoctorOptions): Promise<DoctorResult> {
  const checks: DoctorCheck[] = [];
  const frames: Frame[] = [];
  const unsubscribe = board.onFrame((f) => frames.push(f));
  const clock = board.clock;
  let info: BoardInfo | null = null;
  let fullSunBenchMw: number | null = null;
  const framesSince = (ms: number) => frames.filter((f) => f.hostMs >= ms);

  try {
    try {
      info = await board.open();
      checks.push({
        name: "handshake",
        ok: true,
        detail: `${info.profile} firmware ${info.firmwareVersion}, protocol v${info.protocolVersion}, board ${info.boardId} on ${info.port}`,
      });
    } catch (e) {
      checks.push({
        name: "handshake",
        ok: false,
        detail: (e as Error).message,
        advice:
          "check the USB cable and --port, that the uno-ina219 firmware is flashed (orbitrig firmware flash uno-ina219 --port P), and the baud rate in the rig file",
      });
      return { info, checks, fullSunBenchMw, ok: false };
    }

    const t0 = clock.nowMs();
    await wait(clock, 1500);
    const first = framesSince(t0);
    if (first.length === 0) {
      checks.push({
        name: "telemetry",
        ok: false,
        detail: "no telemetry frame within 1.5 s",
        advice: "the board answered the handshake but sends no frames: reflash the firmware",
      });
      return { info, checks, fullSunBenchMw, ok: false };
    }
    checks.push({ name: "telemetry", ok: true, detail: `${first.length} frames in 1.5 s` });

    const last = first[first.length - 1]!;
    const channels = last.channels.length > 0 ? last.channels : [];
    const missing = channels.filter((c) => !c.present);
    const array = channels.find((c) => c.role === "array");
    checks.push({
      name: "current sensor",
      ok: channels.length > 0 && missing.length === 0,
      detail:
        channels.length === 0
          ? "the board reports no INA219 channel"
          : channels
              .map(
                (c) =>
                  `INA219 0x${c.address.toString(16)} (${c.role}) ${c.present ? "answers" : "does not answer"}`,
              )
              .join("; "),
      ...(missing.length > 0 || channels.length === 0
        ? {
            advice:
              "check the INA219's SDA->A4, SCL->A5, VCC->5V, GND, and its A0/A1 address straps (TI SBOS448 table 1)",
          }
        : {}),
    });
    checks.push({
      name: "panel temperature",
      ok: last.panelTempC !== null,
      detail: last.panelTempC !== null ? `${last.panelTempC.toFixed(1)} °C` : "no valid reading",
      ...(last.panelTempC === null
        ? {
            advice:
              "check the TMP36: +Vs to 5V, Vout to A0, GND; flat face toward you, pins down: +Vs, Vout, GND",
          }
        : {}),
    });
    if (!array?.present) return { info, checks, fullSunBenchMw, ok: false };

    // Baseline with the lamp off.
    await board.setLamp(0);
    await wait(clock, Math.max(500, opts.responseMs / 2));
    const tb = clock.nowMs();
    await wait(clock, 500);
    const baselineMa = mean(framesSince(tb).map((f) => f.currentMa));

    // Lamp on: the current must rise by the factor within responseMs.
    const tOn = clock.nowMs();
    await board.setLamp(opts.lampFullLevel);
    const minRiseMa = opts.minRiseMa ?? 1;
    const threshold = Math.max(baselineMa * opts.responseFactor, baselineMa + minRiseMa);
    let respondedAtMs: number | null = null;
    while (clock.nowMs() - tOn <= opts.responseMs) {
      const hit = framesSince(tOn).find((f) => f.currentMa >= threshold);
      if (hit) {
        respondedAtMs = hit.hostMs - tOn;
        break;
      }
      await wait(clock, 50);
    }
    if (respondedAtMs === null) {
      const peak = Math.max(...framesSince(tOn).map((f) => f.currentMa), Number.NEGATIVE_INFINITY);
      checks.push({
        name: "lamp response",
        ok: false,
        detail: `array current ${fmt(baselineMa)} mA dark, at most ${fmt(peak)} mA lit within ${opts.responseMs} ms (needs ≥ ${fmt(threshold)} mA)`,
        advice:
          "check that the lamp switches (MOSFET gate on D9, or the relay module's IN on D9), that it faces the cell, and that the cell's + goes to the INA219's VIN+ and VIN- to the load",
      });
      await board.setLamp(0);
      return { info, checks, fullSunBenchMw, ok: false };
    }
    checks.push({
      name: "lamp response",
      ok: true,
      detail: `array current ${fmt(baselineMa)} mA dark -> ≥ ${fmt(threshold)} mA ${respondedAtMs.toFixed(0)} ms after lamp on`,
    });

    // Settled full-sun bench power.
    await wait(clock, opts.responseMs);
    const ts = clock.nowMs();
    await wait(clock, opts.settleMs ?? 1000);
    const settled = framesSince(ts);
    fullSunBenchMw = mean(settled.map((f) => f.powerMw));
    checks.push({
      name: "full-sun bench power",
      ok: Number.isFinite(fullSunBenchMw) && fullSunBenchMw > 0,
      detail: `${fmt(fullSunBenchMw)} mW (mean of ${settled.length} frames over ${opts.settleMs ?? 1000} ms)`,
    });
    await board.setLamp(0);
  } finally {
    unsubscribe();
    await board.safe();
    await board.close().catch(() => undefined);
  }
  return { info, checks, fullSunBenchMw, ok: checks.every((c) => c.ok) };
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : 1) : "n/a";
}
