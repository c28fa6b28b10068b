import { EcrClientError } from "./ecr-client-error.js";
import type { ResponseMetadata } from "./response-metadata.js";

/**
 * The caller's `abortSignal` fired. The in-flight request or back-off sleep was
 * cancelled at once. `cause` holds the signal's `reason`.
 */
export class AbortError extends EcrClientError {
  /** Always `"AbortError"`. */
  override name = "AbortError" as const;
  /** The requests sent before the signal fired (`attempts` is 0 when it fired before the first). */
  declare readonly $metadata: ResponseMetadata;
}
