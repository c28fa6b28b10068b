/**
 * SigV4 for one request, top to bottom: the canonical request, the string to sign, the
 * signature and the Authorization header. The canonicalization rules are
 * @smithy/signature-v4's own: its base class builds the canonical path, query and
 * request, and its helpers canonicalize headers and derive signing keys. The hashing is
 * done here, straight on the strings: smithy's helpers re-encode every input through a
 * new TextEncoder, which showed in the client's CPU per call.
 *
 * Why not its `SignatureV4` class: the class also carries presigning and event-stream
 * signing, which no bundler can drop from a class; they cost about 2 kB gzipped of a
 * browser bundle whose whole budget is 11 kB.
 */
import { createScope, getCanonicalHeaders, getSigningKey, SignatureV4Base } from "@smithy/signature-v4";
import type { HttpRequest as SmithyRequest } from "@smithy/types";
import type { AwsCredentialIdentity } from "./credentials.js";
import type { ChecksumConstructor, HttpRequest, SourceData } from "./runtime.js";

const ALGORITHM = "AWS4-HMAC-SHA256";

function hex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += (byte < 16 ? "0" : "") + byte.toString(16);
  return out;
}

/**
 * Signs requests to ECR in one region. It holds no credentials: each call passes the
 * identity its attempt loaded, so signing never reloads them behind the attempt's back.
 */
export class Signer extends SignatureV4Base {
  readonly #region: string;
  readonly #hash: ChecksumConstructor;
  /** The last signing key, by secret and day: most calls reuse it as is. */
  #key?: { secret: string; shortDate: string; key: Promise<Uint8Array> };

  /** `service` is for the official test vectors, which sign for "service". */
  constructor(region: string, sha256: ChecksumConstructor, service = "ecr") {
    // The base wants credentials; only methods we don't call read them.
    super({ service, region, credentials: { accessKeyId: "", secretAccessKey: "" }, sha256, uriEscapePath: true });
    this.#region = region;
    this.#hash = sha256;
  }

  /** Add `x-amz-date`, `x-amz-security-token` (temporary credentials) and `authorization` to `request.headers`. */
  async signRequest(request: HttpRequest, identity: AwsCredentialIdentity, date: Date): Promise<HttpRequest> {
    const { longDate, shortDate } = this.formatDate(date);
    const scope = createScope(shortDate, this.#region, this.service);
    request.headers["x-amz-date"] = longDate;
    if (identity.sessionToken) request.headers["x-amz-security-token"] = identity.sessionToken;
    const payloadHash = await this.#hex(request.body ?? "");
    const headers = getCanonicalHeaders(request);
    const canonicalRequest = this.createCanonicalRequest(request as SmithyRequest /* it reads only the plain fields */, headers, payloadHash);
    const stringToSign = `${ALGORITHM}\n${longDate}\n${scope}\n${await this.#hex(canonicalRequest)}`;
    const signature = await this.#hex(stringToSign, await this.#signingKey(identity, shortDate));
    request.headers.authorization = `${ALGORITHM} Credential=${identity.accessKeyId}/${scope}, SignedHeaders=${this.getCanonicalHeaderList(headers)}, Signature=${signature}`;
    return request;
  }

  /** Hex SHA-256 of `data`, or its HMAC-SHA256 with `key`. Strings and bytes go to the hash as they are. */
  async #hex(data: SourceData, key?: Uint8Array): Promise<string> {
    const hash = new this.#hash(key);
    hash.update(data);
    return hex(await hash.digest());
  }

  // smithy's getSigningKey caches keys too, but finds them by an HMAC of the secret,
  // which it computes on every call. Compared by the secret itself, not the identity
  // object: a caller may change the keys in an object it passed before.
  #signingKey(identity: AwsCredentialIdentity, shortDate: string): Promise<Uint8Array> {
    const cached = this.#key;
    const secret = identity.secretAccessKey;
    if (cached?.secret === secret && cached.shortDate === shortDate) return cached.key;
    const key = getSigningKey(this.#hash, identity, shortDate, this.#region, this.service);
    this.#key = { secret, shortDate, key };
    key.catch(() => this.#key?.key === key && (this.#key = undefined));
    return key;
  }
}
