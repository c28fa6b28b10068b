/**
 * Downloading a layer from its pre-signed URL, verified while it streams: `downloadLayer`
 * checks the input and options, asks the client for the URL (the cache answers when it
 * can), starts a `LayerDownload` (`layer-download.ts`) and hands its verified chunks on
 * as a web stream. The Node file writer reads the same chunks, so memory holds a chunk
 * or two whatever the layer's size.
 */
import type { LayerUrlClient } from "./client.js";
import { clientInternals } from "./client-internals.js";
import { parseLayerDigest } from "./digest.js";
import type { HasherFactory } from "./digest.js";
import { checkDownloadOptions } from "./download-options.js";
import type { DownloadLayerOptions } from "./download-options.js";
import { AbortError } from "./errors.js";
import { LayerDownload } from "./layer-download.js";
import type { GetDownloadUrlForLayerInput } from "./operation.js";
import { validateInput } from "./operation.js";
import { hideUrlFromInspect } from "./redact-url.js";

export type { DownloadLayerOptions, DownloadProgress } from "./download-options.js";

/** A download under way. */
export interface DownloadLayerOutput {
  /**
   * The layer's bytes, verified as they pass. Errors with {@link LayerDigestMismatchError}
   * at the end in place of closing when they do not match `layerDigest`. Read it or
   * `cancel()` it: the connection stays open until one of the two.
   */
  body: ReadableStream<Uint8Array>;
  /** Bytes, when the store announced the size. */
  size?: number;
  /** The digest the bytes are verified against, as asked for. */
  layerDigest: string;
  /** The pre-signed URL the download started from. Treat it as a secret. */
  downloadUrl: string;
}

/**
 * Start a download: validate, get the URL, send the first request. Resolves once the
 * store has answered, so a missing layer or a refused URL rejects here, not mid-stream.
 * `onSettled` runs once when the download ends, however it ends.
 */
export async function startDownload(
  client: LayerUrlClient,
  hashers: HasherFactory,
  input: GetDownloadUrlForLayerInput,
  rawOptions?: DownloadLayerOptions | null,
  onSettled?: () => void,
): Promise<LayerDownload> {
  let settled = false;
  const settle = () => {
    if (!settled) (settled = true), onSettled?.();
  };
  try {
    const valid = validateInput(input);
    parseLayerDigest(valid.layerDigest);
    const options = checkDownloadOptions(rawOptions);
    const signal = options.abortSignal;
    if (signal?.aborted) throw new AbortError("The download was aborted", undefined, { cause: signal.reason });
    const ctx = await clientInternals(client);
    const url = await client.getDownloadUrlForLayer(valid, { abortSignal: signal, requestTimeoutMs: options.requestTimeoutMs });
    const download = new LayerDownload(client, ctx, valid, url, hashers, options, settle);
    await download.open();
    return download;
  } catch (error) {
    settle();
    throw error;
  }
}

/** A web stream over a download: pulled chunk by chunk, so nothing piles up unread. */
export function toReadableStream(download: LayerDownload): ReadableStream<Uint8Array> {
  let controller: ReadableStreamDefaultController<Uint8Array>;
  download.onFailure = (error) => controller.error(error);
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      async pull(c) {
        try {
          const chunk = await download.next();
          // The download may have failed (an abort) while this pull waited: the stream is then errored already.
          if (chunk === undefined) c.close();
          else c.enqueue(chunk);
        } catch (error) {
          c.error(error);
        }
      },
      cancel(reason) {
        download.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** `downloadLayer`: start, then hand the bytes over as a web stream. */
export async function downloadLayer(
  client: LayerUrlClient,
  hashers: HasherFactory,
  input: GetDownloadUrlForLayerInput,
  options?: DownloadLayerOptions,
  onSettled?: () => void,
): Promise<DownloadLayerOutput> {
  const download = await startDownload(client, hashers, input, options, onSettled);
  const output: DownloadLayerOutput = { body: toReadableStream(download), layerDigest: download.layerDigest, downloadUrl: download.downloadUrl };
  if (download.total !== undefined) output.size = download.total;
  return hideUrlFromInspect(output);
}
