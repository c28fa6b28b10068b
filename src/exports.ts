/** What both entry points export besides the client and the shortcut. */
export type { EcrLayerClientConfig, Logger } from "./config.js";
export type { GetDownloadUrlForLayerOutput } from "./operation.js";
export type { RequestOptions } from "./options.js";
export type { AwsCredentialIdentity, AwsCredentialIdentityProvider, CredentialsOption } from "./credentials.js";
export { resolveEndpoint } from "./endpoint.js";
export {
  AbortError,
  EcrClientError,
  EcrConfigError,
  EcrInputError,
  EcrServiceException,
  InvalidParameterException,
  InvalidResponseError,
  LayerDigestMismatchError,
  LayerDownloadError,
  LayerSizeMismatchError,
  LayerInaccessibleException,
  LayersNotFoundException,
  NetworkError,
  RepositoryNotFoundException,
  ServerException,
  TimeoutError,
  UnableToGetUpstreamLayerException,
} from "./errors.js";
/**
 * {@link EcrServiceException} under the AWS SDK's name, the very same class: code written
 * for `@aws-sdk/client-ecr` keeps its `instanceof ECRServiceException` checks when only
 * the import changes.
 */
export { EcrServiceException as ECRServiceException } from "./errors.js";
export type { ResponseMetadata, RetryableTrait } from "./errors.js";
export type { HttpHandler, HttpHandlerOptions, HttpRequest, HttpResponse } from "./runtime.js";
export type { GetDownloadUrlForLayerInput } from "./operation.js";
export type {
  DownloadLayerFunctionOptions,
  GetDownloadUrlForLayerFunctionOptions,
  GetDownloadUrlForLayerOptions,
  GetDownloadUrlsForLayersFunctionOptions,
} from "./shortcut.js";
export type { DownloadLayerOptions, DownloadLayerOutput, DownloadProgress } from "./download.js";
export type { GetDownloadUrlsForLayersInput, GetDownloadUrlsForLayersOptions, LayerUrlResult } from "./batch.js";
export { expiresAt } from "./presigned-url.js";
export { redactUrl } from "./redact-url.js";
