/**
 * Reading a response body of any shape a smithy `HttpHandler` may return (a Node
 * stream, a web `ReadableStream`, a Blob, bytes or a string), with a size cap and
 * cancellation. The cap matters: an error page can be megabytes, and we only ever
 * need the first few kilobytes of an answer.
 */
import { untilAborted } from "../abort.js";

/** The bytes read, and whether the body was longer than the cap (and so cut). */
export interface BodyRead {
  bytes: Uint8Array;
  truncated: boolean;
}

export function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!.subarray(0, length);
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    const take = Math.min(chunk.byteLength, length - offset);
    out.set(chunk.subarray(0, take), offset);
    offset += take;
  }
  return out;
}

export function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === "string") return new TextEncoder().encode(chunk);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError(`unexpected body chunk of type ${typeof chunk}`);
}

/**
 * A streaming body's chunks, one at a time (`undefined` at its end), from a web
 * `ReadableStream` or anything async-iterable (a Node stream); `stop()` gives up on the
 * rest and frees the connection. Throws `TypeError` for a body that is neither.
 */
export function streamChunks(body: unknown): { next: () => Promise<Uint8Array | undefined>; stop: () => void } {
  const reader = typeof (body as ReadableStream).getReader === "function" ? (body as ReadableStream<unknown>).getReader() : undefined;
  const iterator = reader ? undefined : (body as AsyncIterable<unknown>)[Symbol.asyncIterator]?.();
  if (!reader && !iterator) throw new TypeError("the response body is not readable");
  return {
    next: async () => {
      const { done, value } = await (reader ? reader.read() : iterator!.next());
      return done ? undefined : toBytes(value);
    },
    // Destroying a Node stream frees its socket instead of draining megabytes we won't read.
    stop: () => (reader ? void reader.cancel().catch(() => {}) : (body as { destroy?: () => void }).destroy?.()),
  };
}

/**
 * Read at most `limit` bytes of `body`, then stop reading (and cancel the rest).
 * Rejects with `signal.reason` when the signal fires mid-read.
 */
export async function readBody(body: unknown, limit: number, signal?: AbortSignal): Promise<BodyRead> {
  let whole: Uint8Array | undefined;
  if (body === undefined || body === null) whole = new Uint8Array(0);
  else if (typeof body === "string" || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) whole = toBytes(body);
  // A Blob is read up to one byte past the cap: enough to tell whether it was longer.
  else if (typeof Blob !== "undefined" && body instanceof Blob) whole = new Uint8Array(await body.slice(0, limit + 1).arrayBuffer());
  if (whole) return { bytes: whole.subarray(0, limit), truncated: whole.byteLength > limit };
  const chunks: Uint8Array[] = [];
  let length = 0;
  const stream = streamChunks(body);
  const stop = stream.stop;
  // An abort rejects the read at once and frees the connection of the rest.
  if (signal?.aborted) {
    stop();
    throw signal.reason;
  }
  signal?.addEventListener("abort", stop, { once: true });
  try {
    for (;;) {
      const next = stream.next();
      const bytes = await (signal ? untilAborted(next, signal) : next);
      if (bytes === undefined) return { bytes: concat(chunks, length), truncated: false };
      chunks.push(bytes);
      length += bytes.byteLength;
      if (length > limit) {
        stop();
        return { bytes: concat(chunks, limit), truncated: true };
      }
    }
  } finally {
    signal?.removeEventListener("abort", stop);
  }
}

/** Give up on a body without reading it, freeing its connection. */
export function discardBody(body: unknown): void {
  if (body === undefined || body === null || typeof body !== "object") return;
  const stream = body as { destroy?: () => void; cancel?: () => Promise<void> };
  if (typeof stream.destroy === "function") stream.destroy();
  else if (typeof stream.cancel === "function") void stream.cancel().catch(() => {});
}
