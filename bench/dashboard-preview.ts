/**
 * Renders a fixture dashboard on this terminal, to look at the real thing (e.g. in tmux at
 * 80x24 and 140x40). Keys work against a fake session that logs what it was asked.
 *   npx tsx bench/dashboard-preview.ts [fixture]   (fixtures: tests/ui/fixtures.ts FIXTURES)
 */

import { startDashboard } from "../src/ui/index.js";
import type { DashboardControls, SessionSnapshot } from "../src/ui/snapshot.js";
import { FIXTURES } from "../tests/ui/fixtures.js";

const name = process.argv[2] ?? "sunlit";
const base = FIXTURES[name];
if (!base) {
  process.stderr.write(`unknown fixture ${name}; one of ${Object.keys(FIXTURES).join(", ")}\n`);
  process.exit(2);
}
let snap: SessionSnapshot = { ...base };
const listeners = new Set<() => void>();
const changed = () => {
  for (const l of listeners) l();
};
const log = (text: string) => {
  snap = {
    ...snap,
    recentEvents: [...snap.recentEvents, { hostMs: snap.nowHostMs, text }].slice(-8),
  };
  changed();
};
const controls: DashboardControls = {
  quit: async () => log("quit"),
  togglePause: () => {
    snap = { ...snap, paused: !snap.paused };
    changed();
  },
  changeSpeed: (f) => {
    snap = { ...snap, speed: snap.speed * f };
    changed();
  },
  seek: (d) => log(`seek ${d}`),
  cycleLampMode: () => {
    snap = {
      ...snap,
      lampMode: snap.lampMode === "auto" ? "on" : snap.lampMode === "on" ? "off" : "auto",
    };
    changed();
  },
  forceEclipse: () => log("force eclipse"),
  acknowledgeAlarms: () => {
    snap = {
      ...snap,
      alarms: snap.alarms.filter((a) => a.active).map((a) => ({ ...a, acknowledged: true })),
    };
    changed();
  },
  addNote: (t) => log(`note: ${t}`),
  cycleTrendWindow: () => 600,
  capabilities: {
    pause: true,
    speed: true,
    seek: snap.mode === "replay",
    lamp: snap.mode !== "replay",
  },
};
const h = startDashboard({
  source: {
    getSnapshot: () => snap,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  },
  controls,
});
await h.waitUntilExit();
