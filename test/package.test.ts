/**
 * What users install: the published files, the pinned dependency tree, and known
 * vulnerabilities in the production dependencies. Runs on the built package as it is
 * (`--ignore-scripts`: packing must not rebuild `dist/` under the other suites' feet).
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { noteNotRun } from "./support/system-suites.js";

const run = promisify(execFile);
const ROOT = new URL("../", import.meta.url);
const npm = (args: string[]) => run("npm", args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });

/** What a user of the library and the CLI needs, and nothing else: no sources, tests, maps, scratch files or secrets. */
const PUBLISHED = [
  /^package\.json$/,
  /^(README|CHANGELOG|ARCHITECTURE)\.md$/,
  /^LICENSE$/,
  /^dist\/(index|node)\.(js|cjs|d\.ts|d\.cts)$/,
  /^dist\/testing\/index\.(js|cjs|d\.ts|d\.cts)$/,
  /^dist\/cli\.js$/,
  // Code and types tsup shares between entries.
  /^dist\/(chunk-[A-Z0-9]+\.(js|cjs)|[a-z-]+-[A-Za-z0-9_-]{8}\.d\.c?ts)$/,
];

describe("the published package", () => {
  it("holds only what users need: the builds, their types, the CLI, the docs and the licence", async () => {
    const { stdout } = await npm(["pack", "--dry-run", "--json", "--ignore-scripts"]);
    const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    expect(files.filter((path) => !PUBLISHED.some((pattern) => pattern.test(path)))).toEqual([]);
    for (const needed of ["package.json", "README.md", "LICENSE", "dist/index.js", "dist/node.js", "dist/node.cjs", "dist/index.d.ts", "dist/cli.js", "dist/testing/index.js"]) {
      expect(files).toContain(needed);
    }
  });

  it("pins every dependency in the lockfile to one version with an integrity hash (and to the registry, where it names a tarball)", () => {
    const lock = JSON.parse(readFileSync(new URL("package-lock.json", ROOT), "utf8")) as {
      lockfileVersion: number;
      packages: Record<string, { version?: string; resolved?: string; integrity?: string; link?: boolean }>;
    };
    expect(lock.lockfileVersion).toBe(3);
    const loose = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== "" && !entry.link)
      // This npm writes no `resolved` for registry packages; a git or file dependency would have one.
      .filter(([, entry]) => !entry.version || (entry.resolved !== undefined && !entry.resolved.startsWith("https://registry.npmjs.org/")) || !entry.integrity?.startsWith("sha512-"))
      .map(([path]) => path);
    expect(loose).toEqual([]);
  });

  it("installs a production tree with nothing missing or out of range", async () => {
    // `npm ls` exits non-zero and lists "problems" when the tree does not match the lockfile.
    const { stdout } = await npm(["ls", "--omit=dev", "--all", "--json"]);
    const tree = JSON.parse(stdout) as { problems?: string[]; dependencies?: Record<string, unknown> };
    expect(tree.problems ?? []).toEqual([]);
    expect(Object.keys(tree.dependencies ?? {}).sort()).toEqual(
      Object.keys((JSON.parse(readFileSync(new URL("package.json", ROOT), "utf8")) as { dependencies: object }).dependencies).sort(),
    );
  });

  it("has no known vulnerability in its production dependencies (npm audit --omit=dev)", async () => {
    // npm audit exits 1 when it finds something, and when the registry cannot answer.
    const { stdout } = await npm(["audit", "--omit=dev", "--json"]).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
    const report = JSON.parse(stdout || "{}") as {
      metadata?: { vulnerabilities?: Record<string, number> };
      statusCode?: number;
      message?: string;
      error?: { code?: string; summary?: string };
    };
    if (report.metadata?.vulnerabilities === undefined) {
      // The advisory database is a network service. Only its being out of reach is "not
      // run" (a proxy refusing the POST, a 5xx, no route or name); anything else fails.
      const unreachable =
        report.statusCode === 405 ||
        (report.statusCode !== undefined && report.statusCode >= 500) ||
        /^(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH)$/.test(report.error?.code ?? "");
      expect(unreachable, `npm audit failed: ${stdout.slice(0, 500)}`).toBe(true);
      noteNotRun(`npm audit --omit=dev (test/package.test.ts): the registry's audit endpoint is out of reach: ${report.message ?? report.error?.summary}`);
      return;
    }
    expect(report.metadata.vulnerabilities).toMatchObject({ info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 });
  });
});
