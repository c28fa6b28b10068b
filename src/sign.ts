/**
 * SigV4 for one request, top to bottom: the canonical request, the string to sign, the
 * signature and the Authorization header. The canonicalization rules are those of
 * @smithy/signature-v4 (the AWS SDK for JavaScript's signer), written out here: its
 * helpers and their @smithy/core imports cost more bytes of an 11 kB browser budget than
 * the rules themselves. The official AWS SigV4 test vectors check the whole
 * (test/sign.test.ts). The hashing is done straight on the strings.
 */
import type { AwsCredentialIdentity } from "./credentials.js";
import { toHex } from "./digest.js";
import type { Checksum, ChecksumConstructor, HttpRequest, SourceData } from "./runtime.js";

const ALGORITHM = "AWS4-HMAC-SHA256";

/**
 * Headers left unsigned, as smithy leaves them: hop-by-hop and proxy headers, and those a
 * runtime may set or change itself (a browser's `User-Agent`, `Sec-*`).
 */
const UNSIGNED =
  /^(authorization|cache-control|connection|expect|from|keep-alive|max-forwards|pragma|referer|te|trailer|transfer-encoding|upgrade|user-agent|x-amzn-trace-id|proxy-.*|sec-.*)$/;

/** RFC 3986 unreserved characters stay; everything else is percent-encoded (smithy's escapeUri). */
const escapeUri = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Lower-case names of the signed headers, each value with line breaks and runs of blanks made one space, trimmed. */
function canonicalHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const name of Object.keys(headers).sort()) {
    const value = headers[name];
    const lower = name.toLowerCase();
    if (value == null || UNSIGNED.test(lower)) continue;
    out[lower] = value.replace(/[\r\n]/g, " ").replace(/[ \t]+/g, " ").replace(/^ | $/g, "");
  }
  return out;
}

/** `key=value` pairs, escaped, sorted by key and then value; a list value gives one pair per item. */
function canonicalQuery(query: HttpRequest["query"] = {}): string {
  const pairs: Array<[string, string]> = [];
  for (const key of Object.keys(query)) {
    if (key.toLowerCase() === "x-amz-signature") continue;
    const value = query[key];
    for (const item of typeof value === "string" ? [value] : Array.isArray(value) ? value : []) pairs.push([escapeUri(key), escapeUri(item)]);
  }
  pairs.sort(([k1, v1], [k2, v2]) => (k1 < k2 ? -1 : k1 > k2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0));
  return pairs.map(([key, value]) => `${key}=${value}`).join("&");
}

/**
 * The path with `.` and `..` segments resolved and empty ones dropped, then URI-escaped
 * twice (once here, once as the request sends it), as every service but S3 signs it:
 * smithy's `SignatureV4Base.getCanonicalPath` with `uriEscapePath`.
 */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const normalized = `${path.startsWith("/") ? "/" : ""}${segments.join("/")}${segments.length > 0 && path.endsWith("/") ? "/" : ""}`;
  return escapeUri(normalized).replace(/%2F/g, "/");
}

/**
 * Signs requests to ECR in one region. It holds no credentials: each call passes the
 * identity its attempt loaded, so signing never reloads them behind the attempt's back.
 */
export class Signer {
  readonly #region: string;
  readonly #service: string;
  readonly #hash: ChecksumConstructor;
  /** The last signing key, by secret and day: most calls reuse it as is. */
  #key?: { secret: string; shortDate: string; key: Promise<Uint8Array> };

  /** `service` is for the official test vectors, which sign for "service". */
  constructor(region: string, sha256: ChecksumConstructor, service = "ecr") {
    this.#region = region;
    this.#service = service;
    this.#hash = sha256;
  }

  /** Add `x-amz-date`, `x-amz-security-token` (temporary credentials) and `authorization` to `request.headers`. */
  async signRequest(request: HttpRequest, identity: AwsCredentialIdentity, date: Date): Promise<HttpRequest> {
    // ISO 8601 basic format, whole seconds: 20150830T123600Z.
    const longDate = date.toISOString().replace(/[-:]|\.\d{3}/g, "");
    const shortDate = longDate.slice(0, 8);
    const scope = `${shortDate}/${this.#region}/${this.#service}/aws4_request`;
    request.headers["x-amz-date"] = longDate;
    if (identity.sessionToken) request.headers["x-amz-security-token"] = identity.sessionToken;
    const payloadHash = await this.#hex(request.body ?? "");
    const headers = canonicalHeaders(request.headers);
    const names = Object.keys(headers).sort();
    const signedHeaders = names.join(";");
    const canonicalRequest = [
      request.method,
      canonicalPath(request.path),
      canonicalQuery(request.query),
      ...names.map((name) => `${name}:${headers[name]}`),
      "",
      signedHeaders,
      payloadHash,
    ].join("\n");
    const stringToSign = `${ALGORITHM}\n${longDate}\n${scope}\n${await this.#hex(canonicalRequest)}`;
    const signature = await this.#hex(stringToSign, await this.#signingKey(identity, shortDate));
    request.headers.authorization = `${ALGORITHM} Credential=${identity.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return request;
  }

  /** Hex SHA-256 of `data`, or its HMAC-SHA256 with `key`. Strings and bytes go to the hash as they are. */
  async #hex(data: SourceData, key?: Uint8Array): Promise<string> {
    const hash = new this.#hash(key);
    hash.update(data);
    return toHex(await hash.digest());
  }

  // Cached by the secret itself, not the identity object: a caller may change the keys
  // in an object it passed before. (smithy's getSigningKey has a cache too, found by an
  // HMAC of the secret computed on every call, and costs 200 bytes gzipped in a browser.)
  #signingKey(identity: AwsCredentialIdentity, shortDate: string): Promise<Uint8Array> {
    const cached = this.#key;
    const secret = identity.secretAccessKey;
    if (cached?.secret === secret && cached.shortDate === shortDate) return cached.key;
    const key = this.#deriveKey(secret, shortDate);
    this.#key = { secret, shortDate, key };
    key.catch(() => this.#key?.key === key && (this.#key = undefined));
    return key;
  }

  /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
  async #deriveKey(secret: string, shortDate: string): Promise<Uint8Array> {
    let key: SourceData = `AWS4${secret}`;
    for (const part of [shortDate, this.#region, this.#service, "aws4_request"]) {
      const hmac: Checksum = new this.#hash(key);
      hmac.update(part);
      key = await hmac.digest();
    }
    return key as Uint8Array;
  }
}
