#!/usr/bin/env node
// Package bin for the CLI. It re-runs itself on the pinned Node 24 (the node devDependency) through tsx,
// because a bin's shebang would otherwise pick whatever node is first on PATH.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
let nodeBinary = process.execPath;
try {
  nodeBinary = join(dirname(require.resolve("node/package.json")), "bin", "node");
} catch {
  // no pinned node installed: fall back to the current one
}
const tsxCli = join(dirname(require.resolve("tsx/package.json")), "dist", "cli.mjs");
const result = spawnSync(nodeBinary, [tsxCli, join(root, "cli", "main.ts"), ...process.argv.slice(2)], {
  stdio: "inherit",
  cwd: process.cwd(),
});
process.exit(result.status ?? 1);
