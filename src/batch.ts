/**
 * URLs for many layers of one repository: one GetDownloadUrlForLayer per digest (ECR has
 * no batch form of it), a few at a time, each digest's outcome reported on its own.
 */
import type { LayerUrlClient } from "./client.js";
import { AbortError, EcrInputError } from "./errors.js";
import { checkMember } from "./operation.js";
import { callOptions, checkAbortSignal, checkTimeoutOption } from "./options.js";
import { hideUrlFromInspect } from "./redact-url.js";

/** Input of `getDownloadUrlsForLayers`. */
export interface GetDownloadUrlsForLayersInput {
  /** The repository every layer is in, e.g. `"team/app"`. */
  repositoryName: string;
  /** The digests to get URLs for. Each one's outcome is reported on its own, in this order. */
  layerDigests: readonly string[];
  /** 12-digit AWS account ID of the registry; defaults to the caller's account. */
  registryId?: string;
}

/** Options of `getDownloadUrlsForLayers`. */
export interface GetDownloadUrlsForLayersOptions {
  /** Most calls in flight at once. Default 8. */
  concurrency?: number;
  /** Cancels every call still in flight or waiting; the batch then rejects with `AbortError`. */
  abortSignal?: AbortSignal;
  /** Time limit of each attempt in ms, overriding the client's. */
  requestTimeoutMs?: number;
}

/** One digest's outcome: a URL, or the error its call ended with. */
export interface LayerUrlResult {
  /** The digest, as given in `layerDigests`. */
  layerDigest: string;
  /** The pre-signed URL, when the call succeeded. Treat it as a secret. */
  downloadUrl?: string;
  /** When `downloadUrl` stops working, when the call succeeded and the URL says. */
  expiresAt?: Date;
  /** What the call for this digest threw (an `EcrInputError` for a malformed digest, a service error, …). */
  error?: Error;
}

const DEFAULT_CONCURRENCY = 8;

/** Get a URL for each digest; see `EcrLayerClient.getDownloadUrlsForLayers`. */
export async function getDownloadUrlsForLayers(
  client: LayerUrlClient,
  input: GetDownloadUrlsForLayersInput,
  rawOptions?: GetDownloadUrlsForLayersOptions | null,
): Promise<LayerUrlResult[]> {
  if (typeof input !== "object" || input === null) throw new EcrInputError("input", "input must be an object with repositoryName and layerDigests");
  const { repositoryName, layerDigests, registryId } = input;
  checkMember("repositoryName", repositoryName, true);
  checkMember("registryId", registryId, false);
  if (!Array.isArray(layerDigests)) throw new EcrInputError("layerDigests", `layerDigests must be an array of digests, got ${layerDigests === null ? "null" : typeof layerDigests}`);
  const options = callOptions(rawOptions); // null means none, as for a single call
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new EcrInputError("concurrency", `concurrency must be a whole number >= 1, got ${JSON.stringify(concurrency) ?? String(concurrency)}`);
  }
  const { requestTimeoutMs } = options;
  const abortSignal = checkAbortSignal(options.abortSignal);
  checkTimeoutOption(requestTimeoutMs);
  if (abortSignal?.aborted) throw new AbortError("The batch was aborted", undefined, { cause: abortSignal.reason });

  const results: LayerUrlResult[] = new Array(layerDigests.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < layerDigests.length) {
      const index = next++;
      const layerDigest = layerDigests[index] as string;
      try {
        const input = registryId === undefined ? { repositoryName, layerDigest } : { repositoryName, layerDigest, registryId };
        const { downloadUrl, expiresAt } = await client.getDownloadUrlForLayer(input, { abortSignal, requestTimeoutMs });
        const result: LayerUrlResult = { layerDigest, downloadUrl };
        if (expiresAt) result.expiresAt = expiresAt;
        results[index] = hideUrlFromInspect(result);
      } catch (error) {
        // The caller's abort ends the batch; anything else is this digest's outcome.
        if (abortSignal?.aborted) throw error instanceof AbortError ? error : new AbortError("The batch was aborted", undefined, { cause: abortSignal.reason });
        results[index] = { layerDigest, error: error instanceof Error ? error : new Error(String(error)) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, layerDigests.length) }, worker));
  return results;
}
