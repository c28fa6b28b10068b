/**
 * What differs between runtimes, as one value the client is built with. The
 * runtime-agnostic entry passes `fetch` + WebCrypto hashing and needs explicit
 * credentials; the Node entry passes `node:http`, `node:crypto`, the shared config
 * file and the default credential chain. `client.ts` imports neither.
 */
import type { CredentialsOption } from "./credentials.js";
import type { BodyRead } from "./transport/read-body.js";

/**
 * A request as the client hands it to an {@link HttpHandler}: the shape of smithy's
 * `HttpRequest`, so smithy's handlers accept it. The body is the serialized JSON.
 */
export interface HttpRequest {
  method: string;
  /** `"https:"` or `"http:"`. */
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | Array<string> | null>;
  headers: Record<string, string>;
  body?: any;
}

/** What an {@link HttpHandler} answers: smithy's `HttpResponse` shape. */
export interface HttpResponse {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  /** A web `ReadableStream`, a Node stream, a `Blob`, bytes or a string. */
  body?: any;
}

/** Options the client passes with each request. */
export interface HttpHandlerOptions {
  /** Fires when the attempt times out or the call is cancelled. */
  abortSignal?: AbortSignal;
}

/** SHA-256 (no secret) or HMAC-SHA256 (with one), in smithy's `Checksum` shape. */
export interface Checksum {
  update(data: SourceData): void;
  digest(): Promise<Uint8Array>;
  reset(): void;
}

/** What a checksum is keyed or fed with (smithy's `SourceData`). */
export type SourceData = string | ArrayBuffer | ArrayBufferView;

export type ChecksumConstructor = new (secret?: SourceData) => Checksum;

/**
 * What the client needs of an HTTP handler: smithy's `HttpHandler` contract, so
 * `FetchHttpHandler` and `NodeHttpHandler` from `@smithy/*` (or your own) fit. It must
 * honour `abortSignal`: the client's timeouts and cancellation work through it.
 */
export interface HttpHandler {
  // Method syntax on purpose: smithy's handlers take their own HttpRequest class, a subtype.
  handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }>;
  /** Close idle connections. */
  destroy?(): void;
}

export interface Runtime {
  /** The default transport. */
  createRequestHandler(): HttpHandler;
  /** Reads at most `limit` bytes of a response body; rejects with `signal.reason` on abort. */
  readBody(body: unknown, limit: number, signal?: AbortSignal): Promise<BodyRead>;
  /** SHA-256 for the signer. */
  sha256: ChecksumConstructor;
  /** Browsers refuse to set `User-Agent`, so there the SDKs send `x-amz-user-agent`. */
  userAgentHeader: "user-agent" | "x-amz-user-agent";
  /** The region when the config names none, or undefined. */
  defaultRegion(profile: string | undefined): string | undefined | Promise<string | undefined>;
  /** Where `defaultRegion` looked, for the error message when nothing was found. */
  regionSources: string;
  /** The credentials when the config gives none; undefined when this runtime has no default. */
  defaultCredentials(profile: string | undefined): (() => Promise<CredentialsOption | undefined>) | undefined;
  /** The message when there are no credentials at all. */
  missingCredentials: string;
}

/** Environment variables where the runtime has them (Node, Bun, Deno with permission); never throws. */
export function env(name: string): string | undefined {
  try {
    const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
    return value === "" ? undefined : value;
  } catch {
    return undefined; // Deno without --allow-env throws on access.
  }
}
