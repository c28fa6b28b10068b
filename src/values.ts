/**
 * Reading and quoting values the package does not trust: a caller's input and options, a
 * service's JSON. Nothing here throws, whatever the value (a getter aside, which `own`
 * leaves to its caller).
 */

/** Own properties only, so a value can never make us read `Object.prototype`. */
export function own(value: object, key: string): unknown {
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** `Array.isArray` that a revoked proxy cannot make throw. */
export function safeIsArray(value: unknown): boolean {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * Quote a value for a message, shortened so a 10 MB string can't flood a log. Objects and
 * functions are only named: their own `toString` may throw or print megabytes of source,
 * and a revoked proxy throws even from `Array.isArray`.
 */
export function describeValue(value: unknown): string {
  const type = typeof value;
  if (value === null || type === "object" || type === "function") {
    return value === null ? "null" : type === "function" ? "a function" : safeIsArray(value) ? "an array" : "an object";
  }
  const text = String(value);
  const shown = text.length > 80 ? `${text.slice(0, 60)}…` : text;
  return `${type === "string" ? JSON.stringify(shown) : `${type} ${shown}`}${text.length > 80 ? ` (${text.length} characters)` : ""}`;
}
