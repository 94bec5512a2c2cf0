// Finds a Chromium for Playwright: Debian's /usr/bin/chromium if present; else, as root with apt,
// installs it; else Playwright's own browser (downloaded if need be). Prints the path it chose.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/** Chromium flags for a sandbox-less, offline machine: no GPU, no background traffic to Google. */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export function findChromium(log: (line: string) => void = console.error): string | null {
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (root && commandExists("apt-get")) {
    log("Installing Debian's chromium (apt-get)…");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
    if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  }
  log("No system chromium; trying Playwright's own browser…");
  spawnSync(process.execPath, ["node_modules/@playwright/test/cli.js", "install", "chromium"], { stdio: "inherit" });
  try {
    const out = execFileSync(process.execPath, ["-e", "console.log(require('playwright-core').chromium.executablePath())"], { encoding: "utf8" }).trim();
    return out && existsSync(out) ? out : null;
  } catch {
    return null;
  }
}

function commandExists(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = findChromium();
  if (!found) process.exit(1);
  console.log(found);
}
