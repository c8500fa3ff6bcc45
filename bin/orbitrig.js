#!/usr/bin/env node
// Entry point installed as `orbitrig`. The TypeScript sources are compiled to dist/
// by `npm install` (the package's prepare script) or `npm run build`.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

// React's development build doubles the dashboard's render cost; an explicit NODE_ENV wins.
process.env.NODE_ENV ??= "production";

const main = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write("orbitrig: not built yet; run `npm install` (or `npm run build`) in the orbitrig folder first\n");
  process.exit(70);
}
await import(main.href);
