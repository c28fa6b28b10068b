/**
 * Shared set-up for the runtime suites. They run the BUILT package (dist/, as `npm run build`
 * makes it) in other runtimes and bundlers, against a real fake ECR on loopback: child
 * processes (Node, Bun, Deno, a Lambda-like Node), workerd (miniflare) and Chromium.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions, type Metafile } from "esbuild";
import { expect } from "vitest";
import { FAKE_CREDENTIALS, FAKE_SESSION_CREDENTIALS, startFakeEcr } from "../../src/testing/index.js";
import type { FakeEcr, FakeEcrOptions, RecordedRequest } from "../../src/testing/index.js";

export type { FakeEcr, RecordedRequest };
export { FAKE_CREDENTIALS, FAKE_SESSION_CREDENTIALS };

/** The project root, no trailing slash. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
export const BIN = join(ROOT, "node_modules", ".bin");

export function fixture(name: string): string {
  return join(ROOT, "test", "runtimes", "fixtures", name);
}

/** The entry files of the two builds, ESM and CommonJS. */
export const DIST = {
  /** Runtime-agnostic: fetch, WebCrypto SHA-256, no `node:` imports. */
  agnostic: join(ROOT, "dist", "index.js"),
  agnosticCjs: join(ROOT, "dist", "index.cjs"),
  /** Node: node:http, node:crypto, the lazy default credential chain. */
  node: join(ROOT, "dist", "node.js"),
  nodeCjs: join(ROOT, "dist", "node.cjs"),
} as const;

/** Throws unless dist/ is built: these suites test what ships, not src/. */
export function requireBuild(): void {
  const missing = Object.values(DIST).filter((file) => !existsSync(file));
  if (missing.length > 0) throw new Error(`${missing.map((f) => relative(ROOT, f)).join(", ")} missing: npm test builds dist/ first (npm run build)`);
}

/** A missing layer: the fake answers LayersNotFoundException. */
export const MISSING_DIGEST = `sha256:${"0".repeat(64)}`;

export async function startEcr(options: FakeEcrOptions = {}): Promise<FakeEcr> {
  return startFakeEcr({ repositories: { "team/app": ["a layer for the runtime suites"] }, ...options });
}

export function firstLayer(ecr: FakeEcr): { repositoryName: string; layerDigest: string } {
  const [layer] = ecr.layers;
  if (!layer) throw new Error("the fake ECR has no layer");
  return { repositoryName: layer.repositoryName, layerDigest: layer.layerDigest };
}

/**
 * The API requests that carried `app/<appId>` in their User-Agent. The Node build sends it
 * as `user-agent`; the agnostic build as `x-amz-user-agent` (browsers refuse to set
 * `User-Agent`), which tells from the server side which build made a request.
 */
export function apiRequestsFrom(ecr: FakeEcr, appId: string): RecordedRequest[] {
  // The whole token: `app/bun-package` must not also match `app/bun-package-download`.
  const tagged = (agent = "") => agent.split(" ").includes(`app/${appId}`);
  return ecr.requests.filter((r) => r.kind === "api" && (tagged(r.headers["user-agent"]) || tagged(r.headers["x-amz-user-agent"])));
}

/** Which build a recorded API request came from, judged by its User-Agent header. */
export function buildOf(request: RecordedRequest): "node" | "agnostic" | "unknown" {
  if (request.headers["user-agent"]?.startsWith("ecr-layer-url/") && request.headers["x-amz-user-agent"] === undefined) return "node";
  if (request.headers["x-amz-user-agent"]?.startsWith("ecr-layer-url/")) return "agnostic";
  return "unknown";
}

/** The argument of fixtures/call.mjs and call.cjs: where to call, with what, and (optionally) which module to import. */
export function callArgument(ecr: FakeEcr, appId: string, module?: string): string {
  return JSON.stringify({
    endpoint: ecr.endpoint,
    region: ecr.region,
    credentials: FAKE_CREDENTIALS,
    ...firstLayer(ecr),
    missingDigest: MISSING_DIGEST,
    appId,
    ...(module ? { module } : {}),
  });
}

/**
 * What call.mjs / call.cjs report after a working run, and what the server must have seen:
 * the layer's URL, a modeled LayersNotFoundException for the missing digest, two validly
 * signed API calls from the expected build and (call.mjs) the layer downloaded intact.
 */
export function expectWorkingCall(ecr: FakeEcr, out: Record<string, any>, expected: { appId: string; build: "node" | "agnostic"; downloaded: boolean }): void {
  const { layerDigest } = firstLayer(ecr);
  expect(out.layerDigest).toBe(layerDigest);
  expect(new URL(out.downloadUrl).origin).toBe(ecr.endpoint);
  expect(new URL(out.downloadUrl).pathname).toContain(layerDigest);
  expect(Date.parse(out.expiresAt)).toBeGreaterThan(Date.now());
  expect(out.attempts).toBe(1);
  expect(out.missing).toEqual({ name: "LayersNotFoundException", modeled: true, status: 400 });
  if (expected.downloaded) {
    expect(out.blobStatus).toBe(200);
    expect(out.blobDigest).toBe(layerDigest);
  }
  const requests = apiRequestsFrom(ecr, expected.appId);
  expect(requests).toHaveLength(2);
  for (const request of requests) {
    expect(request.signature).toBe("valid");
    expect(buildOf(request)).toBe(expected.build);
  }
}

/**
 * What exerciseDownload (fixtures/exercise.mjs) reports when the package's downloadLayer
 * works: the tampered layer refused with LayerDigestMismatchError, the good one's bytes
 * (hashed by the runtime's own WebCrypto) equal to the layer, progress up to its size, and
 * no credentials sent with any blob request.
 */
export function expectWorkingDownload(ecr: FakeEcr, out: Record<string, any>, tamper: Tamper): void {
  const { layerDigest } = firstLayer(ecr);
  const size = ecr.layers[0]!.size;
  expect(out.tampered).toMatchObject({ name: "LayerDigestMismatchError", expected: tamper.tamperDigest });
  expect(out.tampered.actual).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(out.tampered.actual).not.toBe(tamper.tamperDigest);
  expect(out).toMatchObject({ layerDigest, size, bytes: size, digest: layerDigest, lastProgress: [size, size] });
  for (const request of ecr.requests.filter((r) => r.kind === "blob")) {
    expect(request.hasAuthorization).toBe(false);
    expect(Object.keys(request.headers).filter((h) => h.startsWith("x-amz-"))).toEqual([]);
  }
}

/** The layer exerciseDownload is to find tampered with. */
export interface Tamper {
  tamperRepository: string;
  tamperDigest: string;
}

/**
 * A second layer, whose next download the fake will tamper with (one byte flipped). A
 * layer of its own, so the good download that follows has another URL: a browser could
 * otherwise answer it from its HTTP cache with the tampered bytes.
 */
export function tamperNextBlob(ecr: FakeEcr): Tamper {
  const tamperRepository = "team/tampered";
  const tamperDigest = ecr.addLayer(tamperRepository, "a layer the runtime suites tamper with");
  ecr.setFaults([{ type: "corrupt", match: "blob", times: 1 }]);
  return { tamperRepository, tamperDigest };
}

/** The environment for child runtimes: ours without AWS settings or Node options. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith("AWS_") || name === "NODE_OPTIONS") continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

const children = new Set<ChildProcess>();

/**
 * Runs a program to its end, killed (SIGKILL) after `timeoutMs`. Resolves in every case;
 * the caller asserts on the result. `killChildren()` (each suite's afterAll) ends any
 * that a timed-out test left behind.
 */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? childEnv(), stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    const killer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs ?? 15_000);
    child.on("error", (error) => {
      clearTimeout(killer);
      children.delete(child);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      children.delete(child);
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
    });
  });
}

export function killChildren(): void {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
}

/** What the fixtures print: one line `RESULT <json>` (other output is ignored). */
export function resultOf<T = Record<string, any>>(result: RunResult): T {
  const line = result.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) {
    throw new Error(
      `no RESULT line (exit ${result.code}, signal ${result.signal}${result.timedOut ? ", killed after the timeout" : ""})\n` +
        `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`,
    );
  }
  return JSON.parse(line.slice("RESULT ".length)) as T;
}

export interface Bundle {
  code: string;
  /** Files that went into the bundle, relative to the project root (`dist/index.js`, `node_modules/…`). */
  inputs: string[];
  /** Imports the bundle left to the runtime (externals), e.g. `node:http`. */
  externalImports: string[];
}

/** Bundles with esbuild's JS API, in memory, from the project root (so "ecr-layer-url" resolves to this package). */
export async function bundle(options: BuildOptions & { entryPoints: string[] }): Promise<Bundle> {
  const result = await build({ absWorkingDir: ROOT, bundle: true, write: false, metafile: true, logLevel: "silent", ...options });
  const output = result.outputFiles?.[0];
  if (!output || !result.metafile) throw new Error("esbuild wrote no output");
  return { code: output.text, ...describeMetafile(result.metafile) };
}

export function describeMetafile(metafile: Metafile): { inputs: string[]; externalImports: string[] } {
  const inputs = Object.keys(metafile.inputs);
  const externalImports = Object.values(metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
  return { inputs, externalImports };
}
