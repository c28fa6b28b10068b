/**
 * The transport for browsers and edge runtimes: `fetch`, through smithy's handler so a
 * user can swap in any other smithy `HttpHandler`.
 */
import { FetchHttpHandler } from "@smithy/fetch-http-handler";
import type { HttpHandler } from "../runtime.js";

export function createFetchHandler(): HttpHandler {
  // The client enforces its own per-attempt timeout, so the handler gets none.
  // No `keepalive` flag: in browsers it means "outlive the page", not connection reuse, and
  // some runtimes reject it on requests that need a CORS preflight.
  return new FetchHttpHandler();
}
