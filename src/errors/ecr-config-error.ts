import { EcrClientError } from "./ecr-client-error.js";
import type { ResponseMetadata } from "./response-metadata.js";

/**
 * The client cannot be set up: no region could be found, no credentials could be
 * found, a region that is not a valid host label, an unusable endpoint, or FIPS /
 * dual-stack combined with a custom endpoint. Thrown before anything is sent.
 */
export class EcrConfigError extends EcrClientError {
  /** Always `"EcrConfigError"`. */
  override name = "EcrConfigError" as const;
  /** Always nothing sent: `attempts` and `totalRetryDelay` are 0. */
  declare readonly $metadata: ResponseMetadata;

  /** `cause` holds what failed underneath, e.g. a credential provider's (redacted) error. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, undefined, options);
  }
}
