import { EcrClientError } from "./ecr-client-error.js";
import { noRequest } from "./response-metadata.js";
import type { ResponseMetadata } from "./response-metadata.js";

/**
 * The input was rejected before anything was sent: a missing field, a value of the
 * wrong type, or one that breaks the model's length or pattern rule.
 * `field` names the input member; the message names the value (shortened) and the rule.
 */
export class EcrInputError extends EcrClientError {
  /** Always `"EcrInputError"`. */
  override name = "EcrInputError" as const;
  /** The input member that was rejected, e.g. `"layerDigest"`. */
  readonly field: string;
  /** Always nothing sent: `attempts` and `totalRetryDelay` are 0. */
  // Its own field, not the base's: defined after `field`, it stays the last key, as on the other errors.
  override readonly $metadata: ResponseMetadata = noRequest();

  /** `field` is the rejected member (or `"input"` / `"options"` for the whole argument). */
  constructor(field: string, message: string) {
    super(message, null);
    this.field = field;
  }
}
