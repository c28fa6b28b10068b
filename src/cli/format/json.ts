/**
 * `--output json`: Python's `json.dump(value, indent=4, ensure_ascii=False)` and a newline,
 * except that an empty object prints nothing (the CLI takes `{}` for "no output").
 */
import { isDict, pyNumber } from "../python.js";

const ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };

/** Python escapes only quotes, backslashes and C0 controls when `ensure_ascii=False`. */
export function jsonString(s: string): string {
  return `"${s.replace(/["\\\u0000-\u001f]/g, (ch) => ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)}"`;
}

/** A scalar as `json.dumps` writes it. */
export function jsonScalar(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return pyNumber(value);
  return jsonString(String(value));
}

function dump(value: unknown, depth: number): string {
  const inner = " ".repeat(4 * (depth + 1));
  const outer = " ".repeat(4 * depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => inner + dump(v, depth + 1)).join(",\n")}\n${outer}]`;
  }
  if (isDict(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return `{\n${entries.map(([k, v]) => `${inner}${jsonString(k)}: ${dump(v, depth + 1)}`).join(",\n")}\n${outer}}`;
  }
  return jsonScalar(value);
}

export function formatJson(value: unknown): string {
  if (isDict(value) && Object.keys(value).length === 0) return "";
  return `${dump(value, 0)}\n`;
}
