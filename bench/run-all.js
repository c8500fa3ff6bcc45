#!/usr/bin/env node
// `npm run bench`: runs every benchmark in turn and prints their figures. Each one prints
// its own side-by-side comparison; run them on a quiet machine (they share 2 cores).
// `npm run bench -- model emulator` runs only those.
import { spawnSync } from "node:child_process";

const ALL = [
  ["model", ["bench/model.ts"]],
  ["constellation", ["bench/constellation.ts"]],
  ["emulator", ["bench/emulator.ts"]],
  ["serial", ["bench/serial.ts"]],
  ["dashboard", ["bench/dashboard.ts", "--size", "80x24"]],
  ["dashboard-large", ["bench/dashboard.ts", "--size", "140x40", "--seconds", "20"]],
  ["dashboard-render", ["bench/dashboard-render.tsx"]],
  ["dashboard-emulated", ["bench/dashboard-emulated.ts"]],
  ["replay", ["bench/replay.ts", "--frames", "2000000"]],
  ["classroom", ["bench/classroom.ts"]],
];

const wanted = process.argv.slice(2);
const chosen = wanted.length ? ALL.filter(([name]) => wanted.includes(name)) : ALL;
if (wanted.length && chosen.length !== wanted.length) {
  console.error(`bench: unknown name; choose from ${ALL.map(([n]) => n).join(", ")}`);
  process.exit(2);
}
let failed = 0;
for (const [name, args] of chosen) {
  console.log(`\n=== ${name}: npx tsx ${args.join(" ")}`);
  const r = spawnSync("npx", ["tsx", ...args], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (r.status !== 0) {
    console.error(`bench: ${name} exited with ${r.status}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
