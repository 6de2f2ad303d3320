import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// The dependency checker of `npm run lint:deps`, run the way npm runs it: with this repository's config.
const repo = resolve(import.meta.dirname, "../..");
const depcruise = join(repo, "node_modules/dependency-cruiser/bin/dependency-cruiser.mjs");
const config = join(repo, ".dependency-cruiser.cjs");

function cruise(cwd: string, paths: string[]) {
  const run = spawnSync(process.execPath, [depcruise, ...paths, "--config", ".dependency-cruiser.cjs", "--output-type", "err"], {
    cwd,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway project with the repository's config and the given files (path -> source). */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "dependency-rules-"));
  dirs.push(dir);
  copyFileSync(config, join(dir, ".dependency-cruiser.cjs"));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "ESNext", moduleResolution: "Bundler", strict: true } }));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  return dir;
}

const layers = ["app", "connectors", "db", "domain", "jobs", "runtime"];
const clean = {
  "db/schema/rows.ts": "export type Program = { id: string };\n",
  "domain/programs/create-program.ts": 'import type { Program } from "../../db/schema/rows";\nexport const create = (p: Program) => p.id;\n',
  "connectors/stripe/connector.ts": 'import { create } from "../../domain/programs/create-program";\nexport const normalize = create;\n',
  "jobs/apply.ts": 'import { normalize } from "../connectors/stripe/connector";\nexport const job = normalize;\n',
  "runtime/main.ts": 'import { job } from "../jobs/apply";\nexport const main = job;\n',
  "app/routes/page.tsx": 'import { job } from "../../jobs/apply";\nimport { main } from "../../runtime/main";\nexport const page = [job, main];\n',
};

describe("dependency rules (npm run lint:deps)", () => {
  it("pass on a project that keeps the layers", () => {
    const run = cruise(project(clean), layers);
    expect(run.output).toContain("no dependency violations found");
    expect(run.status).toBe(0);
  });

  it("fail on an import cycle, type-only imports included", () => {
    const run = cruise(
      project({
        ...clean,
        "domain/customers/track-customer.ts": 'import { bind } from "./bind-customer";\nexport type Customer = { id: string };\nexport const track = bind;\n',
        "domain/customers/bind-customer.ts": 'import type { Customer } from "./track-customer";\nexport const bind = (c: Customer) => c.id;\n',
      }),
      layers,
    );
    expect(run.status).not.toBe(0);
    expect(run.output).toContain("no-circular");
  });

  it.each([
    ["domain-not-up", "domain/programs/bad.ts", 'import { job } from "../../jobs/apply";\nexport const bad = job;\n'],
    ["domain-not-up", "domain/programs/bad.ts", 'import { page } from "../../app/routes/page";\nexport const bad = page;\n'],
    ["domain-not-up", "domain/programs/bad.ts", 'import { normalize } from "../../connectors/stripe/connector";\nexport const bad = normalize;\n'],
    ["domain-not-up", "domain/programs/bad.ts", 'import type { main } from "../../runtime/main";\nexport type Bad = typeof main;\n'],
    ["connectors-not-up", "connectors/stripe/bad.ts", 'import { job } from "../../jobs/apply";\nexport const bad = job;\n'],
    ["connectors-not-up", "connectors/stripe/bad.ts", 'import { page } from "../../app/routes/page";\nexport const bad = page;\n'],
    ["jobs-not-app", "jobs/bad.ts", 'import { page } from "../app/routes/page";\nexport const bad = page;\n'],
    ["jobs-not-runtime", "jobs/bad.ts", 'import { main } from "../runtime/main";\nexport const bad = main;\n'],
  ])("fail on %s: %s", (rule, path, source) => {
    const run = cruise(project({ ...clean, [path]: source }), layers);
    expect(run.status).not.toBe(0);
    expect(run.output).toContain(rule);
  });

  it("pass on this repository", () => {
    const run = cruise(repo, ["app", "bench", "cli", "connectors", "db", "domain", "jobs", "runtime", "server.ts"]);
    expect(run.output).toContain("no dependency violations found");
    expect(run.status).toBe(0);
  });
});
