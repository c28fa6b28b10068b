import { lowerCaseHeaders } from "./headers.js";
import type { LowerCaseHeaders } from "./headers.js";
import { own } from "./values.js";

/** What an AWS JSON 1.1 error response says about itself. Every field may be absent. */
export interface ParsedError {
  /** Sanitized error code, e.g. `"RepositoryNotFoundException"`. */
  code?: string;
  /** The service's message, when the body carried one as a string. */
  message?: string;
  /** `x-amzn-RequestId` (or `x-amz-request-id`) of the response. */
  requestId?: string;
  /** The body, when it was a JSON object. */
  body?: Record<string, unknown>;
}

/**
 * Reduces a raw error code to the bare shape name, as Smithy's AWS JSON protocols
 * specify: take the part before the first `:`, then the part after the first `#`.
 * So `"aws.ns#FooError:http://internal.amazon.com/..."` becomes `"FooError"`.
 *
 * Like the AWS SDK for JavaScript it also keeps only the first of comma-joined values
 * (repeated headers arrive joined) and accepts a number. Anything else, or a result
 * that is empty, gives `undefined`.
 */
export function codeOf(value: unknown): string | undefined {
  let code: string;
  if (typeof value === "string") code = value;
  else if (typeof value === "number" && Number.isFinite(value)) code = String(value);
  else return undefined;
  code = before(before(code, ","), ":");
  const hash = code.indexOf("#");
  if (hash >= 0) code = code.slice(hash + 1);
  code = code.trim();
  return code === "" ? undefined : code;
}

/**
 * Reads the error code, message and request id from an AWS JSON 1.1 error response.
 *
 * The code comes from the `X-Amzn-Errortype` header, else the body's `code`, else its
 * `__type`, each sanitized by {@link codeOf}; the message from the body's `message`,
 * `Message` or `errorMessage`, whichever is first a string. Header names match in any
 * case. Never throws: a body that is empty, not JSON, cut short or not an object (an
 * HTML page from a proxy, say) simply contributes nothing.
 */
export function parseErrorResponse(response: {
  statusCode: number;
  headers: Record<string, string | undefined>;
  body: Uint8Array | string;
}): ParsedError {
  const headers = lowerCaseHeaders(response.headers);
  const body = parseObject(response.body);
  const result: ParsedError = {};

  const code = codeOf(headers["x-amzn-errortype"]) ?? (body && (codeOf(codeField(body)) ?? codeOf(own(body, "__type"))));
  if (code !== undefined) result.code = code;

  if (body) {
    for (const key of ["message", "Message", "errorMessage"]) {
      const message = own(body, key);
      if (typeof message === "string") {
        result.message = message;
        break;
      }
    }
    result.body = body;
  }

  const requestId = requestIdOf(headers);
  if (requestId) result.requestId = requestId;
  return result;
}

/**
 * The request id of any response, success or error, from its headers by lower-case name
 * ({@link lowerCaseHeaders}): `x-amzn-RequestId`, else `x-amzn-request-id` or
 * `x-amz-request-id` (the SDK reads all three spellings).
 */
export function requestIdOf(headers: LowerCaseHeaders): string | undefined {
  return headers["x-amzn-requestid"] || headers["x-amzn-request-id"] || headers["x-amz-request-id"] || undefined;
}

function before(value: string, separator: string): string {
  const at = value.indexOf(separator);
  return at < 0 ? value : value.slice(0, at);
}

// The SDK matches the body's "code" key in any case ("Code" from some services).
function codeField(body: Record<string, unknown>): unknown {
  if (Object.hasOwn(body, "code")) return body.code;
  for (const key of Object.keys(body)) {
    if (key.length === 4 && key.toLowerCase() === "code") return body[key];
  }
  return undefined;
}

function parseObject(raw: Uint8Array | string): Record<string, unknown> | undefined {
  let text: string;
  if (typeof raw === "string") text = raw;
  // isView rather than instanceof: bytes may come from another realm. Decoding is
  // non-fatal, so invalid UTF-8 turns into U+FFFD instead of an exception.
  else if (ArrayBuffer.isView(raw)) text = new TextDecoder().decode(raw);
  else return undefined;
  // Only an object is of use, so a body not starting with "{" (an HTML page, say) is
  // never parsed. \s also skips a BOM, which JSON.parse would reject.
  const start = text.search(/\S/);
  if (start < 0 || text[start] !== "{") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(start === 0 ? text : text.slice(start));
  } catch {
    return undefined;
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
