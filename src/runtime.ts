/**
 * What differs between runtimes, as one value the client is built with. The
 * runtime-agnostic entry passes `fetch` + pure-JS hashing and needs explicit
 * credentials; the Node entry passes `node:http`, `node:crypto`, the shared config
 * file and the default credential chain. `client.ts` imports neither.
 */
import type { ChecksumConstructor, HttpHandlerOptions, HttpRequest, HttpResponse } from "@smithy/types";
import type { CredentialsOption } from "./credentials.js";

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
