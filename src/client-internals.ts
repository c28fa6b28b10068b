/**
 * What downloads need of a client besides its public calls, named: the transport, the
 * retry and time limits, the body reader, the log, the server's clock, and a way to drop
 * a cached URL. Built from the client's {@link ClientState} only when a download starts.
 */
import { internals } from "./client.js";
import type { LayerUrlClient } from "./client.js";
import type { GetDownloadUrlForLayerInput } from "./operation.js";
import type { HttpHandler, Runtime } from "./runtime.js";
import { cacheKey } from "./url-cache.js";

/** The client's parts a download uses. */
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

/** The client's parts, once its config has resolved (rejects as a call would when it cannot). */
export async function clientInternals(client: LayerUrlClient): Promise<ClientInternals> {
  const [resolved, checked, runtime, clock, cache, log] = client[internals]();
  const { handler } = await resolved;
  return {
    handler,
    maxAttempts: checked.maxAttempts,
    requestTimeoutMs: checked.requestTimeoutMs,
    readBody: runtime.readBody,
    log,
    now: () => clock.now(),
    forget: (input) => cache?.delete(cacheKey(input)),
  };
}
