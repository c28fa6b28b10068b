/**
 * The error mapping: an error response becomes an {@link EcrServiceException}, of the
 * modeled subclass its code names when there is one, with a message that holds no secret
 * and the retry kind the response calls for.
 */
import { SKEW_RETRY_THRESHOLD_MS } from "./clock.js";
import { EcrServiceException, modeledErrors } from "./errors.js";
import type { ResponseMetadata } from "./errors.js";
import type { LowerCaseHeaders } from "./headers.js";
import { parseErrorResponse } from "./parse-error.js";
import { redact } from "./redact.js";
import { classifyResponse } from "./retry.js";
import type { RetryKind } from "./retry.js";

/** Browsers show a redirect that `redirect: "manual"` stopped as status 0. */
const REDIRECTS = [0, 301, 302, 303, 307, 308];

/** An error response, mapped, and how to retry it (`"clock-skew"`: at once, with the clock corrected). */
export interface MappedServiceError {
  error: EcrServiceException;
  retry?: RetryKind | "clock-skew";
}

/**
 * Map one error response. `secrets` are redacted from everything the response quotes;
 * `skew` is how far off the clock the request was signed with was, in ms.
 */
export function serviceError(
  status: number,
  headers: LowerCaseHeaders,
  bytes: Uint8Array,
  meta: ResponseMetadata,
  secrets: Array<string | undefined>,
  skew: number,
): MappedServiceError {
  const parsed = parseErrorResponse({ statusCode: status, headers, body: bytes });
  const code = parsed.code && redact(parsed.code, secrets);
  const contentType = headers["content-type"];
  const message = redact(
    parsed.message ??
      (REDIRECTS.includes(status)
        ? `ECR answered HTTP ${status}, a redirect: not followed, since the request is signed`
        : `ECR answered HTTP ${status}${code ? ` ${code}` : " without an error code"}${contentType && !code ? ` (${contentType.split(";")[0]})` : ""}`),
    secrets,
  );
  const retryKind = classifyResponse(status, code);
  const $metadata = { ...meta, httpStatusCode: status, requestId: parsed.requestId };
  const $retryable = retryKind ? { throttling: retryKind === "throttling" } : undefined;
  const Modeled = code !== undefined && Object.hasOwn(modeledErrors, code) ? modeledErrors[code] : undefined;
  const error = Modeled
    ? new Modeled({ message, $metadata, $retryable })
    : new EcrServiceException({ name: code ?? "UnknownError", message, $fault: status >= 500 ? "server" : "client", $metadata, $retryable });
  // Any error that came while our clock was far off may be the clock's fault.
  return { error, retry: retryKind ?? (skew >= SKEW_RETRY_THRESHOLD_MS ? "clock-skew" : undefined) };
}
