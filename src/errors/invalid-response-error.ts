import { EcrClientError } from "./ecr-client-error.js";
import type { ResponseMetadata } from "./response-metadata.js";

/**
 * A response arrived with a success status but a body that is not the expected JSON
 * (empty, truncated, not JSON, or without a string `downloadUrl`). Usually a proxy or a
 * dropped connection; retried like a network error.
 */
export class InvalidResponseError extends EcrClientError {
  /** Always `"InvalidResponseError"`. */
  override name = "InvalidResponseError" as const;
  /** The requests sent; `httpStatusCode` is the success status the unreadable body came with. */
  declare readonly $metadata: ResponseMetadata;
}
