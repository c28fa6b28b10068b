/**
 * Showing a pre-signed URL without the parts that grant access: for log lines, error
 * messages and `util.inspect`, which must never hold a URL's signature or credential.
 */
import { queryParam } from "./presigned-url.js";

/** Query parameters of a pre-signed URL that grant access or identify the signer. */
const SECRET_PARAMS = ["X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token"];
// Wherever the name appears, not only after `?` or `&`: messages quote URLs XML-escaped
// (`&amp;`) or quote the parameter alone.
const secretParam = new RegExp(`((?:${SECRET_PARAMS.join("|")})=)[^&#\\s"'<>]*`, "gi");

/**
 * The values of the URL's signature, credential and session token, raw and decoded: for
 * redacting a message that quotes them without their names (S3's errors do).
 */
export function urlSecrets(url: string): string[] {
  const values: string[] = [];
  for (const name of SECRET_PARAMS) {
    const raw = queryParam(url, name);
    if (raw) values.push(raw, safeDecode(raw));
  }
  return values;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The URL with its signature, credential and session token replaced by `REDACTED`, for logs. */
export function redactUrl(url: string): string {
  return url.replace(secretParam, "$1REDACTED");
}

/**
 * Make `console.log(value)` and `util.inspect` show `downloadUrl` redacted, so logging a
 * result never leaks access to the layer. The hook is non-enumerable and keyed by a
 * symbol: `value.downloadUrl` and `JSON.stringify` are untouched. Returns `value`.
 */
export function hideUrlFromInspect<T extends { downloadUrl?: string }>(value: T): T {
  Object.defineProperty(value, Symbol.for("nodejs.util.inspect.custom"), {
    value(this: T, _depth: number, options: object, inspect: (value: unknown, options: object) => string) {
      return inspect({ ...this, downloadUrl: redactUrl(this.downloadUrl!) }, options);
    },
  });
  return value;
}
