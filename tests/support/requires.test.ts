import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TOOLS } from "./requires.js";
import { RUN_ALL_COMMAND, skipLine } from "./skip-reporter.js";

/** The one package list that .ci/run and `npm run test:all` install. */
const listed = readFileSync("scripts/debian-packages.txt", "utf8")
  .split("\n")
  .map((l) => l.replace(/#.*/, "").trim())
  .filter(Boolean);

describe("test groups that need Debian tools", () => {
  it.each(Object.entries(TOOLS))(
    "%s: its packages are in scripts/debian-packages.txt",
    (_, need) => {
      expect(listed).toEqual(expect.arrayContaining([...need.debianPackages]));
    },
  );

  it("package.json's test:all is the command the end-of-run line names", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts[RUN_ALL_COMMAND.replace(/^npm run /, "")]).toBeDefined();
  });

  it("ends a run that skipped groups with one line: groups, missing tools, packages, command", () => {
    const line = skipLine([
      {
        file: "tests/e2e/replug.test.ts",
        group: "unplug and replug",
        needs: ["socat"],
        missing: ["socat"],
        debianPackages: ["socat"],
      },
      {
        file: "tests/ui/demo-e2e.test.ts",
        group: "orbitrig demo in a terminal",
        needs: ["tmux"],
        missing: ["tmux"],
        debianPackages: ["tmux"],
      },
      {
        file: "tests/e2e/signals.test.ts",
        group: "the lamp goes off however the host dies",
        needs: ["socat"],
        missing: ["socat"],
        debianPackages: ["socat"],
      },
    ]);
    expect(line).toBe(
      "skipped 3 groups (e2e/replug.test.ts, e2e/signals.test.ts, ui/demo-e2e.test.ts): missing socat, tmux; install Debian's socat tmux and run them with `npm run test:all`",
    );
    expect(line?.includes("\n")).toBe(false);
    expect(skipLine([])).toBeNull();
  });
});
