import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { chromium, type Browser } from "playwright-core";

/** Debian's chromium (`apt-get install chromium`), used when it is installed. */
export const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/** Nothing that reaches the network on its own: the tests run offline. */
const QUIET_ARGS = ["--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const SYSTEM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", ...QUIET_ARGS];

/**
 * @sparticuz/chromium's flags are made for AWS Lambda. The tests leave out those that would change what the page
 * under test may do (cross-origin reads, mixed content), and --single-process, which Lambda needs but which breaks
 * a browser that opens and closes several contexts (the tracking tests open one per case).
 */
const LAMBDA_ONLY = new Set(["--disable-web-security", "--allow-running-insecure-content", "--disable-site-isolation-trials", "--single-process"]);
/** Software GL through swiftshader: full-page screenshots took 1.5 times as long as with --disable-gpu (measured here). */
const SOFTWARE_GL = new Set(["--ignore-gpu-blocklist", "--in-process-gpu", "--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]);

export type BrowserChoice = { source: "system" | "npm"; executablePath: string; args: string[]; env?: Record<string, string> };

/**
 * Which chromium the browser tests launch: CHROMIUM_PATH if set, else Debian's chromium when present, else the
 * chromium inside the @sparticuz/chromium npm package (so `npm ci && npm test` needs nothing else).
 * Throws with the reason when no browser can be had: a browser test fails, it never skips.
 */
export async function chooseChromium(): Promise<BrowserChoice> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist: unset it to use ${SYSTEM_CHROMIUM} or the npm chromium`);
    return { source: "system", executablePath: configured, args: SYSTEM_ARGS };
  }
  if (existsSync(SYSTEM_CHROMIUM)) return { source: "system", executablePath: SYSTEM_CHROMIUM, args: SYSTEM_ARGS };
  const { default: sparticuz } = await import("@sparticuz/chromium").catch((error: unknown) => {
    throw new Error(`No browser for the browser tests: ${SYSTEM_CHROMIUM} is not installed and @sparticuz/chromium cannot be loaded (run npm ci): ${String(error)}`);
  });
  const args = [...sparticuz.args.filter((arg) => !LAMBDA_ONLY.has(arg) && !SOFTWARE_GL.has(arg)), "--disable-gpu", ...QUIET_ARGS];
  const executablePath = unpackedNpmChromium();
  const env = { ...missingLibraries(executablePath), ...fontconfigFallback(dirname(executablePath)) };
  return { source: "npm", executablePath, args, env };
}

/** Debian's chromium or the npm one (chooseChromium), headless, with nothing that reaches the network on its own. */
export async function launchChromium(): Promise<Browser> {
  const choice = await chooseChromium();
  try {
    return await chromium.launch({
      executablePath: choice.executablePath,
      args: choice.args,
      headless: true,
      ...(choice.env ? { env: { ...process.env, ...choice.env } } : {}),
    });
  } catch (error) {
    throw new Error(`The ${choice.source} chromium (${choice.executablePath}) did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The npm chromium unpacked once per machine and version into its own folder of the temp dir.
 * @sparticuz/chromium unpacks into the temp dir itself and takes an existing, half-written binary for a finished
 * one, so two test workers (or two checkouts) starting at once would race: here each unpacks into a private
 * folder (the package honours TMPDIR) and the first to finish renames it into place.
 */
function unpackedNpmChromium(): string {
  // The package exports only its entry (build/index.js); its root holds package.json and bin/.
  const packageRoot = join(dirname(createRequire(import.meta.url).resolve("@sparticuz/chromium")), "..");
  const { version } = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string };
  const home = join(tmpdir(), `affiliate-hub-chromium-${version}`);
  const binary = join(home, "chromium");
  const done = join(home, ".unpacked");
  if (existsSync(done)) return binary;
  const staging = mkdtempSync(`${home}.partial-`);
  try {
    // The chromium binary, its fonts and swiftshader; and the NSS/NSPR/expat libraries it links to, which a bare
    // Debian lacks (the package ships them for Amazon Linux and unpacks them only there).
    const script = `const { default: c, inflate } = await import("@sparticuz/chromium");
      const binary = await c.executablePath(); await inflate(process.argv[1]); process.stdout.write(binary);`;
    const libraries = join(packageRoot, "bin", "al2023.tar.br");
    const unpacked = execFileSync(process.execPath, ["--input-type=module", "-e", script, libraries], {
      env: { ...process.env, TMPDIR: staging },
      encoding: "utf8",
      timeout: 120_000,
    });
    if (unpacked !== join(staging, "chromium")) throw new Error(`@sparticuz/chromium unpacked to ${unpacked}, expected ${join(staging, "chromium")}`);
    writeFileSync(join(staging, ".unpacked"), version);
    try {
      renameSync(staging, home);
    } catch (error) {
      // Another worker renamed its complete folder into place first: use that one.
      if (!existsSync(done)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}

/**
 * A machine without fontconfig's own configuration (a bare Debian image) would render no text: point fontconfig at
 * the fonts the npm package ships (Open Sans; Latin only). The package's fonts.conf names /tmp/fonts, so write one.
 */
function fontconfigFallback(home: string): Record<string, string> {
  if (existsSync("/etc/fonts/fonts.conf")) return {};
  const file = join(home, "fonts.conf");
  if (!existsSync(file)) {
    const conf = `<?xml version="1.0"?>\n<fontconfig>\n  <dir>${join(home, "fonts")}</dir>\n  <cachedir>${join(home, "fonts-cache")}</cachedir>\n</fontconfig>\n`;
    writeFileSync(`${file}.${process.pid}`, conf);
    renameSync(`${file}.${process.pid}`, file);
  }
  return { FONTCONFIG_FILE: file };
}

/** The bundled libraries, only for what the system cannot resolve (ldd says "not found"). */
function missingLibraries(binary: string): Record<string, string> {
  const linked = execFileSync("ldd", [binary], { encoding: "utf8" });
  if (!linked.includes("not found")) return {};
  const bundled = join(dirname(binary), "al2023", "lib");
  return { LD_LIBRARY_PATH: [bundled, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":") };
}
