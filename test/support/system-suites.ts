/**
 * Suites that need a system package. They run when it is installed; otherwise `npm test`
 * names them at the end as not run. With CI=true a missing one fails the run: `.ci/run`
 * installs them all.
 */
import { existsSync } from "node:fs";

export const SYSTEM_SUITES = [
  { suite: "test/wire/aws-cli.test.ts", needs: "/usr/bin/aws", what: "AWS CLI v2", install: "apt-get install -y awscli" },
  { suite: "test/cli/format.test.ts", needs: "/usr/bin/aws", what: "AWS CLI v2", install: "apt-get install -y awscli" },
  { suite: "test/cli/compat.test.ts", needs: "/usr/bin/aws", what: "AWS CLI v2", install: "apt-get install -y awscli" },
  { suite: "test/runtimes/chromium.test.ts", needs: "/usr/bin/chromium", what: "Chromium", install: "apt-get install -y chromium" },
] as const;

export function available(path: string): boolean {
  return existsSync(path);
}
