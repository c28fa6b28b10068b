import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { available, NOT_RUN_FILE_ENV, SYSTEM_SUITES } from "./system-suites.js";

export default function setup(): () => void {
  const missing = SYSTEM_SUITES.filter((s) => !available(s.needs));
  if (missing.length > 0 && process.env.CI === "true") {
    throw new Error(`CI=true but these suites cannot run: ${missing.map((m) => `${m.suite} needs ${m.needs} (${m.install})`).join("; ")}`);
  }
  // Checks that depend on a network service (not a package CI could install) note here
  // that they could not run; the workers inherit the variable.
  const dir = mkdtempSync(join(tmpdir(), "ecr-layer-url-not-run-"));
  process.env[NOT_RUN_FILE_ENV] = join(dir, "not-run.txt");
  return () => {
    for (const m of missing) {
      process.stdout.write(`\nNOT RUN: ${m.suite}: needs ${m.what} at ${m.needs} (install it with: ${m.install})\n`);
    }
    let noted = "";
    try {
      noted = readFileSync(process.env[NOT_RUN_FILE_ENV]!, "utf8");
    } catch {
      // nothing was noted
    }
    for (const line of noted.split("\n").filter(Boolean)) process.stdout.write(`\nNOT RUN: ${line}\n`);
    rmSync(dir, { recursive: true, force: true });
  };
}
