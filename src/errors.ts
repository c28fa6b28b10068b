/**
 * Every error this package throws. Service answers are {@link EcrServiceException}
 * (with the same class names and `name` values as `@aws-sdk/client-ecr`, so code can
 * migrate); everything else has a class of its own with a literal `name`.
 *
 * No message here may hold a secret: service messages are redacted before they
 * arrive (see `redact.ts`), and our own messages never quote credentials.
 */

/** What is known about the HTTP exchange(s) behind a result or an error. */
export interface ResponseMetadata {
  /** HTTP status of the last response, when one arrived. */
  httpStatusCode?: number;
  /** `x-amzn-RequestId` of the last response, when it had one. */
  requestId?: string;
  /** How many requests were sent (0 when nothing was sent). */
  attempts: number;
  /** Milliseconds spent sleeping between attempts. */
  totalRetryDelay: number;
  /**
   * On a successful answer: `true` when it came from the client's URL cache, so nothing
   * was sent (`attempts` is then 0), `false` when ECR was asked.
   */
  fromCache?: boolean;
}

/** The SDK's retryable trait: present on errors the client would retry. */
export interface RetryableTrait {
  readonly throttling?: boolean;
}

const noRequest = (): ResponseMetadata => ({ attempts: 0, totalRetryDelay: 0 });

/**
 * An error the ECR service (or something in front of it) answered with.
 *
 * Thrown for every error response. `name` is the AWS error code, e.g.
 * `"AccessDeniedException"`, `"ThrottlingException"`, or `"UnknownError"` when the
 * response carried no code (an HTML page from a proxy, say); the six errors the
 * operation models are subclasses. `$metadata.httpStatusCode` always holds the status.
 */
export class EcrServiceException extends Error {
  override name: string;
  /** `"client"` for 4xx-class errors, `"server"` for 5xx-class errors. */
  readonly $fault: "client" | "server";
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

type ModeledOptions = Omit<ConstructorParameters<typeof EcrServiceException>[0], "name" | "$fault">;

// The modeled errors need no constructors of their own: their field initializers run
// after the base constructor and set the literal `name` (and ServerException's `$fault`).

/** A parameter was rejected by the service (for example a digest of the wrong length). */
export class InvalidParameterException extends EcrServiceException {
  override name = "InvalidParameterException" as const;
}

/** The layer exists but is not accessible (for example still being uploaded). */
export class LayerInaccessibleException extends EcrServiceException {
  override name = "LayerInaccessibleException" as const;
}

/** No layer with that digest exists in the repository. */
export class LayersNotFoundException extends EcrServiceException {
  override name = "LayersNotFoundException" as const;
}

/** No repository with that name exists in the registry. */
export class RepositoryNotFoundException extends EcrServiceException {
  override name = "RepositoryNotFoundException" as const;
}

/** ECR reported an internal error. Retried like other server errors. */
export class ServerException extends EcrServiceException {
  override name = "ServerException" as const;
  override readonly $fault = "server" as const;
}

/** A pull-through cache repository could not fetch the layer from its upstream registry. */
export class UnableToGetUpstreamLayerException extends EcrServiceException {
  override name = "UnableToGetUpstreamLayerException" as const;
}

/** The error classes of the codes GetDownloadUrlForLayer models, by code. */
export const modeledErrors: Readonly<Record<string, new (options: ModeledOptions) => EcrServiceException>> = {
  InvalidParameterException,
  LayerInaccessibleException,
  LayersNotFoundException,
  RepositoryNotFoundException,
  ServerException,
  UnableToGetUpstreamLayerException,
};

/**
 * The input was rejected before anything was sent: a missing field, a value of the
 * wrong type, or one that breaks the model's length or pattern rule.
 * `field` names the input member; the message names the value (shortened) and the rule.
 */
export class EcrInputError extends Error {
  override name = "EcrInputError" as const;
  /** The input member that was rejected, e.g. `"layerDigest"`. */
  readonly field: string;
  readonly $metadata: ResponseMetadata = noRequest();
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/**
 * The client cannot be set up: no region could be found, no credentials could be
 * found, a region that is not a valid host label, an unusable endpoint, or FIPS /
 * dual-stack combined with a custom endpoint. Thrown before anything is sent.
 */
export class EcrConfigError extends Error {
  override name = "EcrConfigError" as const;
  readonly $metadata: ResponseMetadata = noRequest();
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * An attempt took longer than `requestTimeoutMs` (and the retries, if any, did too). The
 * message says what it was waiting for: credentials (not retried) or the answer.
 * `$metadata.attempts` counts the requests sent.
 */
export class TimeoutError extends Error {
  override name = "TimeoutError" as const;
  readonly $metadata: ResponseMetadata;
  constructor(message: string, $metadata: ResponseMetadata = noRequest()) {
    super(message);
    this.$metadata = $metadata;
  }
}

/**
 * The caller's `abortSignal` fired. The in-flight request or back-off sleep was
 * cancelled at once. `cause` holds the signal's `reason`.
 */
export class AbortError extends Error {
  override name = "AbortError" as const;
  readonly $metadata: ResponseMetadata;
  constructor(message: string, $metadata: ResponseMetadata = noRequest(), options?: { cause?: unknown }) {
    super(message, options);
    this.$metadata = $metadata;
  }
}

/**
 * The request could not be completed at the transport level: connection refused,
 * reset or dropped, DNS failure, TLS failure. `cause` holds the underlying error.
 */
export class NetworkError extends Error {
  override name = "NetworkError" as const;
  readonly $metadata: ResponseMetadata;
  constructor(message: string, $metadata: ResponseMetadata = noRequest(), options?: { cause?: unknown }) {
    super(message, options);
    this.$metadata = $metadata;
  }
}

/**
 * A response arrived with a success status but a body that is not the expected JSON
 * (empty, truncated, not JSON, or without a string `downloadUrl`). Usually a proxy or a
 * dropped connection; retried like a network error.
 */
export class InvalidResponseError extends Error {
  override name = "InvalidResponseError" as const;
  readonly $metadata: ResponseMetadata;
  constructor(message: string, $metadata: ResponseMetadata = noRequest()) {
    super(message);
    this.$metadata = $metadata;
  }
}

/**
 * A downloaded layer's bytes do not hash to its digest: the blob was altered, or the
 * store holds the wrong object. The body stream errors with this at its end, in place of
 * closing, so a reader can never finish bad bytes without an error; `downloadLayerToFile`
 * leaves no file. `expected` is the layer's digest, `actual` the digest of the bytes read,
 * both as `algorithm:hex`.
 */
export class LayerDigestMismatchError extends Error {
  override name = "LayerDigestMismatchError" as const;
  readonly expected: string;
  readonly actual: string;
  constructor(expected: string, actual: string) {
    super(`The layer's bytes hash to ${actual}, not to its digest ${expected}`);
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * A layer's size is not `expectedSize`: thrown when the response announces another size,
 * or the stream errors with it as soon as more bytes arrive, or at the end when fewer did.
 * `expected` and `actual` are byte counts (`actual` is at least the bytes seen so far).
 */
export class LayerSizeMismatchError extends Error {
  override name = "LayerSizeMismatchError" as const;
  readonly expected: number;
  readonly actual: number;
  constructor(expected: number, actual: number, when: string) {
    super(`The layer is ${when} ${actual} bytes, not the expected ${expected}`);
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * The store that holds the layer (S3, behind the pre-signed URL) answered a download
 * with an error status that is not retried, or still failed after the retries and the
 * one URL refresh: 404 `NoSuchKey`, a 403 that a fresh URL did not cure, a 5xx that
 * outlasted `maxAttempts`. `statusCode` is the HTTP status, `code` the S3 error code when
 * the body had one, `requestId` S3's `x-amz-request-id`. The URL is never in the message.
 */
export class LayerDownloadError extends Error {
  override name = "LayerDownloadError" as const;
  readonly statusCode: number;
  readonly code?: string;
  readonly requestId?: string;
  readonly $metadata: ResponseMetadata;
  constructor(message: string, details: { statusCode: number; code?: string; requestId?: string; $metadata: ResponseMetadata }) {
    super(message);
    this.statusCode = details.statusCode;
    if (details.code !== undefined) this.code = details.code;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    this.$metadata = details.$metadata;
  }
}
