/**
 * Sending one request through a smithy `HttpHandler`: the one way API calls and blob
 * downloads both send. It bounds the wait by the signal even when a handler ignores
 * `abortSignal`, and frees the connection of an answer that comes after nobody waits.
 */
import { untilAborted } from "../abort.js";
import type { HttpHandler, HttpRequest, HttpResponse } from "../runtime.js";
import { discardBody } from "./read-body.js";

/** A request to `url`'s origin: `path` is the path and query as they go on the wire. */
export function httpRequest(method: string, url: URL, path: string, headers: Record<string, string>, body?: string): HttpRequest {
  const request: HttpRequest = {
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path,
    query: {},
    headers,
  };
  if (body !== undefined) request.body = body;
  return request;
}

/**
 * Send `request`; resolves with the response (its body unread) or rejects with the
 * handler's error, or with `signal.reason` as soon as the signal fires.
 */
export async function send(handler: HttpHandler, request: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
  const sent = handler.handle(request, { abortSignal: signal });
  // A handler that ignores `abortSignal` must not hang the caller, nor, when its answer
  // comes after all, hold a connection open with a body nobody reads.
  sent.then(({ response: late }) => signal.aborted && discardBody(late.body)).catch(() => {});
  return (await untilAborted(sent, signal)).response;
}
