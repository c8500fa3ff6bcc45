/** What the dashboard benchmarks share: controls that do nothing, and a keyless stdin. */
import { EventEmitter } from "node:events";
import type { DashboardControls } from "../src/ui/snapshot.js";

/** Controls of an emulated session whose keys are never pressed. */
export const idleControls: DashboardControls = {
  quit: async () => undefined,
  togglePause: () => undefined,
  changeSpeed: () => undefined,
  seek: () => undefined,
  cycleLampMode: () => undefined,
  forceEclipse: () => undefined,
  acknowledgeAlarms: () => undefined,
  addNote: () => undefined,
  cycleTrendWindow: () => 120,
  capabilities: { pause: false, speed: true, seek: false, lamp: true },
};

/** A stdin with no keys: ink only calls these members. */
export function silentStdin(): NodeJS.ReadStream {
  return Object.assign(new EventEmitter(), {
    isTTY: false,
    setRawMode() {},
    setEncoding() {},
    resume() {},
    pause() {},
    ref() {},
    unref() {},
    read: () => null,
  }) as unknown as NodeJS.ReadStream;
}
