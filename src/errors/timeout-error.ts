import { EcrClientError } from "./ecr-client-error.js";
import type { ResponseMetadata } from "./response-metadata.js";

/**
 * An attempt took longer than `requestTimeoutMs` (and the retries, if any, did too). The
 * message says what it was waiting for: credentials (not retried) or the answer.
 * `$metadata.attempts` counts the requests sent.
 */
export class TimeoutError extends EcrClientError {
  /** Always `"TimeoutError"`. */
  override name = "TimeoutError" as const;
  /** The requests sent before the time ran out, and the time slept between them. */
  declare readonly $metadata: ResponseMetadata;
}
