/**
 * Reading HTTP headers by name. Names are case-insensitive, and transports and handlers
 * hand them back in whatever case they like: every lookup in the package goes through here.
 */

/** A response's headers, keyed by lower-case name. */
export type LowerCaseHeaders = Record<string, string | undefined>;

/**
 * The headers keyed by lower-case name, string values only. The first spelling wins
 * when a handler passes the same header twice in different cases. The record has no
 * prototype, so a header named `__proto__` is just a header.
 */
export function lowerCaseHeaders(headers: Record<string, unknown> | null | undefined): LowerCaseHeaders {
  const out: LowerCaseHeaders = Object.create(null) as LowerCaseHeaders;
  if (headers == null) return out;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    const key = name.toLowerCase();
    if (typeof value === "string" && out[key] === undefined) out[key] = value;
  }
  return out;
}

/** One header's value, its name matched in any case (the first spelling wins). */
export function headerValue(headers: Record<string, unknown> | null | undefined, name: string): string | undefined {
  if (headers == null) return undefined;
  const wanted = name.toLowerCase();
  for (const key of Object.keys(headers)) {
    const value = headers[key];
    if (typeof value === "string" && key.toLowerCase() === wanted) return value;
  }
  return undefined;
}
