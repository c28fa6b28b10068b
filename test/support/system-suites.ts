/**
 * Suites that need a system package. They run when it is installed; otherwise `npm test`
 * names them at the end as not run. With CI=true a missing one fails the run: `.ci/run`
 * installs them all.
 */
import { appendFileSync, existsSync } from "node:fs";
import { networkInterfaces } from "node:os";

export const SYSTEM_SUITES = [
  { suite: "test/wire/aws-cli.test.ts", needs: "/usr/bin/aws", what: "AWS CLI v2", install: "apt-get install -y awscli" },
  { suite: "test/cli/format.test.ts", needs: "/usr/bin/aws", what: "AWS CLI v2", install: "apt-get install -y awscli" },
  { suite: "test/cli/compat.test.ts", needs: "/usr/bin/aws", what: "AWS CLI v2", install: "apt-get install -y awscli" },
  { suite: "test/runtimes/chromium.test.ts", needs: "/usr/bin/chromium", what: "Chromium", install: "apt-get install -y chromium" },
] as const;

export function available(path: string): boolean {
  return existsSync(path);
}

/** The file a test appends a line to when a check could not run for want of a network service. */
export const NOT_RUN_FILE_ENV = "ECR_LAYER_URL_NOT_RUN_FILE";

/** Note that a check did not run, and why; `npm test` prints it at the end. */
export function noteNotRun(line: string): void {
  const file = process.env[NOT_RUN_FILE_ENV];
  if (file) appendFileSync(file, `${line}\n`);
  else process.stdout.write(`NOT RUN: ${line}\n`);
}

/** This machine's first non-loopback IPv4 address, if it has one (for sending to "another host" that is this one). */
export function nonLoopbackAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((i) => i !== undefined && !i.internal && i.family === "IPv4")?.address;
}
