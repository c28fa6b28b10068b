/**
 * Removing secrets from text that may reach a log line or an error message.
 *
 * AWS's own messages can hold them: InvalidSignatureException quotes the canonical
 * request, which includes the session token and, for pre-signed requests, the
 * credential. So service messages pass through here before they become errors.
 */
import { redactUrl } from "./presigned-url.js";

const REDACTED = "REDACTED";

// Header lines of a quoted canonical request, and the Authorization header's signature.
const tokenLine = /(x-amz-security-token:)[^\s'"]*/gi;
const authSignature = /(Signature=)[0-9a-f]{16,}/gi;

/**
 * Replace every occurrence of the given secret values, then every secret-shaped
 * fragment (session-token header lines, `Signature=…`, pre-signed URL parameters).
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    // Short values would redact ordinary words; real secrets are long.
    if (secret && secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  return redactUrl(out).replace(tokenLine, `$1${REDACTED}`).replace(authSignature, `$1${REDACTED}`);
}

/**
 * An error safe to keep as a `cause`: the original when neither it nor its causes
 * mention a secret, else a copy of the chain (name, message, code, stack) with every
 * secret redacted. Transports can quote what they were given: undici's header errors
 * quote the refused header value, which may be the Authorization header.
 */
export function redactError(error: unknown, secrets: ReadonlyArray<string | undefined> = [], depth = 0): unknown {
  if (!(error instanceof Error) || depth > 4) return error;
  const cause = redactError(error.cause, secrets, depth + 1);
  const clean = (text: string | undefined) => (text === undefined ? undefined : redact(text, secrets));
  if (cause === error.cause && clean(error.message) === error.message && clean(error.stack) === error.stack) return error;
  const copy = new Error(clean(error.message), cause === undefined ? undefined : { cause });
  copy.name = error.name;
  copy.stack = clean(error.stack);
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) (copy as { code?: unknown }).code = code;
  return copy;
}
