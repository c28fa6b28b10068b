/**
 * How Python prints and orders JSON values, for every text the CLI copies from the AWS
 * CLI (its formatters, argparse's and botocore's messages): `str()`, `repr()`,
 * truthiness, type names, and `sorted()` on strings.
 *
 * JSON numbers reach us as JS numbers, which cannot tell `1.0` from `1`: every safe
 * integer is taken for a Python `int` (`1`), everything else for a `float`. So `1.0` or
 * `1e3` in a `--query` literal print as `1` and `1000` here where the CLI prints `1.0` and
 * `1000.0`; beyond 2^53, where JS has lost an integer's digits anyway, `1e21` prints as the
 * CLI does (`1e+21`) but the integer `10000000000000000` prints as `1e+16`.
 */

export function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Neither a list nor a dict. */
export function isScalar(value: unknown): boolean {
  return !Array.isArray(value) && !isDict(value);
}

export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isDict(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** The name Python's error messages give the value's type. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isSafeInteger(value) ? "int" : "float";
  if (typeof value === "string") return "str";
  return Array.isArray(value) ? "list" : "dict";
}

/** `repr()` of an int or float (what `str()` and `json.dumps` print too). */
export function pyNumber(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "nan" : n > 0 ? "inf" : "-inf";
  if (Number.isSafeInteger(n)) return String(n);
  // JS and Python both find the shortest digits that round-trip; they differ in where
  // they switch to exponent form and in how they write the exponent.
  const [mantissa = "", exponent = "0"] = n.toExponential().split("e");
  const digits = mantissa.replace("-", "").replace(".", "");
  const exp = Number(exponent);
  const point = exp + 1;
  const sign = n < 0 ? "-" : "";
  if (point <= -4 || point > 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${body}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

// str.isprintable(), by the Unicode of this JS engine rather than Python 3.11's 14.0: a
// character assigned since then shows as itself here where the CLI escapes it.
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(cp: number, width: number): string {
  return cp.toString(16).padStart(width, "0");
}

function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x7f || !NOT_PRINTABLE.test(ch)) out += ch;
    else if (cp <= 0xff) out += `\\x${hex(cp, 2)}`;
    else if (cp <= 0xffff) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return out + quote;
}

export function pyRepr(value: unknown): string {
  if (typeof value === "string") return reprString(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (isDict(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${reprString(k)}: ${pyRepr(v)}`)
      .join(", ")}}`;
  }
  return pyStr(value);
}

export function pyStr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return pyNumber(value);
  if (typeof value === "string") return value;
  return pyRepr(value);
}

/** Python orders strings by code point; JS's `<` orders by UTF-16 unit. */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return (i < a.length ? 1 : 0) - (j < b.length ? 1 : 0);
}

export function sortedKeys(keys: Iterable<string>): string[] {
  return [...keys].sort(compareCodePoints);
}

/** A Python-style `' ' * n`: empty for n <= 0. */
export function repeat(s: string, n: number): string {
  return n > 0 ? s.repeat(n) : "";
}
