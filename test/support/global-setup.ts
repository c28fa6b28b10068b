import { available, SYSTEM_SUITES } from "./system-suites.js";

export default function setup(): () => void {
  const missing = SYSTEM_SUITES.filter((s) => !available(s.needs));
  if (missing.length > 0 && process.env.CI === "true") {
    throw new Error(`CI=true but these suites cannot run: ${missing.map((m) => `${m.suite} needs ${m.needs} (${m.install})`).join("; ")}`);
  }
  return () => {
    for (const m of missing) {
      process.stdout.write(`\nNOT RUN: ${m.suite}: needs ${m.what} at ${m.needs} (install it with: ${m.install})\n`);
    }
  };
}
