/**
 * Crash safety at a size for every run of the suite: three SIGKILLs of the real host on the
 * firmware behind a pty (`npm run reliability` does fifty). Needs socat and the built CLI.
 */
import { expect, it } from "vitest";
import { needs } from "../support/requires.js";
import { runCrashCampaign } from "./crash.js";

const { describe } = needs("socat");

describe("crash safety (reduced)", () => {
  it("three SIGKILLs: each recording reads back, at most the flush interval lost, the firmware's watchdog turns the lamp off", async () => {
    const r = await runCrashCampaign({ kills: 3, seed: 20261206 });
    expect(r.failures, r.notes.join("\n")).toEqual([]);
  }, 180_000);
});
