/**
 * Removing secrets from text that may reach a log line or an error message.
 *
 * AWS's own messages can hold them: InvalidSignatureException quotes the canonical
 * request, which includes the session token and, for pre-signed requests, the
 * credential. So service messages pass through here before they become errors.
 */
import { redactUrl } from "./redact-url.js";

const REDACTED = "REDACTED";

// Header lines of a quoted canonical request, and the Authorization header's signature.
const tokenLine = /(x-amz-security-token:)[^\s'"]*/gi;
// Counted minimums are written {n} + *: V8 backtracks `{n,}` with a stack entry per
// character, and a run of millions threw RangeError.
const authSignature = /(Signature=)[0-9a-f]{16}[0-9a-f]*/gi;
// A key or token quoted by name, as credential files, variables, JSON and STS's XML name
// them: aws_secret_access_key = …, AWS_SESSION_TOKEN=…, "SecretAccessKey":"…", <SessionToken>….
const namedSecret = /((?:secret_?access_?key|session_?token)["']?\s*[:=>]\s*["']?)[^\s"',;}<]+/gi;
// A secret key (40 base64 characters) or session token (hundreds) quoted bare: a run that
// starts a word (not a path, ARN or URL part) and mixes upper and lower case with digits
// or + and /. Role names, file names and hex digests are left alone.
const KEY_LIKE = /(?<![\w/+.:-])[A-Za-z0-9+/]{40}[A-Za-z0-9+/]*={0,2}/g;
const keyLike = (run: string) => (/[a-z]/.test(run) && /[A-Z]/.test(run) && /[\d+/]/.test(run) ? REDACTED : run);

/**
 * Replace every occurrence of the given secret values, then every secret-shaped
 * fragment (session-token header lines, `Signature=…`, pre-signed URL parameters, keys
 * quoted by name). With `bare`, also what looks like a key or token quoted bare: for text
 * from credential providers, which may quote keys this client has never seen.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined> = [], bare?: boolean): string {
  let out = text;
  for (const secret of secrets) {
    // Short values would redact ordinary words; real secrets are long.
    if (secret && secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  out = redactUrl(out).replace(tokenLine, `$1${REDACTED}`).replace(authSignature, `$1${REDACTED}`).replace(namedSecret, `$1${REDACTED}`);
  return bare ? out.replace(KEY_LIKE, keyLike) : out;
}

/**
 * A copy of an error safe to keep as a `cause`: name, code, message and stack (redacted),
 * and its causes likewise, but none of its other properties. Transports attach what they
 * were given (undici quotes refused header values; others hang the request on the error),
 * and `util.inspect` would print all of it.
 */
export function redactError(error: unknown, secrets: ReadonlyArray<string | undefined> = [], bare?: boolean, depth = 0): Error | undefined {
  if (error === undefined || error === null || depth > 4) return undefined;
  if (!(error instanceof Error)) return new Error(redact(String(error), secrets, bare));
  const cause = redactError(error.cause, secrets, bare, depth + 1);
  const copy = new Error(redact(error.message, secrets, bare), cause === undefined ? undefined : { cause });
  copy.name = error.name;
  copy.stack = error.stack === undefined ? undefined : redact(error.stack, secrets, bare);
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") (copy as { code?: unknown }).code = code;
  return copy;
}
