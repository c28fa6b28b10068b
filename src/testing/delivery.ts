/**
 * Putting a response on the wire, normally or in one of the broken ways faults ask for.
 * Every path here stops as soon as the connection is gone or the server is closing.
 */
import type { ServerResponse } from "node:http";

import type { PlannedResponse } from "./responses.js";
import type { Sleeper } from "./sleeper.js";

/** How to send a planned response. */
export type DeliveryMode =
  | { kind: "normal" }
  | { kind: "drop-mid-body" }
  | { kind: "slow-drip"; chunkBytes: number; intervalMs: number };

/** Sends `planned` with `base` headers under its own, and a Content-Length of its full body. */
export async function deliver(
  res: ServerResponse,
  planned: PlannedResponse,
  base: Readonly<Record<string, string>>,
  mode: DeliveryMode,
  sleeper: Sleeper,
): Promise<void> {
  const { body } = planned;
  res.writeHead(planned.status, { ...base, ...planned.headers, "content-length": String(body.length) });

  if (mode.kind === "normal") {
    res.end(body);
    return;
  }

  // Headers go out on their own first, so even an empty first chunk is seen on the wire.
  res.flushHeaders();
  if (mode.kind === "drop-mid-body") {
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
    return;
  }

  const step = Math.max(1, Math.floor(mode.chunkBytes));
  for (let offset = 0; offset < body.length; offset += step) {
    if (offset > 0 && !(await sleeper.sleep(mode.intervalMs))) return;
    if (res.destroyed) return;
    res.write(body.subarray(offset, offset + step));
  }
  res.end();
}

/**
 * Streams a body of exactly `bytes` bytes: `prefix`, padding, `suffix` (cut short when
 * `bytes` is smaller than the two), honouring backpressure so a client that stops
 * reading holds the server up rather than filling its memory.
 */
export async function streamPadded(
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  parts: { prefix: string; suffix: string; bytes: number; chunked: boolean },
): Promise<void> {
  const total = Math.max(0, Math.floor(parts.bytes));
  res.writeHead(status, parts.chunked ? headers : { ...headers, "content-length": String(total) });
  for (const chunk of paddedChunks(parts.prefix, total, parts.suffix)) {
    if (res.destroyed) return;
    if (!res.write(chunk)) await drainedOrClosed(res);
  }
  if (!res.destroyed) res.end();
}

const CHUNK = 64 * 1024;

function* paddedChunks(prefix: string, total: number, suffix: string): Generator<Buffer> {
  const head = Buffer.from(prefix);
  const tail = Buffer.from(suffix);
  if (total <= head.length + tail.length) {
    yield Buffer.concat([head, tail]).subarray(0, total);
    return;
  }
  yield head;
  const filler = Buffer.alloc(CHUNK, "x");
  for (let left = total - head.length - tail.length; left > 0; left -= CHUNK) yield filler.subarray(0, Math.min(left, CHUNK));
  yield tail;
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
