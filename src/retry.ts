/**
 * What is retried, how long to wait, and when to stop: the AWS SDKs' "standard"
 * retry mode as the AWS SDK for JavaScript implements it in 2026.
 *
 * - delay `random() * min(base * 2^retry, 20 s)`, base 50 ms, or 1 s for throttling;
 * - a retry quota per client: 500 tokens, 14 taken per retry (5 for throttling),
 *   returned on success (1 when the call needed no retry);
 * - `x-amz-retry-after` / `retry-after` raise the delay, by at most 5 s.
 */

/** Why a failed attempt may be retried. */
export type RetryKind = "throttling" | "transient";

export const MAX_BACKOFF_MS = 20_000;
export const BASE_DELAY_MS = 50;
export const THROTTLING_BASE_DELAY_MS = 1_000;
export const INITIAL_RETRY_TOKENS = 500;
export const RETRY_COST = 14;
export const THROTTLING_RETRY_COST = 5;
export const NO_RETRY_INCREMENT = 1;
export const MAX_RETRY_AFTER_EXTRA_MS = 5_000;

const THROTTLING_CODES = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "RequestThrottledException",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "TransactionInProgressException",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
  "LimitExceededException",
  "RequestThrottled",
  "SlowDown",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
]);
const TRANSIENT_CODES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"]);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);

/** Classify an error response. Modeled client errors and other 4xx are not retried. */
export function classifyResponse(statusCode: number, code: string | undefined): RetryKind | undefined {
  if (statusCode === 429 || (code !== undefined && THROTTLING_CODES.has(code))) return "throttling";
  if (TRANSIENT_STATUS.has(statusCode) || (code !== undefined && TRANSIENT_CODES.has(code))) return "transient";
  return undefined;
}

/** The back-off before retry number `retry` (0 for the first retry). */
export function backoffDelay(retry: number, kind: RetryKind, random: () => number = Math.random): number {
  const base = kind === "throttling" ? THROTTLING_BASE_DELAY_MS : BASE_DELAY_MS;
  return Math.floor(random() * Math.min(base * 2 ** retry, MAX_BACKOFF_MS));
}

/**
 * The server's requested wait, in ms, from `x-amz-retry-after` (ms) or `retry-after`
 * (seconds or an HTTP date), or undefined.
 */
export function retryAfterMs(headers: Record<string, string | undefined>, now: number = Date.now()): number | undefined {
  const amz = headers["x-amz-retry-after"];
  if (amz !== undefined && /^\d+$/.test(amz.trim())) return Number(amz.trim());
  const standard = headers["retry-after"]?.trim();
  if (standard === undefined || standard === "") return undefined;
  if (/^\d+$/.test(standard)) return Number(standard) * 1000;
  const at = Date.parse(standard);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The delay to sleep: the back-off, raised to the server's wish by at most 5 s. */
export function retryDelay(backoff: number, requested: number | undefined): number {
  if (requested === undefined) return backoff;
  return Math.min(Math.max(requested, backoff), backoff + MAX_RETRY_AFTER_EXTRA_MS);
}

/**
 * The client-wide budget that keeps a failing service from being hammered: each
 * retry spends tokens, successes earn them back, and an empty bucket stops retries.
 */
export class RetryQuota {
  #tokens = INITIAL_RETRY_TOKENS;

  get available(): number {
    return this.#tokens;
  }

  /** Take the cost of one retry; false (and nothing taken) when the bucket can't pay. */
  acquire(kind: RetryKind): number | undefined {
    const cost = kind === "throttling" ? THROTTLING_RETRY_COST : RETRY_COST;
    if (this.#tokens < cost) return undefined;
    this.#tokens -= cost;
    return cost;
  }

  /** After a success: give back what the last retry cost, or 1 when none was needed. */
  release(lastRetryCost: number | undefined): void {
    this.#tokens = Math.min(INITIAL_RETRY_TOKENS, this.#tokens + (lastRetryCost ?? NO_RETRY_INCREMENT));
  }
}

/**
 * Transport failures that will fail the same way however often they are tried: invalid
 * arguments (a header value Node or undici refuses) and TLS certificate problems. Every
 * other transport failure (reset, refused, timed out, dropped, DNS, a browser's coded-less
 * "Failed to fetch") may not have reached the server, and is retried.
 */
export function isPermanentNetworkError(code: string | undefined): boolean {
  if (code === undefined) return false;
  return /^(ERR_INVALID_|ERR_HTTP_INVALID_|UND_ERR_INVALID_ARG|ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET|VERIFY)_)/.test(code);
}

/** Wait `ms`, or reject with `signal.reason` as soon as it fires: a back-off that an abort cuts short. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
