/**
 * Checking a SigV4 `Authorization` header the way an AWS JSON service does, with the
 * error codes and message shapes such a service answers with.
 */
import { timingSafeEqual } from "node:crypto";

import {
  SIGV4_ALGORITHM,
  amzDate,
  canonicalRequest,
  credentialScope,
  headerValues,
  parseAmzDate,
  signature,
  signingKey,
  stringToSign,
  type SigV4Request,
} from "./sigv4-canonical.js";

/** The error codes an AWS service answers a failed authentication with. */
export type SigV4ErrorCode =
  | "MissingAuthenticationTokenException"
  | "IncompleteSignatureException"
  | "InvalidSignatureException"
  | "UnrecognizedClientException";

/**
 * What the verifier concluded, in one word (the fake server records it per request):
 * - `valid`: the signature matched;
 * - `missing`: no `Authorization` header;
 * - `malformed`: the header, its credential or the request date could not be read;
 * - `unknown-key`: no secret for the access key id;
 * - `bad-token`: the session token is missing, unexpected or not the key's;
 * - `unsigned-token`: a session token was sent but not among the signed headers;
 * - `wrong-scope`: the credential scope names another date, region or service;
 * - `expired`: the request time is more than the allowed skew from the server's clock;
 * - `invalid`: everything was readable but the signature did not match.
 */
export type SigV4Outcome =
  | "valid"
  | "missing"
  | "malformed"
  | "unknown-key"
  | "bad-token"
  | "unsigned-token"
  | "wrong-scope"
  | "expired"
  | "invalid";

/** The secret half of a credential, as the verifier looks it up. */
export interface SigV4Secret {
  /** The secret access key the signature must be made with. */
  secretAccessKey: string;
  /** When set, requests must carry exactly this `X-Amz-Security-Token`, signed. */
  sessionToken?: string;
}

/** What the verifier needs besides the request. */
export interface SigV4VerifyOptions {
  /** The secret for an access key id, or `undefined` when the key is unknown. */
  lookup: (accessKeyId: string) => SigV4Secret | undefined;
  /** The server's idea of the current time. */
  now: number | Date;
  /** The region the credential scope must name, e.g. `"us-east-1"`. */
  region: string;
  /** The service the credential scope must name, e.g. `"ecr"`. */
  service: string;
  /** How far the request time may be from `now`, either way. Default 5 minutes, as AWS. */
  maxSkewMs?: number;
}

/** A request that passed. */
export interface SigV4Valid {
  /** Always `true`. */
  ok: true;
  /** Always `"valid"`. */
  outcome: "valid";
  /** The access key id the request was signed with. */
  accessKeyId: string;
  /** The canonical request the signature was checked against. */
  canonicalRequest: string;
  /** The string to sign the signature was checked against. */
  stringToSign: string;
  /** The signed header names, lower-case and sorted. */
  signedHeaders: string[];
}

/** A request that failed, with the answer an AWS service would give. */
export interface SigV4Invalid {
  /** Always `false`. */
  ok: false;
  /** Why it failed. */
  outcome: Exclude<SigV4Outcome, "valid">;
  /** The AWS error code to answer with. */
  code: SigV4ErrorCode;
  /** The AWS error message to answer with. */
  message: string;
  /** Set when the failure came after the credential was read. */
  accessKeyId?: string;
  /** Set when the signature itself was compared (outcome `invalid`). */
  canonicalRequest?: string;
  /** Set when the signature itself was compared (outcome `invalid`). */
  stringToSign?: string;
}

/** The verifier's verdict: {@link SigV4Valid} or {@link SigV4Invalid}. */
export type SigV4Result = SigV4Valid | SigV4Invalid;

const FIVE_MINUTES = 5 * 60 * 1000;
const INVALID_TOKEN = "The security token included in the request is invalid.";

/**
 * Verifies a request's SigV4 `Authorization` header.
 *
 * Checks, in order: the header is there and readable; the request has a date
 * (`X-Amz-Date`, else `Date`) matching the credential scope's day; the scope's
 * terminator, region and service; the access key is known; the session token is the
 * key's and is signed; `host` is signed; the request time is within the allowed skew of
 * `now`; and finally the signature, compared in constant time. Each failure carries the
 * code and message AWS answers with: `InvalidSignatureException` on a mismatch quotes
 * the canonical request and string to sign it expected, exactly as AWS does.
 */
export function verifySigV4(request: SigV4Request, options: SigV4VerifyOptions): SigV4Result {
  const authorizations = headerValues(request.headers, "authorization");
  const header = authorizations[0];
  if (header === undefined) {
    return fail("missing", "MissingAuthenticationTokenException", "Missing Authentication Token");
  }
  if (authorizations.length > 1) {
    return fail("malformed", "IncompleteSignatureException", `Only one Authorization header is allowed. Authorization=${authorizations.join(", ")}`);
  }

  const parsed = parseAuthorization(header);
  if ("error" in parsed) return fail("malformed", "IncompleteSignatureException", parsed.error);
  const { accessKeyId, scopeDate, scopeRegion, scopeService, terminator, signedHeaders, providedSignature } = parsed;
  const failFor = (outcome: SigV4Invalid["outcome"], code: SigV4ErrorCode, message: string): SigV4Invalid => ({
    ...fail(outcome, code, message),
    accessKeyId,
  });

  const requestTime = requestTimeOf(request, header);
  if ("error" in requestTime) return failFor("malformed", "IncompleteSignatureException", requestTime.error);
  const { time, formatted } = requestTime;

  if (scopeDate !== formatted.slice(0, 8)) {
    return failFor(
      "wrong-scope",
      "InvalidSignatureException",
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${formatted.slice(0, 8)}', from '${formatted}'.`,
    );
  }
  if (terminator !== "aws4_request") {
    return failFor("wrong-scope", "InvalidSignatureException", `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`);
  }
  if (scopeRegion !== options.region) {
    return failFor("wrong-scope", "InvalidSignatureException", "Credential should be scoped to a valid region.");
  }
  if (scopeService !== options.service) {
    return failFor("wrong-scope", "InvalidSignatureException", `Credential should be scoped to correct service: '${options.service}'.`);
  }

  const secret = options.lookup(accessKeyId);
  if (!secret) return failFor("unknown-key", "UnrecognizedClientException", INVALID_TOKEN);

  const tokens = headerValues(request.headers, "x-amz-security-token");
  if (secret.sessionToken !== undefined && tokens.length === 0) {
    return failFor("bad-token", "UnrecognizedClientException", INVALID_TOKEN);
  }
  if (tokens.length > 0) {
    if (tokens.length > 1 || tokens[0] !== secret.sessionToken) {
      return failFor("bad-token", "UnrecognizedClientException", INVALID_TOKEN);
    }
    if (!signedHeaders.includes("x-amz-security-token")) {
      return failFor("unsigned-token", "InvalidSignatureException", "'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.");
    }
  }
  if (!signedHeaders.includes("host")) {
    return failFor("malformed", "InvalidSignatureException", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }

  const now = typeof options.now === "number" ? options.now : options.now.getTime();
  const skew = options.maxSkewMs ?? FIVE_MINUTES;
  const minutes = `${Math.round(skew / 60_000)} min.`;
  if (time < now - skew) {
    return failFor("expired", "InvalidSignatureException", `Signature expired: ${formatted} is now earlier than ${amzDate(now - skew)} (${amzDate(now)} - ${minutes})`);
  }
  if (time > now + skew) {
    return failFor("expired", "InvalidSignatureException", `Signature not yet current: ${formatted} is still later than ${amzDate(now + skew)} (${amzDate(now)} + ${minutes})`);
  }

  const canonical = canonicalRequest(request, signedHeaders);
  const toSign = stringToSign(formatted, credentialScope(scopeDate, scopeRegion, scopeService), canonical);
  const expected = signature(signingKey(secret.secretAccessKey, scopeDate, scopeRegion, scopeService), toSign);
  if (!sameHex(expected, providedSignature)) {
    return {
      ...failFor("invalid", "InvalidSignatureException", signatureMismatchMessage(canonical, toSign)),
      canonicalRequest: canonical,
      stringToSign: toSign,
    };
  }
  return { ok: true, outcome: "valid", accessKeyId, canonicalRequest: canonical, stringToSign: toSign, signedHeaders: sortedNames(signedHeaders) };
}

/**
 * AWS's message for a signature mismatch. It quotes what the service computed, so a
 * client author can diff it against their own; note it includes every signed header
 * line, the session token's among them.
 */
export function signatureMismatchMessage(canonical: string, toSign: string): string {
  return (
    "The request signature we calculated does not match the signature you provided. " +
    "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n" +
    `The Canonical String for this request should have been\n'${canonical}'\n\n` +
    `The String-to-Sign should have been\n'${toSign}'\n`
  );
}

interface ParsedAuthorization {
  accessKeyId: string;
  scopeDate: string;
  scopeRegion: string;
  scopeService: string;
  terminator: string;
  signedHeaders: string[];
  providedSignature: string;
}

/** Reads `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
function parseAuthorization(header: string): ParsedAuthorization | { error: string } {
  const trimmed = header.trim();
  const space = trimmed.indexOf(" ");
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== SIGV4_ALGORITHM) {
    return { error: `Unsupported AWS 'algorithm': '${algorithm}'. Authorization=${header}` };
  }
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ["Credential", "Signature", "SignedHeaders"]
    .filter((name) => !fields.get(name))
    .map((name) => `Authorization header requires '${name}' parameter.`);
  if (missing.length > 0) return { error: `${missing.join(" ")} Authorization=${header}` };

  const credential = fields.get("Credential")!;
  const parts = credential.split("/");
  if (parts.length !== 5 || parts.some((part) => part === "")) {
    return { error: `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'` };
  }
  const [accessKeyId, scopeDate, scopeRegion, scopeService, terminator] = parts as [string, string, string, string, string];
  return {
    accessKeyId,
    scopeDate,
    scopeRegion,
    scopeService,
    terminator,
    signedHeaders: fields.get("SignedHeaders")!.split(";").map((name) => name.trim().toLowerCase()),
    providedSignature: fields.get("Signature")!,
  };
}

/** The request time from `X-Amz-Date`, or failing that the `Date` header. */
function requestTimeOf(request: SigV4Request, header: string): { time: number; formatted: string } | { error: string } {
  const amz = headerValues(request.headers, "x-amz-date")[0];
  if (amz !== undefined) {
    const time = parseAmzDate(amz.trim());
    if (time === undefined) {
      return { error: `Date must be in ISO-8601 'basic format'. Got '${amz}'. See http://en.wikipedia.org/wiki/ISO_8601` };
    }
    return { time, formatted: amz.trim() };
  }
  const date = headerValues(request.headers, "date")[0];
  const time = date === undefined ? NaN : Date.parse(date);
  if (Number.isNaN(time)) {
    return { error: `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${header}` };
  }
  return { time, formatted: amzDate(time) };
}

function fail(outcome: SigV4Invalid["outcome"], code: SigV4ErrorCode, message: string): SigV4Invalid {
  return { ok: false, outcome, code, message };
}

function sortedNames(names: readonly string[]): string[] {
  return [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// Constant time over the expected length; a length mismatch is no secret.
function sameHex(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(provided, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
