/**
 * Shared pieces of the property suites: the ECR model's input rules (written out here,
 * not imported, so the suites check the client against the model rather than against
 * itself), the two runtimes, the error classes a caller may meet, and the ways an error
 * reaches a person (for the secrets suite).
 */
import { inspect } from "node:util";
import { EcrLayerClient as FetchClient } from "../../src/index.js";
import {
  AbortError,
  EcrConfigError,
  EcrInputError,
  EcrServiceException,
  InvalidResponseError,
  LayerDigestMismatchError,
  LayerDownloadError,
  LayerSizeMismatchError,
  NetworkError,
  EcrLayerClient as NodeClient,
  TimeoutError,
} from "../../src/node.js";
import { FAKE_CREDENTIALS, startFakeEcr } from "../../src/testing/index.js";
import type { FakeEcr, FakeEcrOptions } from "../../src/testing/index.js";

export type { FakeEcr };
export { FAKE_CREDENTIALS };

/** Both transports: `node:http` (the Node entry) and `fetch` (the runtime-agnostic entry). */
export const runtimes = [
  { name: "node:http", Client: NodeClient },
  { name: "fetch", Client: FetchClient },
] as const;
export type Runtime = (typeof runtimes)[number];

/**
 * Repositories the fakes hold. One name uses the separators the current model added
 * (`__`, runs of `-`), so a client still on the old pattern would be caught refusing it.
 */
export const REPOSITORIES = {
  "cluster-autoscaler": ["layer one", "layer two"],
  "team/app": ["app layer"],
  "team__x/app--y.z": ["odd name layer"],
};

export function fakeEcr(options: FakeEcrOptions = {}): Promise<FakeEcr> {
  return startFakeEcr({ repositories: REPOSITORIES, ...options });
}

// ---------------------------------------------------------------------------------------
// The model's rules for GetDownloadUrlForLayer's input, from the ECR service model
// (botocore data/ecr/2015-09-21/service-2.json: shapes RepositoryName, LayerDigest,
// RegistryId). Model patterns are full-match, hence the anchors. RepositoryName's pattern
// is the current one; models before 2023 had `(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*`,
// which the current one contains, and which refuses names ECR now accepts (`a__b`, `a--b`).
// ---------------------------------------------------------------------------------------

export const MODEL_FIELDS = ["registryId", "repositoryName", "layerDigest"] as const;
export type ModelField = (typeof MODEL_FIELDS)[number];

const MODEL_RULES: Record<ModelField, { required: boolean; min?: number; max?: number; pattern: RegExp }> = {
  registryId: { required: false, pattern: /^(?:[0-9]{12})$/ },
  repositoryName: {
    required: true,
    min: 2,
    max: 256,
    pattern: /^(?:[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*)$/,
  },
  // "0-9-_" in the model is a literal '-' in the class (it follows a range).
  layerDigest: { required: true, pattern: /^(?:[a-zA-Z0-9\-_+.]+:[a-fA-F0-9]+)$/ },
};

/** Whether `value` (the member's own value, `undefined` when absent) satisfies the model. */
export function modelAllows(field: ModelField, value: unknown): boolean {
  const rule = MODEL_RULES[field];
  if (value === undefined) return !rule.required;
  if (typeof value !== "string") return false;
  if (rule.min !== undefined && value.length < rule.min) return false;
  if (rule.max !== undefined && value.length > rule.max) return false;
  return rule.pattern.test(value);
}

/** Strings the model accepts for each member, for the valid-but-unknown branch. */
export const MODEL_PATTERNS = {
  repositoryName: /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/,
  layerDigest: /^[a-zA-Z0-9\-_+.]+:[a-fA-F0-9]+$/,
  registryId: /^[0-9]{12}$/,
};

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

export {
  AbortError,
  EcrConfigError,
  EcrInputError,
  EcrServiceException,
  InvalidResponseError,
  LayerDigestMismatchError,
  LayerDownloadError,
  LayerSizeMismatchError,
  NetworkError,
  TimeoutError,
};

/** What an error is, for assertion messages: its class and the start of its message. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name} (name ${JSON.stringify(error.name)}): ${error.message.slice(0, 300)}`;
  try {
    return `a thrown non-error: ${String(error).slice(0, 300)}`;
  } catch {
    return "a thrown non-error that cannot be shown";
  }
}

/** The outcome of a call: its value, or what it threw, or that it did not settle in time. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Run `call` and report how it ended. Throws (failing the property) when it has not
 * settled after `ms`: a hang is a finding in its own right, not a slow pass.
 */
export async function outcomeOf<T>(call: () => Promise<T> | T, ms: number, what: string): Promise<Outcome<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<"hung">((resolve) => {
    timer = setTimeout(() => resolve("hung"), ms);
  });
  const settled = (async (): Promise<Outcome<T>> => {
    try {
      return { ok: true, value: await call() };
    } catch (error) {
      return { ok: false, error };
    }
  })();
  try {
    const result = await Promise.race([settled, hung]);
    if (result === "hung") throw new Error(`${what} did not settle within ${ms} ms`);
    return result;
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------
// Where an error's text goes: every rendering a person or a log pipeline may see
// ---------------------------------------------------------------------------------------

/**
 * Every way an error (and each error in its `cause` chain) is turned into text: message,
 * `String()`, `JSON.stringify`, `util.inspect` (hidden properties too, any depth), stack.
 */
export function renderings(error: unknown): string[] {
  const out = [inspect(error, { depth: Infinity }), inspect(error, { depth: Infinity, showHidden: true })];
  const seen = new Set<unknown>();
  for (let current = error; current !== undefined && current !== null && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    if (current instanceof Error) {
      out.push(current.message, String(current), JSON.stringify(current) ?? "", current.stack ?? "");
    } else {
      out.push(inspect(current, { depth: Infinity }));
    }
    if (typeof current !== "object") break;
  }
  return out;
}

/** A console-like logger that keeps every line, whatever level the client uses. */
export function recordingLogger(): { lines: string[]; logger: Record<"debug" | "info" | "warn" | "error", (...args: unknown[]) => void> } {
  const lines: string[] = [];
  const log = (...args: unknown[]) => {
    lines.push(args.map((arg) => (typeof arg === "string" ? arg : inspect(arg, { depth: Infinity }))).join(" "));
  };
  return { lines, logger: { debug: log, info: log, warn: log, error: log } };
}

/** Each secret found in any of `texts`, with where: empty when none leaked. */
export function leaks(texts: readonly string[], secrets: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const [label, secret] of secrets) {
    const index = texts.findIndex((text) => text.includes(secret));
    if (index >= 0) {
      const text = texts[index]!;
      const at = text.indexOf(secret);
      found.push(`${label} in text #${index}: …${text.slice(Math.max(0, at - 80), at + secret.length + 20)}…`);
    }
  }
  return found;
}

/**
 * The parts of a pre-signed URL that grant access or identify the signer, as they appear
 * in the URL and decoded (either form in a message would be a leak).
 */
export function presignedSecrets(url: string, into: Map<string, string>): void {
  const query = url.split("#")[0]!.split("?")[1] ?? "";
  for (const pair of query.split("&")) {
    const eq = pair.indexOf("=");
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const raw = eq < 0 ? "" : pair.slice(eq + 1);
    if (!["X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token"].includes(name) || raw.length < 8) continue;
    into.set(`${name} (as in the URL)`, raw);
    let decoded = raw;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      // Not valid percent-encoding: the raw form is the only one there is.
    }
    into.set(`${name} (decoded)`, decoded);
  }
}

/** The SigV4 signature of each `Authorization` header given. */
export function signaturesOf(authorizations: Iterable<string | undefined>, into: Map<string, string>): void {
  let n = 0;
  for (const header of authorizations) {
    const signature = /Signature=([0-9a-f]{64})/.exec(header ?? "")?.[1];
    if (signature) into.set(`Authorization signature #${++n}`, signature);
  }
}
