/**
 * Helpers of the compatibility suite (compat.test.ts): run the AWS CLI v2 and ours with
 * the same arguments and environment against the same fake ECR, and the one documented
 * normalisation of their deliberate differences.
 *
 * The children run asynchronously (never spawnSync): the fake server lives in this
 * process and must keep answering while a CLI waits for it.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Fault, FakeEcr, RecordedRequest } from "../../src/testing/index.js";

export const AWS = "/usr/bin/aws";
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const OUR_CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
export const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** The one operation both CLIs run: `aws ecr <it>` and `ecr-layer-url <it>`. */
export const OPERATION = "get-download-url-for-layer";

export type Which = "aws" | "ours";

/** What one run of a CLI did, as the comparison sees it. */
export interface Outcome {
  exitCode: number | string;
  stdout: string;
  stderr: string;
  /**
   * The API calls the fake received during the run: how many attempts, each one's
   * parameters (parsed: the AWS CLI writes `", "` separators, and member order means
   * nothing to the service) and the fake's verdict on its signature.
   */
  apiCalls: Array<{ params: unknown; signature: string }>;
}

/** Up to `count` tasks at a time; the rest wait their turn, first come first served. */
export function limiter(count: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (running >= count) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/**
 * The environment of both CLIs, exactly: PATH, no HOME, the fake's credentials, the
 * region, no config or credentials files, no pager. `extras` adds variables, or with
 * `undefined` removes one.
 */
export function compatEnv(ecr: FakeEcr, extras: Readonly<Record<string, string | undefined>> = {}): Record<string, string> {
  const credentials = ecr.credentials[0]!;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: "/nonexistent",
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken !== undefined ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_PAGER: "",
  };
  for (const [name, value] of Object.entries(extras)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Run one CLI: `/usr/bin/aws ecr OPERATION ...args` or `node dist/cli.js OPERATION ...args`. */
export function runCli(which: Which, args: readonly string[], env: Record<string, string>, timeoutMs = 30_000): Promise<Omit<Outcome, "apiCalls">> {
  const [file, argv] = which === "aws" ? [AWS, ["ecr", OPERATION, ...args]] : [process.execPath, [OUR_CLI, OPERATION, ...args]];
  return new Promise((resolve, reject) => {
    execFile(file, argv, { env, cwd: ROOT, timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code === "string") {
        reject(error); // could not start it at all (ENOENT...)
        return;
      }
      // A run killed for taking too long shows as such in the comparison, never as a code.
      const exitCode = !error ? 0 : error.killed ? `killed after ${timeoutMs} ms` : (error.code ?? `signal ${error.signal}`);
      resolve({ exitCode, stdout, stderr });
    });
  });
}

/**
 * Set `faults` on the fake (the same list before each run, so each CLI meets the same
 * answers), run the CLI, and gather what it printed and what the fake received.
 */
export async function runAgainst(which: Which, ecr: FakeEcr, args: readonly string[], env: Record<string, string>, faults: readonly Fault[]): Promise<Run> {
  ecr.setFaults(structuredClone([...faults]));
  const before = ecr.requests.length;
  const result = await runCli(which, args, env);
  ecr.setFaults([]);
  const requests = ecr.requests.slice(before).filter((r) => r.kind === "api");
  const apiCalls = requests.map((r) => ({ params: parseBody(r.body), signature: r.signature }));
  return { outcome: { ...result, apiCalls }, requests };
}

/** A run: the outcome compared, and the raw API requests (headers included) it made. */
export interface Run {
  outcome: Outcome;
  requests: RecordedRequest[];
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return `(not JSON) ${body}`;
  }
}

// ---------------------------------------------------------------------------------------
// The one normalisation: the usage block and the error prefix of argparse's errors.
//
// The two CLIs must differ there: each names itself, and ours has one level of command
// where the AWS CLI has two (`aws ecr get-download-url-for-layer`), so its usage line and
// help hints are its own. Everything else in such an error (the blank lines around it, the
// `error: ` text, `Unknown options: ...`, the exit code) must be byte-for-byte the same.
// Both sides are rewritten to the same placeholders; a side whose text is not exactly the
// expected block is left as it is, so the comparison then shows the difference.
// ---------------------------------------------------------------------------------------

/** The AWS CLI v2's usage block, as printed before an argparse error. */
export const AWS_USAGE =
  "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n" +
  "To see help text, you can run:\n\n" +
  "  aws help\n" +
  "  aws <command> help\n" +
  "  aws <command> <subcommand> help\n";

/** Ours: the same shape, its own program name and one level of command. */
export const OUR_USAGE =
  "usage: ecr-layer-url [options] <command> [parameters]\n" +
  "To see help text, you can run:\n\n" +
  "  ecr-layer-url help\n" +
  "  ecr-layer-url <command> help\n";

const PROGRAMS: Record<Which, { usage: string; name: string }> = {
  aws: { usage: AWS_USAGE, name: "aws" },
  ours: { usage: OUR_USAGE, name: "ecr-layer-url" },
};

/**
 * Replace the usage block with `<usage>\n` and the error prefix that follows it
 * (`aws: error: ` / `ecr-layer-url: error: `, at the start of a line) with
 * `<program>: error: `. Only the first of each, and only after the block.
 */
export function normaliseUsage(stderr: string, which: Which): string {
  const { usage, name } = PROGRAMS[which];
  const at = stderr.indexOf(usage);
  if (at < 0) return stderr;
  const head = stderr.slice(0, at) + "<usage>\n";
  const rest = stderr.slice(at + usage.length);
  const prefix = `\n${name}: error: `;
  return head + (rest.startsWith(prefix) ? `\n<program>: error: ${rest.slice(prefix.length)}` : rest);
}

/**
 * `--version`: `name/version runtime/version os/release [more]`. The names and versions
 * must differ (ours is not aws-cli on Python); the shape must not.
 */
export const VERSION_SHAPE = /^([\w.-]+)\/(\S+) ([\w.-]+)\/(\S+) ([\w.-]+)\/(\S+)(?: \S+)*\n$/;

/** Replace each `{{name}}` in every string of `value` (arrays and objects walked) with `tokens[name]`. */
export function expand<T>(value: T, tokens: Readonly<Record<string, string>>): T {
  if (typeof value === "string") {
    return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      const replacement = tokens[name];
      if (replacement === undefined) throw new Error(`no value for {{${name}}}`);
      return replacement;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => expand(item, tokens)) as T;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expand(item as unknown, tokens)])) as T;
  }
  return value;
}
