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
  /** The HTTP method: `"POST"` for the ECR call, `"GET"` for a layer download. */
  method: string;
  /** `"https:"` or `"http:"`. */
  protocol: string;
  /** The host, e.g. `"api.ecr.us-east-1.amazonaws.com"`; an IPv6 address keeps its brackets, as `URL.hostname` has it. */
  hostname: string;
  /** The port when the URL names one; absent for the protocol's default. */
  port?: number;
  /** The path from its leading `/`. A layer download's pre-signed query string is already on it. */
  path: string;
  /** Query parameters to append to `path`, in smithy's shape (`null` for a name without a value); the client sends none here. */
  query?: Record<string, string | Array<string> | null>;
  /** The headers, by lower-case name. Send them unchanged: an ECR call's signature covers them. */
  headers: Record<string, string>;
  /** The JSON text of an ECR call; absent on a layer download. */
  body?: any;
}

/** What an {@link HttpHandler} answers: smithy's `HttpResponse` shape. */
export interface HttpResponse {
  /** The HTTP status code. */
  statusCode: number;
  /** The status line's reason phrase, when the transport gives one. */
  reason?: string;
  /** The response headers, one string per name; names may be in any case (the client compares them case-insensitively). */
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
  /** Feed more data; strings are hashed as UTF-8. */
  update(data: SourceData): void;
  /** The hash (or MAC) of everything fed since construction or the last `reset()`. */
  digest(): Promise<Uint8Array>;
  /** Start again with no data, keeping the secret. */
  reset(): void;
}

/** What a checksum is keyed or fed with (smithy's `SourceData`). */
export type SourceData = string | ArrayBuffer | ArrayBufferView;

/** How the signer makes a {@link Checksum}: HMAC when given a secret, a plain hash without. */
export type ChecksumConstructor = new (secret?: SourceData) => Checksum;

/**
 * What the client needs of an HTTP handler: smithy's `HttpHandler` contract, so
 * `FetchHttpHandler` and `NodeHttpHandler` from `@smithy/*` (or your own) fit. It must
 * honour `abortSignal`: the client's timeouts and cancellation work through it.
 */
export interface HttpHandler {
  /**
   * Send `request` and resolve with the response once its headers arrive (the body may
   * still be streaming); reject on a transport failure or when `abortSignal` fires.
   */
  // Method syntax on purpose: smithy's handlers take their own HttpRequest class, a subtype.
  handle(
    request: HttpRequest,
    options?: HttpHandlerOptions,
  ): Promise<{
    /** The response: its status, headers and (unread) body. */
    response: HttpResponse;
  }>;
  /** Close idle connections. */
  destroy?(): void;
}

/** Everything the client takes from the runtime it runs on; each entry point builds one. */
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
