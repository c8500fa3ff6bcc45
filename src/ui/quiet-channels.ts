/**
 * Which extra INA219 channels can only show noise: a load channel whose mean current, while
 * the load pin was on, is under QUIET_BELOW_MA (the mean, not the peak: a switching
 * transient of a few mA does not make an indicator a load). The emulated demo rig's compute load is
 * a 100 kΩ indicator (about 0.06 mA at full duty, a few current LSBs), so its channel read
 * "0.1 mA" while compute ran at 100 %: the bench panel names such a channel for what it is
 * instead of showing its noise as a reading. A desk rig's 100 Ω load (50 mA) is shown.
 */
import type { Frame } from "../core/frame.js";

/** Below this mean, with the load on, a channel's current is noise (INA219 LSBs, offset). */
export const QUIET_BELOW_MA = 0.5;
/** Frames with the load on before a channel is judged: one frame proves nothing. */
export const QUIET_AFTER_FRAMES = 20;

export class QuietChannels {
  private readonly seen = new Map<number, { frames: number; sumMa: number }>();

  frame(f: Frame): void {
    if (!(f.load > 0)) return;
    for (const ch of f.channels) {
      if (ch.role !== "load" || !ch.present) continue;
      const s = this.seen.get(ch.address) ?? { frames: 0, sumMa: 0 };
      s.frames++;
      s.sumMa += Math.abs(ch.currentMa);
      this.seen.set(ch.address, s);
    }
  }

  /** Addresses of the load channels judged to show only noise. */
  addresses(): number[] {
    return [...this.seen]
      .filter(([, s]) => s.frames >= QUIET_AFTER_FRAMES && s.sumMa / s.frames < QUIET_BELOW_MA)
      .map(([a]) => a);
  }
}
