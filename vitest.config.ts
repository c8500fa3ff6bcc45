import { defineConfig } from "vitest/config";

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
    // ink renders only the last frame when it sees a CI variable (is-in-ci); the dashboard
    // tests read every frame, so they must not depend on where the suite runs.
    env: { CI: "false" },
  },
});
