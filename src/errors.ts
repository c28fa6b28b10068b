/**
 * Every error this package throws, one class to a file in `errors/`. Service answers are
 * {@link EcrServiceException} (with the same class names and `name` values as
 * `@aws-sdk/client-ecr`, so code can migrate); everything else is an
 * {@link EcrClientError}, a class of its own with a literal `name`.
 *
 * No message here may hold a secret: service messages are redacted before they
 * arrive (see `redact.ts`), and our own messages never quote credentials.
 */
export type { ResponseMetadata } from "./errors/response-metadata.js";
export { EcrClientError } from "./errors/ecr-client-error.js";
export { EcrInputError } from "./errors/ecr-input-error.js";
export { EcrConfigError } from "./errors/ecr-config-error.js";
export { TimeoutError } from "./errors/timeout-error.js";
export { AbortError } from "./errors/abort-error.js";
export { NetworkError } from "./errors/network-error.js";
export { InvalidResponseError } from "./errors/invalid-response-error.js";
export { LayerDigestMismatchError } from "./errors/layer-digest-mismatch-error.js";
export { LayerSizeMismatchError } from "./errors/layer-size-mismatch-error.js";
export { LayerDownloadError } from "./errors/layer-download-error.js";
export { EcrServiceException } from "./errors/ecr-service-exception.js";
export type { RetryableTrait } from "./errors/ecr-service-exception.js";
export { InvalidParameterException } from "./errors/invalid-parameter-exception.js";
export { LayerInaccessibleException } from "./errors/layer-inaccessible-exception.js";
export { LayersNotFoundException } from "./errors/layers-not-found-exception.js";
export { RepositoryNotFoundException } from "./errors/repository-not-found-exception.js";
export { ServerException } from "./errors/server-exception.js";
export { UnableToGetUpstreamLayerException } from "./errors/unable-to-get-upstream-layer-exception.js";
export { modeledErrors } from "./errors/modeled-errors.js";
