import type { ResponseMetadata } from "./response-metadata.js";

/** The SDK's retryable trait: present on errors the client would retry. */
export interface RetryableTrait {
  /** `true` for a throttling answer, which the client waits longer to retry (a 1 s back-off base, not 50 ms). */
  readonly throttling?: boolean;
}

/**
 * An error the ECR service (or something in front of it) answered with.
 *
 * Thrown for every error response. `name` is the AWS error code, e.g.
 * `"AccessDeniedException"`, `"ThrottlingException"`, or `"UnknownError"` when the
 * response carried no code (an HTML page from a proxy, say); the six errors the
 * operation models are subclasses. `$metadata.httpStatusCode` always holds the status.
 * Also exported as `ECRServiceException`, the AWS SDK's name for it.
 */
// The modeled subclasses need no constructors of their own: their field initializers run
// after this constructor and set the literal `name` (and ServerException's `$fault`).
export class EcrServiceException extends Error {
  /** The AWS error code, e.g. `"AccessDeniedException"`; `"UnknownError"` when the response had none. */
  override name: string;
  /** `"client"` for 4xx-class errors, `"server"` for 5xx-class errors. */
  readonly $fault: "client" | "server";
  /** The requests sent (a retried error counts them all) and the last response's status and request id. */
  readonly $metadata: ResponseMetadata;
  /** Set when the error was of a kind the client retries (and so may have). */
  $retryable?: RetryableTrait;

  /** A modeled subclass sets its own `name` and `$fault`; for this class, pass both. */
  constructor(options: {
    name?: string;
    message: string;
    $fault?: "client" | "server";
    $metadata: ResponseMetadata;
    $retryable?: RetryableTrait;
  }) {
    super(options.message);
    this.name = options.name ?? "UnknownError";
    this.$fault = options.$fault ?? "client";
    this.$metadata = options.$metadata;
    if (options.$retryable) this.$retryable = options.$retryable;
  }
}
