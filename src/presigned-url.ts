/**
 * What a pre-signed S3 URL tells without being fetched: its query parameters, and when
 * it expires. Showing it without the parts that grant access is `redact-url.ts`'s job.
 */

/**
 * A query parameter's raw value (both that we read are digits and letters, never
 * percent-encoded). A string scan, not `new URL()`: this runs on every call, and URL
 * parsing was a measurable share of the client's CPU per call.
 */
export function queryParam(url: string, name: string): string | undefined {
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
