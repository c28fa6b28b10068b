import { EcrClientError } from "./ecr-client-error.js";
import type { ResponseMetadata } from "./response-metadata.js";

/**
 * The store that holds the layer (S3, behind the pre-signed URL) answered a download
 * with an error status that is not retried, or still failed after the retries and the
 * one URL refresh: 404 `NoSuchKey`, a 403 that a fresh URL did not cure, a 5xx that
 * outlasted `maxAttempts`. `statusCode` is the HTTP status, `code` the S3 error code when
 * the body had one, `requestId` S3's `x-amz-request-id`. The URL is never in the message.
 */
export class LayerDownloadError extends EcrClientError {
  /** Always `"LayerDownloadError"`. */
  override name = "LayerDownloadError" as const;
  /** The HTTP status of the store's last answer. */
  readonly statusCode: number;
  /** The S3 error code from the answer's body, e.g. `"NoSuchKey"`, when it had one. */
  readonly code?: string;
  /** S3's `x-amz-request-id` of the last answer, when it had one. */
  readonly requestId?: string;
  /** The download requests sent, with the store's last status and request id (not ECR's). */
  // Its own field, not the base's: defined after the fields above, it stays the last key.
  override readonly $metadata: ResponseMetadata;

  /** `details` gives the fields; `code` and `requestId` may be left out. */
  constructor(message: string, details: { statusCode: number; code?: string; requestId?: string; $metadata: ResponseMetadata }) {
    super(message, null);
    this.statusCode = details.statusCode;
    if (details.code !== undefined) this.code = details.code;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    this.$metadata = details.$metadata;
  }
}
