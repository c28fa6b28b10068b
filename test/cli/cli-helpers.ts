/**
 * Shared set-up for the CLI's behaviour tests: the built CLI (`dist/cli.js`) run as a
 * child process with a clean environment, against the fake ECR over loopback HTTP.
 *
 * The child runs asynchronously (never spawnSync): the fake server lives in this process
 * and must keep answering while the CLI waits for it.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FAKE_CREDENTIALS, startFakeEcr } from "../../src/testing/index.js";
import type { FakeEcr, FakeEcrOptions, RecordedRequest } from "../../src/testing/index.js";

export type { FakeEcr, RecordedRequest };
export { FAKE_CREDENTIALS };

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CLI = join(ROOT, "dist", "cli.js");
export const PACKAGE_VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

/** Fails the suite early, with a clear reason, when the CLI has not been built. */
export function requireBuiltCli(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before these tests`);
}

export interface CliResult {
  /** The exit code (or 128 + signal number when killed). */
  code: number;
  /** stdout as raw bytes (a downloaded layer may be binary). */
  stdoutBytes: Buffer;
  /** stdout decoded as UTF-8. */
  stdout: string;
  stderr: string;
  /** Wall-clock milliseconds from spawn to exit. */
  elapsedMs: number;
}

export interface RunOptions {
  /** Added to (or, with `undefined`, removed from) the clean environment. */
  env?: Record<string, string | undefined>;
  /** Working directory; default a fresh temporary HOME. */
  cwd?: string;
  /** The HOME of the run; default a fresh temporary directory. */
  home?: string;
  /** Kill the child after this long (the test then fails on the exit code). Default 30 s. */
  timeoutMs?: number;
}

const temps: string[] = [];

/** A fresh temporary directory, removed by {@link cleanupTemps}. */
export function tempDir(prefix = "ecr-layer-url-cli-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Removes every directory {@link tempDir} made. For `afterAll`. */
export function cleanupTemps(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * The clean environment of a run: PATH, HOME, no shared config or credentials files, no
 * pager, and no instance metadata lookups (so a run without credentials fails at once
 * instead of waiting on 169.254.169.254).
 */
export function cleanEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_PAGER: "",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** Run `node dist/cli.js ...args` and collect everything it did. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const home = options.home ?? tempDir("ecr-layer-url-home-");
  const env: Record<string, string> = cleanEnv(home);
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? home, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(out);
      resolve({
        code: code ?? 128 + (signal === "SIGKILL" ? 9 : 15),
        stdoutBytes,
        stdout: stdoutBytes.toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        elapsedMs: Date.now() - started,
      });
    });
  });
}

/** The environment variables that give the fake's default keys. */
export function keyEnv(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = FAKE_CREDENTIALS): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
  };
}

/** A fake ECR with two repositories; extra options override. */
export function fakeEcr(options: FakeEcrOptions = {}): Promise<FakeEcr> {
  return startFakeEcr({ repositories: { "cluster-autoscaler": ["layer one", "layer two"], "team/app": ["app layer"] }, ...options });
}

/** The first layer's digest in a repository of the fake. */
export function layerDigestOf(ecr: FakeEcr, repositoryName = "cluster-autoscaler"): string {
  const layer = ecr.layers.find((l) => l.repositoryName === repositoryName);
  if (!layer) throw new Error(`no layer in ${repositoryName}`);
  return layer.layerDigest;
}

/** The arguments of a get-download-url-for-layer call for a layer of the fake. */
export function getUrlArgs(ecr: FakeEcr, layerDigest = layerDigestOf(ecr), repositoryName = "cluster-autoscaler"): string[] {
  return ["get-download-url-for-layer", "--repository-name", repositoryName, "--layer-digest", layerDigest];
}

export function apiRequests(ecr: FakeEcr): RecordedRequest[] {
  return ecr.requests.filter((r) => r.kind === "api");
}

export function blobRequests(ecr: FakeEcr): RecordedRequest[] {
  return ecr.requests.filter((r) => r.kind === "blob");
}

/** The SigV4 credential scope of a recorded request's Authorization header, parsed by hand. */
export function credentialScope(request: RecordedRequest): { accessKeyId: string; date: string; region: string; service: string } | undefined {
  const match = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/.exec(request.headers.authorization ?? "");
  if (!match) return undefined;
  return { accessKeyId: match[1]!, date: match[2]!, region: match[3]!, service: match[4]! };
}

/** The hex signature of a recorded request's Authorization header. */
export function signatureHex(request: RecordedRequest): string | undefined {
  return /Signature=([0-9a-f]{64})/.exec(request.headers.authorization ?? "")?.[1];
}

/** What the AWS CLI prints for a successful get-download-url-for-layer in each format, recognised loosely. */
export type Format = "json" | "text" | "table" | "yaml" | "unknown";

export function formatOf(stdout: string): Format {
  try {
    const value: unknown = JSON.parse(stdout);
    if (typeof value === "object" && value !== null) return "json";
  } catch {
    // not JSON
  }
  if (/^[^\t\n]+\tsha256:[0-9a-f]{64}\n$/.test(stdout)) return "text";
  if (/^-+\n/.test(stdout) && /^\|\s+GetDownloadUrlForLayer\s+\|$/m.test(stdout) && /^\|\s*layerDigest\s*\|/m.test(stdout)) return "table";
  if (/^downloadUrl: \S/m.test(stdout) && /^layerDigest: ["']?sha256:[0-9a-f]{64}["']?$/m.test(stdout) && !stdout.startsWith("-")) return "yaml";
  return "unknown";
}

/** Escape a string for use in a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
