/**
 * The URL client: checks its config at construction, resolves the rest on the first
 * call (`config.ts`), then runs each call through the URL cache and the retry loop, one
 * attempt at a time (`attempt.ts`). It holds what outlives one call: the resolved config,
 * the transport (and so its keep-alive sockets), the retry quota, the clock and the cache.
 */
import { callAborted, runAttempt } from "./attempt.js";
import type { Attempt, CallContext } from "./attempt.js";
import { Clock } from "./clock.js";
import { checkConfig, resolveConfig } from "./config.js";
import type { CheckedConfig, EcrLayerClientConfig, ResolvedConfig } from "./config.js";
import { EcrConfigError } from "./errors.js";
import { noRequest } from "./errors/response-metadata.js";
import type { ResponseMetadata } from "./errors.js";
import { serializeInput, validateInput } from "./operation.js";
import type { GetDownloadUrlForLayerInput, GetDownloadUrlForLayerOutput } from "./operation.js";
import { callOptions, checkAbortSignal, checkTimeoutOption } from "./options.js";
import type { RequestOptions } from "./options.js";
import { requestIdOf } from "./parse-error.js";
import { hideUrlFromInspect } from "./redact-url.js";
import { backoffDelay, retryAfterMs, retryDelay, RetryQuota, sleep } from "./retry.js";
import type { HttpHandler, Runtime } from "./runtime.js";
import { cacheKey, InFlight, UrlCache } from "./url-cache.js";
import type { CachedUrl } from "./url-cache.js";

/**
 * @internal What downloads need of a client's state, read through {@link internals}
 * (`client-internals.ts` names the parts). A tuple, so the bare URL client's bundle
 * carries no property names for code only downloads run.
 */
export type ClientState = readonly [
  resolved: Promise<ResolvedConfig>,
  checked: CheckedConfig,
  runtime: Runtime,
  clock: Clock,
  cache: UrlCache | undefined,
  log: (line: string) => void,
];

/**
 * @internal The key of a client's state: a symbol the package does not export, so it
 * stays out of users' reach and out of the docs.
 */
export const internals: unique symbol = /* @__PURE__ */ Symbol("ecr-layer-url.internals");

/** A caller's own copy of an answer: nothing it changes reaches the cache or another caller. */
function answer(url: CachedUrl, $metadata: ResponseMetadata): GetDownloadUrlForLayerOutput {
  const expiresAt = url.expiresAt && new Date(url.expiresAt.getTime());
  return hideUrlFromInspect({ downloadUrl: url.downloadUrl, layerDigest: url.layerDigest, expiresAt, $metadata: { ...$metadata } });
}

/**
 * @internal The base of the entries' `EcrLayerClient`: GetDownloadUrlForLayer and the
 * URL cache, without downloads, so a program calling only `getDownloadUrlForLayer()`
 * bundles no download code.
 */
export class LayerUrlClient {
  readonly #config: EcrLayerClientConfig;
  readonly #runtime: Runtime;
  readonly #checked: CheckedConfig;
  readonly #quota = new RetryQuota();
  readonly #cache?: UrlCache;
  readonly #inFlight = new InFlight<GetDownloadUrlForLayerOutput>();
  readonly #clock: Clock;
  #resolved?: Promise<ResolvedConfig>;
  #handler?: HttpHandler;

  /** @internal The runtime is supplied by the entry point (`ecr-layer-url` picks it). */
  constructor(config: EcrLayerClientConfig = {}, runtime?: Runtime) {
    if (typeof config !== "object" || config === null) throw new EcrConfigError("config must be an object");
    if (!runtime) throw new EcrConfigError("EcrLayerClient needs a runtime; import it from \"ecr-layer-url\"");
    this.#config = config;
    this.#runtime = runtime;
    this.#checked = checkConfig(config);
    this.#clock = new Clock(this.#checked.systemClockOffset);
    if (this.#checked.urlCacheSize !== undefined) this.#cache = new UrlCache(this.#checked.urlCacheSize);
  }

  /** Milliseconds the client adds to the local clock when signing, as corrected from server `Date` headers. */
  get systemClockOffset(): number {
    return this.#clock.offset;
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
    const { abortSignal, requestTimeoutMs, refresh } = callOptions(options);
    checkTimeoutOption(requestTimeoutMs);
    const signal = checkAbortSignal(abortSignal);
    const timeoutMs = requestTimeoutMs ?? this.#checked.requestTimeoutMs;
    if (signal?.aborted) throw callAborted(undefined, signal.reason);
    const cache = this.#cache;
    if (cache === undefined) return this.#call(valid, signal, timeoutMs);
    const key = cacheKey(valid);
    if (refresh !== true) {
      const hit = cache.get(key, this.#clock.now());
      if (hit) {
        this.#log(`from the URL cache: ${valid.repositoryName}@${valid.layerDigest}`);
        return answer(hit, { ...noRequest(), fromCache: true });
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
      if (signal?.aborted && error === signal.reason) throw callAborted(undefined, signal.reason);
      throw error;
    }
  }

  /** One call to ECR, with its retries. */
  async #call(valid: GetDownloadUrlForLayerInput, signal: AbortSignal | undefined, timeoutMs: number): Promise<GetDownloadUrlForLayerOutput> {
    // The signal is live here: both callers checked it, synchronously, just before.
    const meta = noRequest();
    const resolved = await this.#resolve();
    const call: CallContext = { ...resolved, runtime: this.#runtime, clock: this.#clock, body: serializeInput(valid), layerDigest: valid.layerDigest, $metadata: meta, signal, requestTimeoutMs: timeoutMs };
    let lastRetryCost: number | undefined;
    let skewRetried = false;
    // `tries` spends maxAttempts; meta.attempts counts requests actually sent.
    for (let tries = 1; ; tries++) {
      if (signal?.aborted) throw callAborted(meta, signal.reason);
      const started = Date.now();
      const attempt = await runAttempt(call);
      this.#record(attempt, meta, tries, started, resolved.url);
      if (attempt.output) {
        this.#quota.release(lastRetryCost);
        return answer(attempt.output, { ...meta, fromCache: false });
      }
      const retry = tries < this.#checked.maxAttempts ? attempt.retry : undefined;
      if (retry === "clock-skew" && !skewRetried) {
        // The clock was corrected from this very response: one more try, at once, outside the quota.
        skewRetried = true;
        this.#log(`retrying at once with the clock offset corrected to ${this.#clock.offset} ms`);
        continue;
      }
      if (retry === "throttling" || retry === "transient") {
        const cost = this.#quota.acquire(retry);
        if (cost !== undefined) {
          lastRetryCost = cost;
          await this.#backOff(attempt, retry, tries, meta, signal);
          continue;
        }
        this.#log(`not retrying ${attempt.error.name}: the retry quota is exhausted`);
      }
      // Each attempt builds its own error object, so this never touches one another call holds.
      Object.assign(attempt.error.$metadata, meta);
      throw attempt.error;
    }
  }

  /** Put the attempt into the call's metadata and the log: the metadata describes the last attempt. */
  #record(attempt: Attempt, meta: ResponseMetadata, tries: number, started: number, url: URL): void {
    // An earlier 503 must not label a later timeout.
    meta.httpStatusCode = attempt.statusCode;
    meta.requestId = requestIdOf(attempt.headers);
    this.#log(
      `attempt ${tries}/${this.#checked.maxAttempts}: POST ${url.origin}${url.pathname} ->` +
        `${attempt.statusCode !== undefined ? ` ${attempt.statusCode}` : ""}${attempt.error ? ` ${attempt.error.name}` : ""}` +
        `${meta.requestId ? ` requestId=${meta.requestId}` : ""} in ${Date.now() - started} ms`,
    );
  }

  /** Sleep before the next try, as long as standard mode (or the server's `Retry-After`) says. */
  async #backOff(attempt: Attempt & { error: Error }, kind: "throttling" | "transient", tries: number, meta: ResponseMetadata, signal: AbortSignal | undefined): Promise<void> {
    const requested = retryAfterMs(attempt.headers, this.#clock.now());
    const delay = retryDelay(backoffDelay(tries - 1, kind), requested);
    this.#log(`retrying in ${delay} ms after ${attempt.error.name} (${kind}); retry quota left ${this.#quota.available}`);
    try {
      await sleep(delay, signal);
    } catch (reason) {
      throw callAborted(meta, reason);
    }
    meta.totalRetryDelay += delay;
  }

  /**
   * Close the idle connections of the transport the client made. A `requestHandler` you
   * passed in is yours to close. The client stays usable; it reconnects.
   */
  destroy(): void {
    if (this.#config.requestHandler === undefined) this.#handler?.destroy?.();
  }

  /** @internal */
  [internals](): ClientState {
    return [this.#resolve(), this.#checked, this.#runtime, this.#clock, this.#cache, (line) => this.#log(line)];
  }

  #log(line: string): void {
    // The lines hold no secrets by construction (no headers, no URLs but the endpoint's).
    try {
      this.#config.logger?.debug?.(`ecr-layer-url: ${line}`);
    } catch {
      // A broken logger must not fail the call it was only watching.
    }
  }

  #resolve(): Promise<ResolvedConfig> {
    this.#resolved ??= resolveConfig(this.#config, this.#runtime, (handler) => (this.#handler = handler)).catch((error: unknown) => {
      this.#resolved = undefined; // Let the next call try again (an env var may since be set).
      throw error;
    });
    return this.#resolved;
  }
}
