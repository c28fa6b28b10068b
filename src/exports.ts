/** What both entry points export besides the client and the shortcut. */
export type { EcrLayerClientConfig, GetDownloadUrlForLayerOutput, Logger, RequestOptions } from "./client.js";
export type { AwsCredentialIdentity, AwsCredentialIdentityProvider, CredentialsOption } from "./credentials.js";
export { resolveEndpoint } from "./endpoint.js";
export {
  AbortError,
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
export type { ResponseMetadata, RetryableTrait } from "./errors.js";
export type { HttpHandler, HttpHandlerOptions, HttpRequest, HttpResponse } from "./runtime.js";
export type { GetDownloadUrlForLayerInput } from "./operation.js";
export type { DownloadLayerFunctionOptions, GetDownloadUrlForLayerOptions, GetDownloadUrlsForLayersFunctionOptions } from "./shortcut.js";
export type { DownloadLayerOptions, DownloadLayerOutput, DownloadProgress } from "./download.js";
export type { GetDownloadUrlsForLayersInput, GetDownloadUrlsForLayersOptions, LayerUrlResult } from "./batch.js";
export { expiresAt, redactUrl } from "./presigned-url.js";
