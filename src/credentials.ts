/**
 * Credentials in the AWS SDK's shape, cached per client and refreshed before they expire.
 */
import { EcrConfigError } from "./errors.js";
import { redact, redactError } from "./redact.js";

/** AWS credentials, in the same shape as the AWS SDK's `AwsCredentialIdentity`. */
export interface AwsCredentialIdentity {
  /** The access key id: `AKIA…` for long-term keys, `ASIA…` for temporary ones. */
  accessKeyId: string;
  /** The secret access key the requests are signed with; it never leaves the client, in a request or a message. */
  secretAccessKey: string;
  /** Present for temporary credentials (STS, Lambda, SSO, IMDS). */
  sessionToken?: string;
  /** When temporary credentials stop working; the client refreshes 5 minutes before. */
  expiration?: Date;
}

/** An async source of credentials, like the AWS SDK's credential providers (`fromEnv()`, `fromIni()`…). */
export type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;

/** What `credentials` accepts: the credentials themselves or a provider. */
export type CredentialsOption = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** Refresh this long before `expiration`, as the AWS SDKs do, so a request never signs with dying keys. */
export const REFRESH_WINDOW_MS = 5 * 60_000;

function checkIdentity(identity: unknown): AwsCredentialIdentity {
  const id = identity as Partial<AwsCredentialIdentity> | null;
  if (typeof id !== "object" || id === null) {
    throw new EcrConfigError(`credentials must be an object with accessKeyId and secretAccessKey, got ${id === null ? "null" : typeof id}`);
  }
  // Never quote the values: they are secrets (and the key id is still an identifier).
  for (const key of ["accessKeyId", "secretAccessKey", "sessionToken"] as const) {
    const value = id[key];
    if (key === "sessionToken" && (value === undefined || value === "")) continue;
    if (typeof value !== "string" || value === "") throw new EcrConfigError(`credentials.${key} must be a non-empty string`);
    // A control character would end up in a header, where transports refuse it (and may quote it).
    if (/[\u0000-\u001f\u007f]/.test(value)) throw new EcrConfigError(`credentials.${key} contains a control character (a stray newline?)`);
  }
  const { expiration } = id as { expiration?: unknown };
  if (expiration === undefined) return id as AwsCredentialIdentity;
  // Token services hand out ISO strings or epoch numbers as often as Dates.
  const date = expiration instanceof Date ? expiration : typeof expiration === "string" || typeof expiration === "number" ? new Date(expiration) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new EcrConfigError("credentials.expiration must be a Date (or an ISO date string)");
  return { ...(id as AwsCredentialIdentity), expiration: date };
}

/**
 * A provider that resolves once, shares one in-flight resolution between concurrent
 * callers, and resolves again when the credentials are within 5 minutes of expiring.
 * A failed resolution is not cached: the next call tries again.
 */
export function cachedCredentials(source: CredentialsOption | (() => Promise<CredentialsOption | undefined>), now: () => number = Date.now): AwsCredentialIdentityProvider {
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const fresh = (id: AwsCredentialIdentity) => !id.expiration || id.expiration.getTime() - now() > REFRESH_WINDOW_MS;
  const load = async (): Promise<AwsCredentialIdentity> => {
    try {
      let value: unknown = typeof source === "function" ? await source() : source;
      // A provider factory may hand back a provider (the Node default chain does).
      if (typeof value === "function") value = await (value as AwsCredentialIdentityProvider)();
      current = checkIdentity(value);
      return current;
    } catch (error) {
      if (error instanceof EcrConfigError) throw error;
      // Providers quote what they read (a file line, a process's JSON, the keys they refused).
      const secrets = [current?.secretAccessKey, current?.sessionToken];
      const message = redact(error instanceof Error ? error.message : String(error), secrets, true);
      throw new EcrConfigError(`Could not load AWS credentials: ${message}`, { cause: redactError(error, secrets, true) });
    }
  };
  return () => {
    if (current && fresh(current)) return Promise.resolve(current);
    // Cleared only once settled (never synchronously), so the next expiry loads afresh.
    pending ??= load().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}
