import { EcrClientError } from "./ecr-client-error.js";
import type { ResponseMetadata } from "./response-metadata.js";

/**
 * The request could not be completed at the transport level: connection refused,
 * reset or dropped, DNS failure, TLS failure. `cause` holds the underlying error.
 */
export class NetworkError extends EcrClientError {
  /** Always `"NetworkError"`. */
  override name = "NetworkError" as const;
  /** The requests sent, the last of which failed, and the time slept between them. */
  declare readonly $metadata: ResponseMetadata;
}
