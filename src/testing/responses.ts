/** The response bodies the fake server speaks: AWS JSON 1.1 for the API, S3's XML for blobs. */
import type { ErrorForm } from "./faults.js";

/** A response decided but not yet sent, so a fault can still change how it is delivered. */
export interface PlannedResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
  /** The error code the response carries, for the request record. */
  errorCode?: string;
}

/** The AWS JSON 1.1 media type. */
export const JSON_CONTENT_TYPE = "application/x-amz-json-1.1";

/** A successful JSON response. */
export function jsonResponse(value: unknown): PlannedResponse {
  return { status: 200, headers: { "content-type": JSON_CONTENT_TYPE }, body: Buffer.from(JSON.stringify(value)) };
}

/** The status AWS gives an error code when a fault names none. */
export function defaultErrorStatus(code: string): number {
  if (code === "ServerException" || code === "InternalFailure" || code === "InternalServerError") return 500;
  if (code === "ServiceUnavailable" || code === "ServiceUnavailableException") return 503;
  return 400;
}

/** The status S3 gives an error code when a blob fault names none. */
export function defaultS3ErrorStatus(code: string): number {
  if (code === "AccessDenied" || code === "SignatureDoesNotMatch") return 403;
  if (code === "NoSuchKey") return 404;
  if (code === "InternalError") return 500;
  if (code === "SlowDown" || code === "ServiceUnavailable") return 503;
  return 400;
}

/** A service error in one of the forms AWS JSON services (and things in front of them) use. */
export function jsonError(
  code: string,
  message: string,
  options: { status?: number; form?: ErrorForm; retryAfterSeconds?: number } = {},
): PlannedResponse {
  const headers: Record<string, string> = { "content-type": JSON_CONTENT_TYPE };
  let body: Record<string, string>;
  switch (options.form ?? "__type") {
    case "__type":
      body = { __type: code, message };
      break;
    case "code":
      body = { code, message };
      break;
    case "header":
      headers["x-amzn-errortype"] = code;
      body = { message };
      break;
    case "namespaced":
      body = { __type: `aws.ecr#${code}`, message };
      break;
    case "uri":
      body = { __type: `${code}:http://internal.amazon.com/coral/com.amazonaws.ecr/`, message };
      break;
  }
  if (options.retryAfterSeconds !== undefined) {
    headers["retry-after"] = String(options.retryAfterSeconds);
    headers["x-amz-retry-after"] = String(Math.round(options.retryAfterSeconds * 1000));
  }
  return { status: options.status ?? defaultErrorStatus(code), headers, body: Buffer.from(JSON.stringify(body)), errorCode: code };
}

/** An S3-style XML error, as the layer bucket answers. `extra` adds elements after Message. */
export function s3Error(status: number, code: string, message: string, requestId: string, extra: Record<string, string> = {}): PlannedResponse {
  const elements = Object.entries(extra)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join("");
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message>${elements}` +
    `<RequestId>${escapeXml(requestId)}</RequestId><HostId>${escapeXml(requestId)}</HostId></Error>`;
  return { status, headers: { "content-type": "application/xml" }, body: Buffer.from(xml), errorCode: code };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
