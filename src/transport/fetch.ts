/**
 * The transport for browsers and edge runtimes: the platform's `fetch`. A few lines of
 * our own rather than `@smithy/fetch-http-handler`, which costs about 1.5 kB gzipped for
 * options this client never sets (the client already bounds each attempt itself).
 */
import type { HttpHandler, HttpHandlerOptions, HttpRequest, HttpResponse } from "../runtime.js";

// The client's requests carry no query (AWS JSON 1.1 puts everything in the body).
function url(request: HttpRequest): string {
  return `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ""}${request.path}`;
}

/** An {@link HttpHandler} over the global `fetch`. The response body is a web `ReadableStream`. */
export class FetchHandler implements HttpHandler {
  async handle(request: HttpRequest, { abortSignal }: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    // No `keepalive` flag: in browsers it means "outlive the page", not connection reuse,
    // and some runtimes reject it on requests that need a CORS preflight. `host` is the
    // runtime's to set (browsers drop it), but it is signed, so it must stay in the object.
    // A signed request must reach only the endpoint it was signed for: fetch would follow a
    // redirect (same-origin ones keep Authorization). Unsigned blob GETs may follow theirs.
    const answer = await fetch(url(request), {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: abortSignal,
      redirect: request.headers.authorization ? "manual" : "follow",
    });
    const headers: Record<string, string> = {};
    answer.headers.forEach((value, name) => (headers[name] = value));
    return { response: { statusCode: answer.status, reason: answer.statusText, headers, body: answer.body ?? undefined } };
  }
}
