/**
 * The security checks on the built CLI (`npm run build` first): no network socket without a
 * network feature (strace), nothing world-writable, a hostile recording's text never code or
 * markup in any output. The same size as in `npm run reliability`.
 */
import { expect, it } from "vitest";
import { needs } from "../support/requires.js";
import { runSecurityChecks } from "./security.js";

const { describe } = needs("strace", "script");

describe("security", () => {
  it("no socket, nothing world-writable, recorded text shown as text everywhere", async () => {
    const r = await runSecurityChecks({ demoS: 5 });
    expect(r.failures, r.notes.join("\n")).toEqual([]);
  }, 180_000);
});
