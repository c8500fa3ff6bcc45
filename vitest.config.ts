import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// Test groups that need a Debian tool this machine lacks write why they were skipped here
// (tests/support/requires.ts); the skip reporter prints one line about them at the end.
const skipLog = mkdtempSync(join(tmpdir(), "orbitrig-skips-"));
process.env.ORBITRIG_SKIP_LOG = skipLog;

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    environment: "node",
    // Emulator and end-to-end tests spawn processes and run firmware; give them room
    // on a loaded 2-core machine, but every wait inside a test is bounded by its own
    // condition, never by sleeping.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default", "./tests/support/skip-reporter.ts"],
    // ink renders only the last frame when it sees a CI variable (is-in-ci); the dashboard
    // tests read every frame, so they must not depend on where the suite runs.
    env: { CI: "false", ORBITRIG_SKIP_LOG: skipLog },
  },
});
