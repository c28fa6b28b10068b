import { noRequest } from "./response-metadata.js";
import type { ResponseMetadata } from "./response-metadata.js";

/**
 * The base of every error this package throws that is not an answer from ECR: input or
 * config it refused, a timeout, a cancellation, a network failure, a success response it
 * could not read, and a layer download that failed or did not verify. Never thrown
 * itself. `instanceof EcrClientError` catches all of those; answers from the service are
 * {@link EcrServiceException} instead.
 *
 * ```ts
 * try {
 *   await client.getDownloadUrlForLayer(input);
 * } catch (error) {
 *   if (error instanceof EcrServiceException) console.error(`ECR said ${error.name}`);
 *   else if (error instanceof EcrClientError) console.error(`${error.name} after ${error.$metadata?.attempts ?? "?"} requests`);
 *   else throw error;
 * }
 * ```
 */
export abstract class EcrClientError extends Error {
  /**
   * The subclass's class name, e.g. `"TimeoutError"`: each subclass narrows it to its
   * literal, so a union of them narrows on `name`.
   */
  // Initialised here, before any field of a subclass, so that `name` is the first own key:
  // JSON.stringify and util.inspect show it first, ahead of `$metadata` and the rest.
  override name: string = "EcrClientError";

  /**
   * What is known about the exchange(s) behind the error: `attempts` is 0 when nothing
   * was sent. Every subclass holds it except {@link LayerDigestMismatchError} and
   * {@link LayerSizeMismatchError}, which judge bytes already received.
   */
  declare readonly $metadata?: ResponseMetadata;

  /**
   * `$metadata` defaults to nothing sent (`attempts` 0); `cause` is what failed underneath.
   * `null` leaves `$metadata` unset: the two errors that judge received bytes have none, and
   * two set it themselves, after their own fields, so that it is their last key too.
   */
  constructor(message: string, $metadata: ResponseMetadata | null = noRequest(), options?: { cause?: unknown }) {
    super(message, options);
    if ($metadata) this.$metadata = $metadata;
  }
}
