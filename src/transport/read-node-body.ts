/**
 * Reading a Node stream body (an `IncomingMessage`) by its events. The generic reader
 * uses the stream's async iterator, which costs about 50 us of CPU per response more: a
 * large share of a call's CPU. Node-only, so browser bundles don't carry it.
 */
import { concat, readBody, toBytes } from "./read-body.js";
import type { BodyRead } from "./read-body.js";

/** The parts of a Node `Readable` (an `IncomingMessage`, say) that reading it needs. */
interface NodeReadable {
  on(event: string, listener: (...args: any[]) => void): unknown;
  removeListener(event: string, listener: (...args: any[]) => void): unknown;
  destroy?(error?: Error): void;
  /** null until someone reads it; false once paused. */
  readableFlowing?: boolean | null;
  readableEnded?: boolean;
  destroyed?: boolean;
  listenerCount?(event: string): number;
}

/** A stream nobody has started reading: attaching `data` is then all it takes. */
function isFresh(stream: NodeReadable): boolean {
  return stream.readableFlowing === null && !stream.readableEnded && !stream.destroyed && (stream.listenerCount?.("readable") ?? 0) === 0;
}

function readNodeStream(stream: NodeReadable, limit: number, signal?: AbortSignal): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let length = 0;
    const settle = (outcome: () => void) => {
      stream.removeListener("data", onData);
      stream.removeListener("end", onEnd);
      stream.removeListener("close", onClose);
      // The error listener stays: an error after we are done must not crash the process.
      signal?.removeEventListener("abort", onAbort);
      outcome();
    };
    const onData = (chunk: unknown) => {
      let bytes: Uint8Array;
      try {
        bytes = toBytes(chunk);
      } catch (error) {
        settle(() => reject(error));
        stream.destroy?.();
        return;
      }
      chunks.push(bytes);
      length += bytes.byteLength;
      if (length <= limit) return;
      settle(() => resolve({ bytes: concat(chunks, limit), truncated: true }));
      // Destroying frees the socket instead of draining megabytes we won't read.
      stream.destroy?.();
    };
    const onEnd = () => settle(() => resolve({ bytes: concat(chunks, length), truncated: false }));
    const onError = (error: unknown) => settle(() => reject(error));
    const onClose = () =>
      settle(() => reject(Object.assign(new Error("the connection closed before the body ended"), { code: "ERR_STREAM_PREMATURE_CLOSE" })));
    const onAbort = () => {
      settle(() => reject(signal!.reason));
      stream.destroy?.();
    };
    if (signal?.aborted) return onAbort();
    stream.on("error", onError);
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("close", onClose);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** {@link readBody}, with Node streams read by their events. */
export function readNodeBody(body: unknown, limit: number, signal?: AbortSignal): Promise<BodyRead> {
  const stream = body as NodeReadable | null | undefined;
  // Anything else (a stream already paused, ended or being read, a web stream) goes the
  // generic way, which copes with all of them.
  if (stream && typeof stream.on === "function" && typeof stream.removeListener === "function" && typeof (body as ReadableStream).getReader !== "function" && isFresh(stream)) {
    return readNodeStream(stream, limit, signal);
  }
  return readBody(body, limit, signal);
}
