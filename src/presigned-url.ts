/**
 * What a pre-signed S3 URL tells without being fetched: when it expires, and how to
 * show it without the parts that grant access.
 */

/** Query parameters of a pre-signed URL that grant access or identify the signer. */
const SECRET_PARAMS = ["X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token"];
// Wherever the name appears, not only after `?` or `&`: messages quote URLs XML-escaped
// (`&amp;`) or quote the parameter alone.
const secretParam = new RegExp(`((?:${SECRET_PARAMS.join("|")})=)[^&#\\s"'<>]*`, "gi");

/**
 * A query parameter's raw value (both that we read are digits and letters, never
 * percent-encoded). A string scan, not `new URL()`: this runs on every call, and URL
 * parsing was a measurable share of the client's CPU per call.
 */
function queryParam(url: string, name: string): string | undefined {
  const beforeFragment = url.split("#")[0]!;
  const start = beforeFragment.indexOf("?");
  return start < 0 ? undefined : new RegExp(`(?:^\\?|&)${name}=([^&]*)`).exec(beforeFragment.slice(start))?.[1];
}

/**
 * The moment a pre-signed URL stops working: `X-Amz-Date` plus `X-Amz-Expires` seconds.
 * Undefined when either is absent or malformed.
 */
export function expiresAt(url: string): Date | undefined {
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(queryParam(url, "X-Amz-Date") ?? "");
  const expires = queryParam(url, "X-Amz-Expires") ?? "";
  if (!date || !/^\d{1,9}$/.test(expires)) return undefined;
  const [, y, mo, d, h, mi, s] = date.map(Number) as number[];
  const signedAt = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  return Number.isNaN(signedAt) ? undefined : new Date(signedAt + Number(expires) * 1000);
}

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
