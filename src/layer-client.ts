/**
 * The client users construct: the URL client plus the layer-level calls. A separate
 * class so that a program calling only `getDownloadUrlForLayer()` (whose default client
 * is the bare URL client) does not bundle the download code and its hash.
 */
import { getDownloadUrlsForLayers } from "./batch.js";
import type { GetDownloadUrlsForLayersInput, GetDownloadUrlsForLayersOptions, LayerUrlResult } from "./batch.js";
import { LayerUrlClient } from "./client.js";
import type { EcrLayerClientConfig } from "./config.js";
import type { HasherFactory } from "./digest.js";
import { downloadLayer } from "./download.js";
import type { DownloadLayerOptions, DownloadLayerOutput } from "./download.js";
import type { GetDownloadUrlForLayerInput } from "./operation.js";
import type { Runtime } from "./runtime.js";

/**
 * @internal The base of the entries' `EcrLayerClient`: the URL client plus downloads and
 * batches, with the runtime and hash the entry supplies.
 */
export class LayerClient extends LayerUrlClient {
  /** @internal */
  protected readonly hashers: HasherFactory;

  /** @internal */
  constructor(config: EcrLayerClientConfig | undefined, runtime: Runtime, hashers: HasherFactory) {
    super(config, runtime);
    this.hashers = hashers;
  }

  /**
   * Download a layer, verifying it against `layerDigest` as it streams.
   *
   * Gets the URL (from the cache when fresh), sends the GET, and resolves once the store
   * has answered, with the body as a web `ReadableStream`. A dropped or stalled connection
   * is resumed with an HTTP `Range` request from the byte reached (at most `maxAttempts`
   * requests in all); a 403 or an expired URL gets one fresh URL, then the download goes
   * on. The request carries no AWS credentials: the pre-signed URL is its authorization.
   * Verified with SHA-256 or SHA-512, as the digest says.
   *
   * ```ts
   * const { body, size } = await client.downloadLayer({ repositoryName, layerDigest });
   * for await (const chunk of body) process(chunk); // throws LayerDigestMismatchError at the end if tampered
   * ```
   *
   * @throws {@link EcrInputError} for a malformed input or options, or a digest that is not sha256 or sha512.
   * @throws what {@link EcrLayerClient.getDownloadUrlForLayer} throws, while getting the URL.
   * @throws {@link LayerDownloadError} when the store answers with an error (404, a 403 a fresh URL did not cure, a 5xx past the retries).
   * @throws {@link LayerSizeMismatchError} when the announced size is not `expectedSize`.
   * @throws {@link NetworkError} or {@link TimeoutError} when every attempt failed so; {@link AbortError} on abort.
   * The body stream errors with the same errors for failures after the first answer, and
   * with {@link LayerDigestMismatchError} or {@link LayerSizeMismatchError} at its end.
   */
  downloadLayer(input: GetDownloadUrlForLayerInput, options?: DownloadLayerOptions): Promise<DownloadLayerOutput> {
    return downloadLayer(this, this.hashers, input, options);
  }

  /**
   * Get download URLs for many layers of one repository: one call per digest, at most
   * `concurrency` (default 8) at a time, sharing the URL cache. Resolves with one result
   * per digest, in input order: `downloadUrl` and `expiresAt`, or the `error` that digest's
   * call ended with. One digest failing does not stop the others.
   *
   * @throws {@link EcrInputError} when `repositoryName`, `registryId`, `layerDigests` or `concurrency` is malformed (a malformed digest is that digest's error).
   * @throws {@link AbortError} when `abortSignal` fires.
   */
  getDownloadUrlsForLayers(input: GetDownloadUrlsForLayersInput, options?: GetDownloadUrlsForLayersOptions): Promise<LayerUrlResult[]> {
    return getDownloadUrlsForLayers(this, input, options);
  }
}
