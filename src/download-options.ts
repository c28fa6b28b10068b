/**
 * A download's options and their check: what a caller may pass to `downloadLayer` and
 * `downloadLayerToFile`, and the progress they are told of.
 */
import { EcrInputError } from "./errors.js";
import { callOptions, checkAbortSignal, checkTimeoutOption } from "./options.js";

/** How far a download has got. */
export interface DownloadProgress {
  /** Bytes verified and handed on so far. */
  bytes: number;
  /** The layer's size, when the store announced it. */
  total?: number;
}

/** Options of a download. */
export interface DownloadLayerOptions {
  /** Cancels the download: the URL call, the transfer and any back-off sleep. The body then errors with `AbortError`. */
  abortSignal?: AbortSignal;
  /** Called after each chunk is verified and handed on. An exception it throws fails the download. */
  onProgress?: (progress: DownloadProgress) => void;
  /** The size the layer must have (from its manifest): checked against the announced size and the bytes read. */
  expectedSize?: number;
  /**
   * Milliseconds a request may wait for its response headers, or for the next bytes of the
   * body, before the attempt is given up (and resumed). Default: the client's
   * `requestTimeoutMs`. Time the reader spends not reading does not count.
   */
  requestTimeoutMs?: number;
}

/** The options checked, null meaning none (for the options and their abortSignal alike). */
export function checkDownloadOptions(rawOptions: DownloadLayerOptions | null | undefined): DownloadLayerOptions {
  const options = callOptions(rawOptions);
  const { onProgress, expectedSize, requestTimeoutMs } = options;
  const abortSignal = checkAbortSignal(options.abortSignal);
  if (onProgress !== undefined && typeof onProgress !== "function") throw new EcrInputError("onProgress", `onProgress must be a function, got ${typeof onProgress}`);
  if (expectedSize !== undefined && !(Number.isSafeInteger(expectedSize) && expectedSize >= 0)) {
    throw new EcrInputError("expectedSize", `expectedSize must be a whole number of bytes >= 0, got ${JSON.stringify(expectedSize) ?? String(expectedSize)}`);
  }
  checkTimeoutOption(requestTimeoutMs);
  return abortSignal === options.abortSignal ? options : { ...options, abortSignal };
}

