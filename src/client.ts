/**
 * The client: resolves its config once, then runs each call through
 * validate → serialize → sign → send → parse, inside the retry loop. It holds what
 * outlives one call: resolved config, the credentials cache, the transport (and so its
 * keep-alive sockets), the retry quota and the clock offset.
 */
import { cachedCredentials } from "./credentials.js";
import type { AwsCredentialIdentityProvider, CredentialsOption } from "./credentials.js";
import { flag, realRegion, resolveEndpoint } from "./endpoint.js";
import {
  AbortError,
  EcrConfigError,
  EcrInputError,
  EcrServiceException,
  InvalidResponseError,
  modeledErrors,
  NetworkError,
  TimeoutError,
} from "./errors.js";
import type { ResponseMetadata } from "./errors.js";
import { checkAbortSignal, checkTimeoutOption, CONTENT_TYPE, parseOutput, serializeInput, TARGET, validateInput } from "./operation.js";
import type { GetDownloadUrlForLayerInput } from "./operation.js";
import { parseErrorResponse, requestIdOf } from "./parse-error.js";
import { expiresAt, hideUrlFromInspect } from "./presigned-url.js";
import { redact, redactError } from "./redact.js";
import {
  backoffDelay,
  classifyResponse,
  retryAfterMs,
  retryDelay,
  RetryQuota,
  isPermanentNetworkError,
  sleep,
} from "./retry.js";
import type { RetryKind } from "./retry.js";
import type { HttpHandler, HttpRequest, HttpResponse, Runtime } from "./runtime.js";
import { env } from "./runtime.js";
import { Signer } from "./sign.js";
import { discardBody } from "./transport/read-body.js";
import { InFlight, UrlCache } from "./url-cache.js";
import type { CachedUrl } from "./url-cache.js";

declare const __VERSION__: string;

/** A console-like logger; only `debug` is used. */
export interface Logger {
  debug?(...content: unknown[]): void;
  info?(...content: unknown[]): void;
  warn?(...content: unknown[]): void;
  error?(...content: unknown[]): void;
}

/** Configuration of {@link EcrLayerClient}. Every member is optional. */
export interface EcrLayerClientConfig {
  /** AWS region, e.g. `"us-east-1"`. Default: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then (Node) the profile's `region` in the shared config file. */
  region?: string;
  /** Credentials, or an async provider of them (any AWS SDK credential provider works). Default (Node): the environment, else the AWS SDK's default chain. Browsers and edge runtimes must pass them. */
  credentials?: CredentialsOption;
  /** (Node) The shared config/credentials profile. Default: `AWS_PROFILE`, else `"default"`. */
  profile?: string;
  /** A custom endpoint, e.g. `"http://127.0.0.1:4566"`; replaces endpoint resolution. Default: `AWS_ENDPOINT_URL_ECR`, then `AWS_ENDPOINT_URL` (unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`). */
  endpoint?: string | URL;
  /**
   * Let a custom `endpoint` be plain `http:` on a host other than loopback (`localhost`,
   * `127.x.x.x`, `[::1]`). Default false: such an endpoint is an {@link EcrConfigError},
   * since signed requests (and session tokens) would cross the network unencrypted.
   */
  allowInsecureEndpoint?: boolean;
  /** Use the FIPS endpoint. Default false. */
  useFipsEndpoint?: boolean;
  /** Use the dual-stack (IPv4 + IPv6) endpoint. Default false. */
  useDualstackEndpoint?: boolean;
  /** Most attempts per call, including the first. Default 3. 1 disables retries. */
  maxAttempts?: number;
  /** Time limit of each attempt in ms, body included. Default 30000; 0 means none. */
  requestTimeoutMs?: number;
  /** A smithy `HttpHandler` to send requests with. Default: `node:http` with keep-alive in Node, `fetch` elsewhere. */
  requestHandler?: HttpHandler;
  /** Receives a debug line per attempt and per retry, with every secret redacted. */
  logger?: Logger;
  /** Appended to the User-Agent as `app/<id>`, to tell your application's traffic apart. */
  userAgentAppId?: string;
  /** Milliseconds to add to the local clock when signing; corrected automatically from responses. */
  systemClockOffset?: number;
  /**
   * Keep answers and reuse each URL until 60 seconds before it expires, and let
   * concurrent asks for the same layer share one request. Default true; `false` sends
   * every call to ECR.
   */
  urlCache?: boolean;
  /** Most URLs the cache keeps; the least recently used goes first. Default 1000. */
  urlCacheSize?: number;
}

/** Options of one call. */
export interface RequestOptions {
  /** Cancels the call: the in-flight request and any back-off sleep, at once. */
  abortSignal?: AbortSignal;
  /** Time limit of each attempt in ms, overriding the client's. */
  requestTimeoutMs?: number;
  /** Ask ECR even when the URL cache holds a fresh URL; the answer replaces the cached one. */
  refresh?: boolean;
}

/** What GetDownloadUrlForLayer answers. */
export interface GetDownloadUrlForLayerOutput {
  /** The pre-signed URL of the layer blob. Short-lived; treat it as a secret. */
  downloadUrl: string;
  /** The digest of the layer. */
  layerDigest: string;
  /** When `downloadUrl` stops working (its `X-Amz-Date` + `X-Amz-Expires`), if it says. */
  expiresAt?: Date;
  $metadata: ResponseMetadata;
}

const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_URL_CACHE_SIZE = 1000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Answers are a couple of kB; error pages can be megabytes. Read no more than this. */
const MAX_BODY_BYTES = 256 * 1024;
/** A response whose `Date` is this far from our clock means our signature's time was off. */
const SKEW_RETRY_THRESHOLD_MS = 4 * 60_000;
/** `Date` has 1 s resolution: smaller differences are noise, not skew. */
const SKEW_UPDATE_THRESHOLD_MS = 1_000;
/** setTimeout fires at once for delays past 2^31 - 1 ms; longer limits are "about 24 days". */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** SigV4 dates have four-digit years: a clock must stay within 1970-01-01 and 9999-12-31. */
const END_OF_9999 = 253402300800000;
const signable = (ms: number) => ms >= 0 && ms < END_OF_9999;

interface Resolved {
  url: URL;
  signer: Signer;
  credentials: AwsCredentialIdentityProvider;
  handler: HttpHandler;
  userAgent: string;
}

/** One attempt's end: an HTTP answer, or a failure before one arrived. */
type Attempt = (
  | { ok: true; output: Omit<GetDownloadUrlForLayerOutput, "$metadata"> }
  | { ok: false; error: Error & { $metadata: ResponseMetadata }; retry?: RetryKind | "clock-skew" }
) & { response?: HttpResponse; headers?: Record<string, string | undefined> };

function checkNumber(name: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new EcrConfigError(`${name} must be a finite number >= ${min}, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

function checkWhole(name: string, value: unknown, min: number, fallback: number): number {
  const checked = checkNumber(name, value, min) ?? fallback;
  if (!Number.isInteger(checked)) throw new EcrConfigError(`${name} must be a whole number, got ${checked}`);
  return checked;
}

function userAgent(appId: string | undefined): string {
  const base = `ecr-layer-url/${__VERSION__}`;
  if (appId === undefined) return base;
  if (typeof appId !== "string" || appId === "") throw new EcrConfigError("userAgentAppId must be a non-empty string");
  // RFC 9110 token characters only, so the header can't be split or rejected.
  return `${base} app/${appId.replace(/[^!#$%&'*+.^_`|~0-9A-Za-z-]/g, "-").slice(0, 50)}`;
}

/**
 * The headers by lower-case name. Request ids become `$metadata` and log lines, so a
 * server must not put a secret there (an error code is redacted once parsed).
 */
function lowerCaseKeys(headers: Record<string, string>, secrets: Array<string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(headers)) {
    const name = key.toLowerCase();
    out[name] = /request-?id$/.test(name) ? redact(value, secrets) : value;
  }
  return out;
}

/**
 * The endpoint the environment configures, as the AWS SDKs and CLI read it:
 * `AWS_ENDPOINT_URL_ECR`, else `AWS_ENDPOINT_URL`, unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`.
 */
function configuredEndpoint(): string | undefined {
  if (env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?.toLowerCase() === "true") return undefined;
  return env("AWS_ENDPOINT_URL_ECR") ?? env("AWS_ENDPOINT_URL");
}

/**
 * @internal What downloads need of a client besides its public calls. Keyed by a symbol
 * the package does not export, so it stays out of users' reach and out of the docs.
 */
export interface ClientInternals {
  handler: HttpHandler;
  maxAttempts: number;
  requestTimeoutMs: number;
  readBody: Runtime["readBody"];
  log(line: string): void;
  /** Now on the server's clock (the local clock plus the corrected offset). */
  now(): number;
  /** Drop the layer's cached URL: it served bytes that failed verification. */
  forget(input: GetDownloadUrlForLayerInput): void;
}

/** @internal */
export const internals: unique symbol = /* @__PURE__ */ Symbol("ecr-layer-url.internals");

/** The cache's key: registryId as given (absent means the caller's own account, which we can't name). */
function cacheKey(input: GetDownloadUrlForLayerInput): string {
  return `${input.registryId ?? ""}/${input.repositoryName}@${input.layerDigest}`;
}

/** A caller's own copy of an answer: nothing it changes reaches the cache or another caller. */
function answer(url: CachedUrl, $metadata: ResponseMetadata): GetDownloadUrlForLayerOutput {
  const expiresAt = url.expiresAt && new Date(url.expiresAt.getTime());
  return hideUrlFromInspect({ downloadUrl: url.downloadUrl, layerDigest: url.layerDigest, expiresAt, $metadata: { ...$metadata } });
}

/** A call's options, checked: undefined and null mean none. */
function checkOptions(options: unknown): RequestOptions {
  if (options == null) return {};
  if (typeof options !== "object") throw new EcrInputError("options", `options must be an object, got ${typeof options}`);
  const checked = options as RequestOptions;
  checkTimeoutOption(checked.requestTimeoutMs);
  return checked;
}

/** Settle with `promise`, or reject with the signal's reason as soon as it fires. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => {}); // a late rejection after the abort is expected, not unhandled
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * A client for ECR's GetDownloadUrlForLayer. Create one and reuse it: it caches
 * credentials, keeps connections alive and shares its retry quota across calls.
 *
 * ```ts
 * const client = new EcrLayerClient({ region: "us-east-1" });
 * const { downloadUrl, expiresAt } = await client.getDownloadUrlForLayer({ repositoryName, layerDigest });
 * ```
 */
export class EcrLayerClient {
  readonly #config: EcrLayerClientConfig;
  readonly #runtime: Runtime;
  readonly #maxAttempts: number;
  readonly #requestTimeoutMs: number;
  readonly #quota = new RetryQuota();
  readonly #cache?: UrlCache;
  readonly #inFlight = new InFlight<GetDownloadUrlForLayerOutput>();
  #clockOffset: number;
  #resolved?: Promise<Resolved>;
  #handler?: HttpHandler;

  /** @internal The runtime is supplied by the entry point (`ecr-layer-url` picks it). */
  constructor(config: EcrLayerClientConfig = {}, runtime?: Runtime) {
    if (typeof config !== "object" || config === null) throw new EcrConfigError("config must be an object");
    if (!runtime) throw new EcrConfigError("EcrLayerClient needs a runtime; import it from \"ecr-layer-url\"");
    this.#config = config;
    this.#runtime = runtime;
    this.#maxAttempts = checkWhole("maxAttempts", config.maxAttempts, 1, DEFAULT_MAX_ATTEMPTS);
    this.#requestTimeoutMs = checkNumber("requestTimeoutMs", config.requestTimeoutMs, 0) ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#clockOffset = checkNumber("systemClockOffset", config.systemClockOffset, -Infinity) ?? 0;
    if (!signable(Date.now() + this.#clockOffset)) {
      throw new EcrConfigError(`systemClockOffset must keep the clock in the years 1970-9999, got ${this.#clockOffset}`);
    }
    const handler = config.requestHandler as { handle?: unknown } | null | undefined;
    if (handler != null && typeof handler.handle !== "function") {
      throw new EcrConfigError("requestHandler must have a handle(request, options) method");
    }
    const cacheSize = checkWhole("urlCacheSize", config.urlCacheSize, 1, DEFAULT_URL_CACHE_SIZE);
    if (config.urlCache === undefined || flag(config.urlCache, "urlCache")) this.#cache = new UrlCache(cacheSize);
  }

  /** Milliseconds the client adds to the local clock when signing, as corrected from server `Date` headers. */
  get systemClockOffset(): number {
    return this.#clockOffset;
  }

  /**
   * Get a pre-signed download URL for one layer.
   *
   * With the URL cache on (the default), a URL that stays valid for more than another
   * 60 seconds is answered from the cache (`$metadata.fromCache: true`, `attempts: 0`),
   * and concurrent calls for the same layer share one request: all of them get its
   * answer, or its error. A caller that aborts stops waiting at once; the shared request
   * is cancelled only when every caller has aborted.
   *
   * @throws {@link EcrInputError} before any I/O when the input breaks the model's rules.
   * @throws {@link EcrConfigError} when no region or credentials can be found, or the endpoint is unusable.
   * @throws {@link EcrServiceException} (or one of its modeled subclasses) when ECR answers with an error.
   * @throws {@link TimeoutError}, {@link NetworkError}, {@link InvalidResponseError} when the last attempt failed so.
   * @throws {@link AbortError} when `abortSignal` fires.
   */
  async getDownloadUrlForLayer(input: GetDownloadUrlForLayerInput, options?: RequestOptions): Promise<GetDownloadUrlForLayerOutput> {
    const valid = validateInput(input);
    const { abortSignal, requestTimeoutMs, refresh } = checkOptions(options);
    const signal = checkAbortSignal(abortSignal);
    const timeoutMs = requestTimeoutMs ?? this.#requestTimeoutMs;
    if (signal?.aborted) throw new AbortError("The call was aborted", undefined, { cause: signal.reason });
    const cache = this.#cache;
    if (cache === undefined) return this.#call(valid, signal, timeoutMs);
    const key = cacheKey(valid);
    if (refresh !== true) {
      const hit = cache.get(key, Date.now() + this.#clockOffset);
      if (hit) {
        this.#log(`from the URL cache: ${valid.repositoryName}@${valid.layerDigest}`);
        return answer(hit, { attempts: 0, totalRetryDelay: 0, fromCache: true });
      }
    }
    try {
      const output = await this.#inFlight.run(key, signal, async (shared) => {
        const fresh = await this.#call(valid, shared, timeoutMs);
        cache.set(key, fresh); // kept as is: every caller gets a copy (`answer`)
        return fresh;
      });
      return answer(output, output.$metadata);
    } catch (error) {
      // This caller gave up while the shared request went on for others.
      if (signal?.aborted && error === signal.reason) throw new AbortError("The call was aborted", undefined, { cause: signal.reason });
      throw error;
    }
  }

  /** One call to ECR, with its retries. */
  async #call(valid: GetDownloadUrlForLayerInput, signal: AbortSignal | undefined, timeoutMs: number): Promise<GetDownloadUrlForLayerOutput> {
    const meta: ResponseMetadata = { attempts: 0, totalRetryDelay: 0 };
    const aborted = (cause: unknown) => new AbortError("The call was aborted", { ...meta }, { cause });
    if (signal?.aborted) throw aborted(signal.reason);
    const resolved = await this.#resolve();
    const body = serializeInput(valid);
    // Once per call, not per attempt: every attempt sends the same bytes.
    const contentLength = String(new TextEncoder().encode(body).byteLength);
    let lastRetryCost: number | undefined;
    let skewRetried = false;
    // `tries` spends maxAttempts; meta.attempts counts requests actually sent.
    for (let tries = 1; ; tries++) {
      if (signal?.aborted) throw aborted(signal.reason);
      const started = Date.now();
      const attempt = await this.#attempt(resolved, body, contentLength, valid.layerDigest, meta, signal, timeoutMs);
      // The metadata describes the last attempt: an earlier 503 must not label a later timeout.
      meta.httpStatusCode = attempt.response?.statusCode;
      meta.requestId = attempt.headers ? requestIdOf(attempt.headers) : undefined;
      this.#log(
        `attempt ${tries}/${this.#maxAttempts}: POST ${resolved.url.origin}${resolved.url.pathname} ->` +
          `${attempt.response ? ` ${attempt.response.statusCode}` : ""}${attempt.ok ? "" : ` ${attempt.error.name}`}` +
          `${meta.requestId ? ` requestId=${meta.requestId}` : ""} in ${Date.now() - started} ms`,
      );
      if (attempt.ok) {
        this.#quota.release(lastRetryCost);
        return hideUrlFromInspect({ ...attempt.output, $metadata: { ...meta, fromCache: false } });
      }
      const retry = tries < this.#maxAttempts ? attempt.retry : undefined;
      if (retry === "clock-skew" && !skewRetried) {
        // The clock was corrected from this very response: one more try, at once, outside the quota.
        skewRetried = true;
        this.#log(`retrying at once with the clock offset corrected to ${this.#clockOffset} ms`);
        continue;
      }
      if (retry === "throttling" || retry === "transient") {
        const cost = this.#quota.acquire(retry);
        if (cost !== undefined) {
          lastRetryCost = cost;
          const requested = attempt.headers ? retryAfterMs(attempt.headers, Date.now() + this.#clockOffset) : undefined;
          const delay = retryDelay(backoffDelay(tries - 1, retry), requested);
          this.#log(`retrying in ${delay} ms after ${attempt.error.name} (${retry}); retry quota left ${this.#quota.available}`);
          try {
            await sleep(delay, signal);
          } catch (reason) {
            throw aborted(reason);
          }
          meta.totalRetryDelay += delay;
          continue;
        }
        this.#log(`not retrying ${attempt.error.name}: the retry quota is exhausted`);
      }
      // Each attempt builds its own error object, so this never touches one another call holds.
      Object.assign(attempt.error.$metadata, meta);
      throw attempt.error;
    }
  }

  /**
   * Close the idle connections of the transport the client made. A `requestHandler` you
   * passed in is yours to close. The client stays usable; it reconnects.
   */
  destroy(): void {
    if (this.#config.requestHandler === undefined) this.#handler?.destroy?.();
  }

  /** @internal */
  async [internals](): Promise<ClientInternals> {
    const { handler } = await this.#resolve();
    return {
      handler,
      maxAttempts: this.#maxAttempts,
      requestTimeoutMs: this.#requestTimeoutMs,
      readBody: this.#runtime.readBody,
      log: (line) => this.#log(line),
      now: () => Date.now() + this.#clockOffset,
      forget: (input) => this.#cache?.delete(cacheKey(input)),
    };
  }

  #log(line: string): void {
    // The lines hold no secrets by construction (no headers, no URLs but the endpoint's).
    try {
      this.#config.logger?.debug?.(`ecr-layer-url: ${line}`);
    } catch {
      // A broken logger must not fail the call it was only watching.
    }
  }

  #resolve(): Promise<Resolved> {
    this.#resolved ??= this.#resolveConfig().catch((error: unknown) => {
      this.#resolved = undefined; // Let the next call try again (an env var may since be set).
      throw error;
    });
    return this.#resolved;
  }

  async #resolveConfig(): Promise<Resolved> {
    const config = this.#config;
    const runtime = this.#runtime;
    const profile = config.profile ?? env("AWS_PROFILE");
    const region = config.region ?? env("AWS_REGION") ?? env("AWS_DEFAULT_REGION") ?? (await runtime.defaultRegion(profile));
    if (region === undefined) {
      throw new EcrConfigError(`No AWS region: pass { region: "us-east-1" } (or another region), or ${runtime.regionSources}`);
    }
    const url = resolveEndpoint({
      region,
      useFipsEndpoint: config.useFipsEndpoint,
      useDualstackEndpoint: config.useDualstackEndpoint,
      endpoint: config.endpoint ?? configuredEndpoint(),
      allowInsecureEndpoint: config.allowInsecureEndpoint,
    });
    const signingRegion = realRegion(region);
    let source: CredentialsOption | (() => Promise<CredentialsOption | undefined>) | undefined = config.credentials;
    if (source === undefined) source = runtime.defaultCredentials(profile);
    if (source === undefined) throw new EcrConfigError(runtime.missingCredentials);
    if (typeof source !== "function" && (typeof source !== "object" || source === null)) {
      throw new EcrConfigError(`credentials must be an object or an async function, got ${source === null ? "null" : typeof source}`);
    }
    const credentials = cachedCredentials(source);
    const handler = (this.#handler = config.requestHandler ?? runtime.createRequestHandler());
    const signer = new Signer(signingRegion, runtime.sha256);
    return { url, signer, credentials, handler, userAgent: userAgent(config.userAgentAppId) };
  }

  async #attempt(
    resolved: Resolved,
    body: string,
    contentLength: string,
    requestedDigest: string,
    meta: ResponseMetadata,
    signal: AbortSignal | undefined,
    timeoutMs: number,
  ): Promise<Attempt> {
    const { url } = resolved;
    // One controller per attempt, fired by the caller's signal or by our timer. It bounds
    // everything the attempt waits for: credentials, the handler, the body.
    const controller = new AbortController();
    let timedOut = false;
    const timer =
      timeoutMs > 0 ? setTimeout(() => ((timedOut = true), controller.abort(new Error("attempt timed out"))), Math.min(timeoutMs, MAX_TIMER_MS)) : undefined;
    const onAbort = () => controller.abort(signal!.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted) onAbort();
    let waitingFor = "credentials";
    let secrets: Array<string | undefined> = [];
    let response: HttpResponse | undefined;
    let headers: Record<string, string | undefined> | undefined;
    try {
      const identity = await untilAborted(resolved.credentials(), controller.signal);
      secrets = [identity.secretAccessKey, identity.sessionToken];
      const request: HttpRequest = {
        method: "POST",
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname || "/",
        query: {},
        headers: {
          host: url.host,
          "content-type": CONTENT_TYPE,
          "x-amz-target": TARGET,
          "content-length": contentLength,
          [this.#runtime.userAgentHeader]: resolved.userAgent,
        },
        body,
      };
      const signingOffset = this.#clockOffset;
      const signed = await resolved.signer.signRequest(request, identity, new Date(Date.now() + signingOffset));
      // The signature (the Authorization header's last 64 characters), should an answer quote it bare.
      secrets.push(signed.headers.authorization!.slice(-64));
      waitingFor = `an answer from ${url.origin}`;
      meta.attempts++;
      const sent = resolved.handler.handle(signed, { abortSignal: controller.signal });
      // A handler that ignores `abortSignal` must not hang the call, nor, when its answer
      // comes after all, hold a connection open with a body nobody reads.
      sent.then(({ response: late }) => controller.signal.aborted && discardBody(late.body)).catch(() => {});
      response = (await untilAborted(sent, controller.signal)).response;
      headers = lowerCaseKeys(response.headers, secrets);
      const { bytes, truncated } = await this.#runtime.readBody(response.body, MAX_BODY_BYTES, controller.signal);
      const skew = this.#observeClock(headers, signingOffset);
      if (response.statusCode >= 200 && response.statusCode < 300) {
        const parsed = truncated
          ? { ok: false as const, reason: `the body is longer than ${MAX_BODY_BYTES} bytes` }
          : parseOutput(new TextDecoder().decode(bytes), requestedDigest);
        if (parsed.ok) {
          const output = { downloadUrl: parsed.downloadUrl, layerDigest: parsed.layerDigest, expiresAt: expiresAt(parsed.downloadUrl) };
          return { ok: true, response, headers, output };
        }
        const error = new InvalidResponseError(`ECR answered HTTP ${response.statusCode} but ${parsed.reason}`, { ...meta });
        return { ok: false, error, retry: "transient", response, headers };
      }
      return { ...this.#serviceError(response, headers, bytes, meta, secrets, skew), response, headers };
    } catch (error) {
      if (signal?.aborted) {
        return { ok: false, error: new AbortError("The call was aborted", { ...meta }, { cause: signal.reason }), response, headers };
      }
      if (timedOut) {
        const error = new TimeoutError(`The attempt timed out after ${timeoutMs} ms waiting for ${waitingFor}`, { ...meta });
        // Credentials that did not come will not come sooner on a retry (it would wait on the same load).
        return { ok: false, error, retry: waitingFor === "credentials" ? undefined : "transient", response, headers };
      }
      if (error instanceof EcrConfigError) {
        // A credential (re)load failed: a fresh error, since the provider's may be shared by concurrent calls.
        return { ok: false, error: new EcrConfigError(error.message, { cause: error.cause }) };
      }
      const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
      const reason = redact(error instanceof Error ? error.message : String(error), secrets);
      const networkError = new NetworkError(`Request to ${url.origin} failed: ${reason}`, { ...meta }, { cause: redactError(error, secrets) });
      const retry = isPermanentNetworkError(typeof code === "string" ? code : undefined) ? undefined : "transient";
      return { ok: false, error: networkError, retry, response, headers };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  #serviceError(
    response: HttpResponse,
    headers: Record<string, string | undefined>,
    bytes: Uint8Array,
    meta: ResponseMetadata,
    secrets: Array<string | undefined>,
    skew: number,
  ): { ok: false; error: EcrServiceException; retry?: RetryKind | "clock-skew" } {
    const status = response.statusCode;
    const parsed = parseErrorResponse({ statusCode: status, headers, body: bytes });
    const code = parsed.code && redact(parsed.code, secrets);
    const contentType = headers["content-type"];
    // Browsers show a redirect that `redirect: "manual"` stopped as status 0.
    const redirect = [0, 301, 302, 303, 307, 308].includes(status);
    const message = redact(
      parsed.message ??
        (redirect
          ? `ECR answered HTTP ${status}, a redirect: not followed, since the request is signed`
          : `ECR answered HTTP ${status}${code ? ` ${code}` : " without an error code"}${contentType && !code ? ` (${contentType.split(";")[0]})` : ""}`),
      secrets,
    );
    const retryKind = classifyResponse(status, code);
    const $metadata = { ...meta, httpStatusCode: status, requestId: parsed.requestId };
    const $retryable = retryKind ? { throttling: retryKind === "throttling" } : undefined;
    const Modeled = code !== undefined && Object.hasOwn(modeledErrors, code) ? modeledErrors[code] : undefined;
    const error = Modeled
      ? new Modeled({ message, $metadata, $retryable })
      : new EcrServiceException({ name: code ?? "UnknownError", message, $fault: status >= 500 ? "server" : "client", $metadata, $retryable });
    // Any error that came while our clock was far off may be the clock's fault.
    return { ok: false, error, retry: retryKind ?? (skew >= SKEW_RETRY_THRESHOLD_MS ? "clock-skew" : undefined) };
  }

  /**
   * Correct the clock offset from a response's `Date`. Returns how far off the clock this
   * attempt was signed with was (ms, absolute): measured against the offset used for
   * signing, so concurrent calls each see their own skew, not one another's correction.
   */
  #observeClock(headers: Record<string, string | undefined>, signingOffset: number): number {
    const serverTime = headers.date ? Date.parse(headers.date) : Number.NaN;
    // A Date we could not sign with (year 275760, say) would stop every later request.
    if (!signable(serverTime)) return 0;
    const now = Date.now();
    if (Math.abs(serverTime - (now + this.#clockOffset)) >= SKEW_UPDATE_THRESHOLD_MS) this.#clockOffset = serverTime - now;
    return Math.abs(serverTime - (now + signingOffset));
  }
}
