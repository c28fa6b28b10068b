/**
 * The client's URL cache: answers kept until shortly before their URL expires, in a
 * bounded LRU, and one shared request for concurrent asks of the same layer. A mirror
 * that serves one hot layer to many pullers then asks ECR once, not once per puller.
 */

import type { GetDownloadUrlForLayerInput } from "./operation.js";

/** The cache's key: registryId as given (absent means the caller's own account, which we can't name). */
export function cacheKey(input: GetDownloadUrlForLayerInput): string {
  return `${input.registryId ?? ""}/${input.repositoryName}@${input.layerDigest}`;
}

/** A URL is no longer handed out this long before it expires: time to fetch the blob. */
export const FRESHNESS_MARGIN_MS = 60_000;

/** What the cache keeps of an answer. */
export interface CachedUrl {
  downloadUrl: string;
  layerDigest: string;
  expiresAt?: Date;
}

/**
 * A bounded map of answers, least recently used first. Only answers whose URL says when
 * it expires are kept: one that does not cannot be known to be fresh.
 */
export class UrlCache {
  readonly #max: number;
  readonly #entries = new Map<string, CachedUrl>();

  constructor(max: number) {
    this.#max = max;
  }

  /** The answer for `key`, if it stays valid past `now` + the margin; `now` on the server's clock. */
  get(key: string, now: number): CachedUrl | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt === undefined || entry.expiresAt.getTime() - FRESHNESS_MARGIN_MS <= now) return undefined;
    this.#entries.set(key, entry); // now the most recently used
    return entry;
  }

  set(key: string, value: CachedUrl): void {
    this.#entries.delete(key);
    if (value.expiresAt === undefined) return;
    this.#entries.set(key, value);
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}

interface Shared<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiting: number;
}

/**
 * One request per key at a time: a caller asking while one is in flight waits for it.
 * Each caller can give up on its own (its signal rejects only its own wait); the request
 * itself is cancelled only when every caller waiting for it has given up.
 */
export class InFlight<T> {
  readonly #calls = new Map<string, Shared<T>>();

  /**
   * Join the call for `key`, or start it with `start`, which gets the signal that fires
   * when all its callers have gone. When the caller's own signal fires, rejects with
   * `signal.reason` at once while others still wait; the last caller to abort instead
   * settles as the cancelled call does.
   */
  run(key: string, signal: AbortSignal | undefined, start: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    let shared = this.#calls.get(key);
    if (shared === undefined) {
      const controller = new AbortController();
      const promise = start(controller.signal);
      const entry: Shared<T> = { promise, controller, waiting: 0 };
      shared = entry;
      this.#calls.set(key, entry);
      const forget = () => {
        if (this.#calls.get(key) === entry) this.#calls.delete(key);
      };
      promise.then(forget, forget);
    }
    const call = shared;
    call.waiting++;
    if (signal === undefined) return call.promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        if (--call.waiting > 0) return reject(signal.reason);
        // Nobody else is waiting: cancel the call, let a later caller start afresh, and
        // settle as the call does (at once, for a call that honours its signal), so the
        // last caller gets the call's own error, with what it knows of the attempts.
        if (this.#calls.get(key) === call) this.#calls.delete(key);
        call.controller.abort(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      call.promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }
}
