/**
 * The pieces of AWS Signature Version 4 that signer and verifier share, written from
 * the published specification with `node:crypto` only. Deliberately independent of
 * `@smithy/signature-v4` (which the client uses), so the fake server is a second
 * opinion on the client's signing rather than a copy of it.
 *
 * Rules are the non-S3 ones: the path is normalized and its bytes percent-encoded again
 * (so a path that arrives as `/a%20b` is signed as `/a%2520b`), query parameters are
 * decoded once, re-encoded and sorted, header values are trimmed with runs of spaces
 * collapsed, and the payload hash is always the SHA-256 of the body bytes.
 */
import { createHash, createHmac } from "node:crypto";

/** The only algorithm SigV4 header authentication defines. */
export const SIGV4_ALGORITHM = "AWS4-HMAC-SHA256";

/** A request as it arrived, before any interpretation. */
export interface SigV4Request {
  /** HTTP method, e.g. `"POST"`. */
  method: string;
  /** The path exactly as received (percent-encoding intact), without the query. */
  path: string;
  /** The raw query string without the leading `?`; `""` when there is none. */
  query: string;
  /**
   * Headers as received: `[name, value]` pairs in arrival order, repeats allowed
   * (Node's `rawHeaders` regrouped into pairs, see {@link headerPairs}), or a record
   * whose array values stand for repeated headers. Names match in any case.
   */
  headers: ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The body bytes (a string is taken as UTF-8). */
  body: Uint8Array | string;
}

/** The lower-case hex SHA-256 of the given bytes (a string is taken as UTF-8). */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** HMAC-SHA256 as raw bytes, the building block of key derivation. */
export function hmac(key: Uint8Array | string, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/**
 * The signing key for one day, region and service:
 * `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
 */
export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const kDate = hmac(`AWS4${secretAccessKey}`, date);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, "aws4_request");
}

/** `YYYYMMDDTHHMMSSZ`, the form of `X-Amz-Date`. */
export function amzDate(time: number | Date): string {
  return new Date(time).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** Parses `YYYYMMDDTHHMMSSZ` to epoch milliseconds; `undefined` when malformed. */
export function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const time = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 2015-02-30 over to March; a real timestamp round-trips.
  return amzDate(time) === value ? time : undefined;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Percent-encodes bytes the RFC 3986 way: unreserved bytes as they are, the rest `%XX`. */
function encodeBytes(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** SigV4's `UriEncode` of a string's UTF-8 bytes (so `/` becomes `%2F`). */
export function uriEncode(value: string): string {
  return encodeBytes(Buffer.from(value, "utf8"));
}

/**
 * Undoes percent-encoding once, at the byte level: valid `%XX` become that byte, and
 * everything else (a stray `%`, raw UTF-8) stays as its own bytes. Working on bytes
 * means a malformed escape or invalid UTF-8 cannot make the canonical form fail.
 */
function decodeOnce(value: string): Uint8Array {
  const raw = Buffer.from(value, "utf8");
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    if (byte === 0x25 && isHex(raw[i + 1]) && isHex(raw[i + 2])) {
      out.push(parseInt(String.fromCharCode(raw[i + 1]!, raw[i + 2]!), 16));
      i += 2;
    } else {
      out.push(byte);
    }
  }
  return Uint8Array.from(out);
}

function isHex(byte: number | undefined): boolean {
  return byte !== undefined && /[0-9A-Fa-f]/.test(String.fromCharCode(byte));
}

/**
 * The canonical URI of a non-S3 request: dot segments resolved and empty segments
 * dropped, then each segment's bytes encoded. No decoding first: that is the "double
 * encoding" AWS applies to every service but S3.
 */
export function canonicalUri(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  if (segments.length === 0) return "/";
  const trailing = path.endsWith("/") ? "/" : "";
  return `/${segments.map(uriEncode).join("/")}${trailing}`;
}

/**
 * The canonical query string: every `name=value` pair decoded once and encoded again,
 * sorted by encoded name then encoded value; a name without `=` gets an empty value.
 */
export function canonicalQuery(query: string): string {
  if (query === "") return "";
  const pairs: Array<[string, string]> = [];
  for (const part of query.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? "" : part.slice(eq + 1);
    pairs.push([encodeBytes(decodeOnce(name)), encodeBytes(decodeOnce(value))]);
  }
  pairs.sort(([an, av], [bn, bv]) => compare(an, bn) || compare(av, bv));
  return pairs.map(([name, value]) => `${name}=${value}`).join("&");
}

// Code-unit order; after encoding both sides are ASCII, so this is byte order.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Regroups Node's flat `rawHeaders` (`[name, value, name, value, …]`) into pairs. */
export function headerPairs(rawHeaders: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  return pairs;
}

/** All values of a header, in arrival order, matched case-insensitively. */
export function headerValues(headers: SigV4Request["headers"], name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  const pairs: Iterable<readonly [string, unknown]> = Array.isArray(headers)
    ? (headers as ReadonlyArray<readonly [string, string]>)
    : Object.entries(headers);
  for (const [key, value] of pairs) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    if (Array.isArray(value)) values.push(...(value as string[]));
    else values.push(String(value));
  }
  return values;
}

/** A header value in canonical form: trimmed, with each run of spaces made one space. */
export function canonicalHeaderValue(value: string): string {
  return value.trim().replace(/ {2,}/g, " ");
}

/**
 * The canonical request for the given signed header names (lower-case, and sorted
 * here, as the spec requires). A signed header that is absent contributes an empty
 * value, so the signature simply fails to match.
 */
export function canonicalRequest(request: SigV4Request, signedHeaders: readonly string[]): string {
  const names = [...new Set(signedHeaders.map((name) => name.toLowerCase()))].sort(compare);
  const headerLines = names.map((name) => `${name}:${headerValues(request.headers, name).map(canonicalHeaderValue).join(",")}\n`);
  return [
    request.method.toUpperCase(),
    canonicalUri(request.path),
    canonicalQuery(request.query),
    headerLines.join(""),
    names.join(";"),
    sha256Hex(request.body),
  ].join("\n");
}

/** `date/region/service/aws4_request`, the scope a signature is valid for. */
export function credentialScope(date: string, region: string, service: string): string {
  return `${date}/${region}/${service}/aws4_request`;
}

/** The string to sign: algorithm, request time, scope and the canonical request's hash. */
export function stringToSign(requestTime: string, scope: string, canonical: string): string {
  return [SIGV4_ALGORITHM, requestTime, scope, sha256Hex(canonical)].join("\n");
}

/** The hex signature of a string to sign under a derived key. */
export function signature(key: Uint8Array, toSign: string): string {
  return createHmac("sha256", key).update(toSign, "utf8").digest("hex");
}
