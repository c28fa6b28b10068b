/**
 * One layer's download, as a pull of verified chunks: it GETs the blob through the
 * client's transport with no AWS headers, and hashes every byte before handing it on. A
 * dropped or stalled connection is resumed with `Range` from the byte reached; a 403 or
 * an expired URL gets one fresh URL. At the end the hash must equal the digest, or the
 * download fails with `LayerDigestMismatchError` in place of ending.
 */
import type { LayerUrlClient } from "./client.js";
import type { ClientInternals } from "./client-internals.js";
import { parseLayerDigest } from "./digest.js";
import type { HasherFactory, LayerHasher } from "./digest.js";
import type { DownloadLayerOptions } from "./download-options.js";
import {
  AbortError,
  LayerDigestMismatchError,
  LayerDownloadError,
  LayerSizeMismatchError,
  NetworkError,
  TimeoutError,
} from "./errors.js";
import type { ResponseMetadata } from "./errors.js";
import { noRequest } from "./errors/response-metadata.js";
import { headerValue } from "./headers.js";
import type { GetDownloadUrlForLayerInput, GetDownloadUrlForLayerOutput } from "./operation.js";
import { redact, redactError } from "./redact.js";
import { backoffDelay, sleep } from "./retry.js";
import type { HttpResponse } from "./runtime.js";
import { StallTimer } from "./stall-timer.js";
import { chunksOf, contentRange, downloadUrlOf, RETRY_STATUS, storeError } from "./store-response.js";
import { discardBody } from "./transport/read-body.js";
import { httpRequest, send } from "./transport/send.js";

/** What the store's answer said about the bytes it is sending. */
type Opened = { kind: "body"; body: unknown; controller: AbortController } | { kind: "complete" };

/** The response being read, and the controller that tears its connection down. */
interface Current {
  read: () => Promise<Uint8Array | undefined>;
  controller: AbortController;
}

/** An error body is a few hundred bytes of XML; a proxy's page can be anything. */
const ERROR_BODY_LIMIT = 16_384; // a literal: an expression would survive tree-shaking in the URL-only bundle

/**
 * One layer's download. `next()` gives the next verified chunk, `undefined` at a verified
 * end, or throws; after a throw or `cancel()` it keeps throwing that error.
 */
export class LayerDownload {
  readonly layerDigest: string;
  /** The size the store announced, once known. */
  total?: number;
  readonly #client: LayerUrlClient;
  readonly #ctx: ClientInternals;
  readonly #input: GetDownloadUrlForLayerInput;
  readonly #expectedHex: string;
  readonly #algorithm: string;
  readonly #hasher: LayerHasher;
  readonly #options: DownloadLayerOptions;
  readonly #timeoutMs: number;
  readonly #meta: ResponseMetadata = noRequest();
  readonly #onSettled?: () => void;
  #url: GetDownloadUrlForLayerOutput;
  #offset = 0;
  /** Bytes of the current response to drop: a store that ignored `Range` resends the start. */
  #skip = 0;
  /** Requests allowed before giving up: `maxAttempts`, plus one for each fresh URL. */
  #budget: number;
  /** A fresh URL was fetched and has not yet delivered a byte: another 403 is final. */
  #refreshPending = false;
  #current?: Current;
  /** The request awaiting its response headers. */
  #pendingOpen?: AbortController;
  /** Fired when the download ends early, to cut back-off sleeps short. */
  readonly #stop = new AbortController();
  readonly #stall: StallTimer;
  /** The origin of the URL last requested, for messages (never the URL: it holds the signature). */
  #origin = "";
  #failure?: unknown;
  #finished = false;
  #onAbort?: () => void;
  /** Told when the download fails by itself while nobody is reading (an abort). */
  onFailure?: (error: unknown) => void;

  /** @internal Use `startDownload` (download.ts). */
  constructor(
    client: LayerUrlClient,
    ctx: ClientInternals,
    input: GetDownloadUrlForLayerInput,
    url: GetDownloadUrlForLayerOutput,
    hashers: HasherFactory,
    options: DownloadLayerOptions,
    onSettled?: () => void,
  ) {
    this.#client = client;
    this.#ctx = ctx;
    this.#input = input;
    this.#url = url;
    this.layerDigest = input.layerDigest;
    const { algorithm, hex } = parseLayerDigest(input.layerDigest);
    this.#algorithm = algorithm;
    this.#expectedHex = hex;
    this.#hasher = hashers(algorithm);
    this.#options = options;
    this.#timeoutMs = options.requestTimeoutMs ?? ctx.requestTimeoutMs;
    this.#budget = ctx.maxAttempts;
    this.#stall = new StallTimer(this.#timeoutMs, () => {
      this.#current?.controller.abort(new Error("stalled"));
      this.#pendingOpen?.abort(new Error("stalled"));
    });
    this.#onSettled = onSettled;
    const signal = options.abortSignal;
    if (signal) {
      this.#onAbort = () => {
        const error = this.#aborted();
        this.#fail(error);
        this.onFailure?.(error);
      };
      signal.addEventListener("abort", this.#onAbort, { once: true });
    }
  }

  /** The URL currently in use (a fresh one after a refresh). */
  get downloadUrl(): string {
    return this.#url.downloadUrl;
  }

  /** Bytes verified so far. */
  get bytes(): number {
    return this.#offset;
  }

  /** Send the first request; resolves once the store has answered with the bytes to come. */
  async open(): Promise<void> {
    try {
      await this.#open();
    } catch (error) {
      throw this.#fail(error);
    }
  }

  /** The next verified chunk, or `undefined` at the end (the digest matched). */
  async next(): Promise<Uint8Array | undefined> {
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#finished) return undefined;
    try {
      for (;;) {
        const current = this.#current ?? (await this.#open());
        if (current === undefined) return this.#finish();
        let chunk: Uint8Array | undefined;
        this.#stall.start();
        try {
          chunk = await current.read();
        } catch (error) {
          this.#current = undefined;
          current.controller.abort();
          await this.#retry(error);
          continue;
        } finally {
          this.#stall.stop();
        }
        if (this.#failure !== undefined) throw this.#failure;
        if (chunk === undefined) {
          this.#current = undefined;
          if (this.total !== undefined && this.#offset < this.total) {
            await this.#retry(new Error(`the body ended after ${this.#offset} of ${this.total} bytes`));
            continue;
          }
          return this.#finish();
        }
        if (this.#skip > 0) {
          const drop = Math.min(this.#skip, chunk.byteLength);
          this.#skip -= drop;
          chunk = chunk.subarray(drop);
          if (chunk.byteLength === 0) continue;
        }
        const expected = this.#options.expectedSize;
        if (expected !== undefined && this.#offset + chunk.byteLength > expected) {
          throw new LayerSizeMismatchError(expected, this.#offset + chunk.byteLength, "at least");
        }
        this.#hasher.update(chunk);
        this.#offset += chunk.byteLength;
        this.#refreshPending = false;
        this.#options.onProgress?.({ bytes: this.#offset, total: this.total });
        return chunk;
      }
    } catch (error) {
      throw this.#fail(error);
    }
  }

  /** Stop: close the connection and settle. Later `next()` calls throw `reason`'s error. */
  cancel(reason?: unknown): void {
    if (this.#failure === undefined && !this.#finished) this.#fail(this.#aborted(reason, "The download was cancelled"));
  }

  #finish(): undefined {
    const expected = this.#options.expectedSize;
    if (expected !== undefined && this.#offset !== expected) throw new LayerSizeMismatchError(expected, this.#offset, "only");
    const actual = this.#hasher.hex();
    if (actual !== this.#expectedHex) {
      // The next download must not reuse this URL: a browser's HTTP cache would answer it
      // with the same bad bytes. A fresh URL is a new cache key.
      this.#ctx.forget(this.#input);
      throw new LayerDigestMismatchError(this.layerDigest, `${this.#algorithm}:${actual}`);
    }
    this.#finished = true;
    this.#cleanup();
    this.#ctx.log(`downloaded and verified ${this.layerDigest}: ${this.#offset} bytes in ${this.#meta.attempts} request(s)`);
    return undefined;
  }

  #aborted(reason = this.#options.abortSignal?.reason, message = "The download was aborted"): AbortError {
    return new AbortError(message, { ...this.#meta }, { cause: reason });
  }

  /** Record the download's end by `error` (the first one wins) and release everything. */
  #fail(error: unknown): unknown {
    if (this.#failure === undefined && !this.#finished) {
      const signal = this.#options.abortSignal;
      // Whatever was under way when the caller aborted, the caller's abort is the story.
      this.#failure = signal?.aborted && !(error instanceof AbortError) ? this.#aborted() : error;
      this.#cleanup();
    }
    return this.#failure ?? error;
  }

  #cleanup(): void {
    this.#stall.clear();
    this.#current?.controller.abort(new Error("download ended"));
    this.#pendingOpen?.abort(new Error("download ended"));
    this.#current = undefined;
    this.#stop.abort();
    if (this.#onAbort) this.#options.abortSignal?.removeEventListener("abort", this.#onAbort);
    this.#onSettled?.();
  }


  /** Request the bytes from the offset reached; `undefined` when there are none left to get. */
  async #open(): Promise<Current | undefined> {
    for (;;) {
      const signal = this.#options.abortSignal;
      if (signal?.aborted) throw this.#aborted();
      if (this.#failure !== undefined) throw this.#failure;
      // Every byte is in (the connection went just after the last one): nothing to fetch.
      if (this.total !== undefined && this.#offset >= this.total) return undefined;
      if (!this.#refreshPending && this.#url.expiresAt !== undefined && this.#url.expiresAt.getTime() <= this.#ctx.now()) {
        this.#ctx.log(`the download URL of ${this.layerDigest} has expired: getting a fresh one`);
        await this.#refresh();
        // Cancelled while the URL call was out: send nothing more.
        if (this.#failure !== undefined) throw this.#failure;
      }
      const opened = await this.#request();
      if (opened === undefined) continue; // retried or refreshed: go again
      if (opened.kind === "complete") return undefined;
      if (this.#failure !== undefined) {
        // Cancelled while the request was out (cleanup could not reach it): close it.
        opened.controller.abort();
        throw this.#failure;
      }
      const read = chunksOf(opened.body);
      this.#current = { read, controller: opened.controller };
      return this.#current;
    }
  }

  async #refresh(): Promise<void> {
    const { abortSignal, requestTimeoutMs } = this.#options;
    this.#url = await this.#client.getDownloadUrlForLayer(this.#input, { abortSignal, requestTimeoutMs, refresh: true });
    this.#refreshPending = true;
    this.#budget++;
  }

  /** One GET. Resolves with the body to read, `complete`, or `undefined` to go again; throws when it is over. */
  async #request(): Promise<Opened | undefined> {
    const url = downloadUrlOf(this.#url.downloadUrl, this.#meta);
    this.#origin = url.origin;
    // The pre-signed URL is the whole authorization: no Authorization, no AWS headers.
    const headers: Record<string, string> = {};
    if (this.#offset > 0) headers.range = `bytes=${this.#offset}-`;
    const request = httpRequest("GET", url, `${url.pathname}${url.search}`, headers);
    const controller = new AbortController();
    this.#pendingOpen = controller;
    this.#meta.attempts++;
    this.#stall.reset();
    let response: HttpResponse;
    this.#stall.start();
    try {
      response = await send(this.#ctx.handler, request, controller.signal);
    } catch (error) {
      await this.#retry(error);
      return undefined;
    } finally {
      this.#stall.stop();
      this.#pendingOpen = undefined;
    }
    const status = response.statusCode;
    if (status === 200 || status === 206) return this.#accept(response, controller);
    if (status === 416 && this.#offset > 0 && contentRange(headerValue(response.headers, "content-range"))?.total === this.#offset) {
      // The connection dropped after the last byte: there is nothing left to fetch.
      discardBody(response.body);
      return { kind: "complete" };
    }
    return this.#refused(response, controller, url);
  }

  /** A 200 or 206: check what it announces, and hand its body on to be read. */
  async #accept(response: HttpResponse, controller: AbortController): Promise<Opened | undefined> {
    let start = 0;
    let total: number | undefined;
    if (response.statusCode === 206) {
      const rangeHeader = headerValue(response.headers, "content-range");
      const range = contentRange(rangeHeader);
      if (range?.start === undefined || range.start > this.#offset) {
        discardBody(response.body);
        controller.abort();
        await this.#retry(new Error(`the store answered 206 with Content-Range ${JSON.stringify(rangeHeader)} for bytes from ${this.#offset}`));
        return undefined;
      }
      start = range.start;
      total = range.total;
    } else {
      const length = headerValue(response.headers, "content-length");
      total = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
    }
    this.#skip = this.#offset - start;
    if (total !== undefined) {
      const expected = this.#options.expectedSize;
      if (expected !== undefined && total !== expected) {
        discardBody(response.body);
        controller.abort();
        throw new LayerSizeMismatchError(expected, total, "announced as");
      }
      this.total ??= total;
    }
    return { kind: "body", body: response.body, controller };
  }

  /** An error answer: read what the store says, then refresh the URL, retry, or fail. */
  async #refused(response: HttpResponse, controller: AbortController, url: URL): Promise<undefined> {
    const status = response.statusCode;
    // The error body is read under the same watch as the headers: a body that stalls is
    // cut by the stall timer, and cancel() or an abort reaches it.
    this.#pendingOpen = controller;
    this.#stall.start();
    const { bytes } = await this.#ctx.readBody(response.body, ERROR_BODY_LIMIT, controller.signal).catch(() => ({ bytes: new Uint8Array(0) }));
    this.#stall.stop();
    this.#pendingOpen = undefined;
    controller.abort();
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#stall.stalled) {
      await this.#retry(new Error(`the store's HTTP ${status} error body stalled`));
      return undefined;
    }
    const failure = storeError(this.layerDigest, url.origin, response, bytes, this.#url.downloadUrl, this.#meta);
    const { code, requestId } = failure;
    this.#ctx.log(`GET ${url.origin}${url.pathname} -> ${status}${code ? ` ${code}` : ""}${requestId ? ` requestId=${requestId}` : ""}`);
    if (status === 403 && !this.#refreshPending) {
      this.#ctx.log(`the store refused the download URL of ${this.layerDigest} (${code ?? 403}): getting a fresh one`);
      await this.#refresh();
      return undefined;
    }
    if (!RETRY_STATUS.has(status)) throw failure;
    await this.#retry(failure);
    return undefined;
  }

  /** After a failed attempt: wait and let the caller go again, or throw when the budget is spent. */
  async #retry(cause: unknown): Promise<void> {
    const signal = this.#options.abortSignal;
    if (signal?.aborted) throw this.#aborted();
    if (this.#failure !== undefined) throw this.#failure;
    const origin = this.#origin;
    const stalled = this.#stall.stalled;
    if (this.#meta.attempts >= this.#budget) {
      if (cause instanceof LayerDownloadError) throw cause;
      const $metadata = { ...this.#meta };
      if (stalled) throw new TimeoutError(`Downloading ${this.layerDigest} from ${origin}: no data for ${this.#timeoutMs} ms, after ${this.#meta.attempts} attempt(s)`, $metadata);
      const reason = redact(cause instanceof Error ? cause.message : String(cause));
      throw new NetworkError(`Downloading ${this.layerDigest} from ${origin} failed after ${this.#meta.attempts} attempt(s) at byte ${this.#offset}: ${reason}`, $metadata, {
        cause: redactError(cause),
      });
    }
    const delay = backoffDelay(this.#meta.attempts - 1, "transient");
    this.#ctx.log(
      `download of ${this.layerDigest} ${stalled ? "stalled" : "failed"} at byte ${this.#offset} (${redact(cause instanceof Error ? cause.message : String(cause))}); resuming in ${delay} ms`,
    );
    await sleep(delay, this.#stop.signal).catch(() => {
      throw this.#failure ?? this.#aborted();
    });
    this.#meta.totalRetryDelay += delay;
  }
}
