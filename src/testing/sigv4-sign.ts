/**
 * A small SigV4 signer over the same canonical form the verifier uses, so a test can
 * talk to the fake server with plain `fetch` (or craft a deliberately wrong request)
 * without the client library under test.
 */
import {
  SIGV4_ALGORITHM,
  amzDate,
  canonicalRequest,
  credentialScope,
  signature,
  signingKey,
  stringToSign,
} from "./sigv4-canonical.js";

/** An access key pair, with a session token for temporary credentials. */
export interface SigV4Credentials {
  /** The access key id, named in the credential scope. */
  accessKeyId: string;
  /** The secret access key the signing key is derived from. */
  secretAccessKey: string;
  /** Sent as `X-Amz-Security-Token` and signed. */
  sessionToken?: string;
}

/** What to sign. */
export interface SigV4SignInput {
  /** E.g. `"POST"`. */
  method: string;
  /** Absolute URL; its host is signed as `host`, its path and query as they are written. */
  url: string | URL;
  /** Headers to send and sign (names in any case). */
  headers?: Readonly<Record<string, string>>;
  /** The body whose hash is signed; default empty. */
  body?: Uint8Array | string;
}

/** How to sign. */
export interface SigV4SignOptions {
  /** The credentials to sign with. */
  credentials: SigV4Credentials;
  /** The credential scope's region, e.g. `"us-east-1"`. */
  region: string;
  /** The credential scope's service, e.g. `"ecr"`. */
  service: string;
  /** The signing time. Default: now. */
  time?: number | Date;
  /**
   * Put the session token on the request but leave it out of the signed headers, as
   * some old signers did. For testing that the server refuses it. Default false.
   */
  leaveTokenUnsigned?: boolean;
}

/** A signed request's headers, and the intermediate strings for assertions. */
export interface SigV4Signed {
  /**
   * The headers to send: the given ones plus `x-amz-date`, `x-amz-security-token` (with
   * a session token) and `authorization`. `host` is signed but not included, since
   * HTTP clients set it themselves (and `fetch` will not let a caller set it).
   */
  headers: Record<string, string>;
  /** The canonical request that was signed. */
  canonicalRequest: string;
  /** The string to sign made from it. */
  stringToSign: string;
  /** The signature, 64 hex characters. */
  signature: string;
}

/** Signs a request with SigV4 header authentication, signing every header given. */
export function signSigV4(input: SigV4SignInput, options: SigV4SignOptions): SigV4Signed {
  const url = new URL(input.url);
  const requestTime = amzDate(options.time ?? Date.now());
  const date = requestTime.slice(0, 8);
  const { accessKeyId, secretAccessKey, sessionToken } = options.credentials;

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value;
  headers["x-amz-date"] = requestTime;
  if (sessionToken !== undefined) headers["x-amz-security-token"] = sessionToken;

  const signed = { ...headers, host: url.host };
  const signedNames = Object.keys(signed).filter((name) => !(options.leaveTokenUnsigned && name === "x-amz-security-token"));
  const request = {
    method: input.method,
    path: url.pathname,
    query: url.search.replace(/^\?/, ""),
    headers: signed,
    body: input.body ?? "",
  };
  const canonical = canonicalRequest(request, signedNames);
  const scope = credentialScope(date, options.region, options.service);
  const toSign = stringToSign(requestTime, scope, canonical);
  const sig = signature(signingKey(secretAccessKey, date, options.region, options.service), toSign);
  const sortedNames = [...signedNames].sort().join(";");
  headers.authorization = `${SIGV4_ALGORITHM} Credential=${accessKeyId}/${scope}, SignedHeaders=${sortedNames}, Signature=${sig}`;
  return { headers, canonicalRequest: canonical, stringToSign: toSign, signature: sig };
}
