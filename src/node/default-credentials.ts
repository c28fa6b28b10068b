/**
 * Node's credentials when the config gives none. The environment's keys are used as
 * they are, which is all a Lambda function needs; the AWS SDK's full default chain
 * (files, SSO, web identity, ECS, IMDS) is imported only when the environment has none,
 * so a cold start never pays for loading it.
 */
import type { CredentialsOption } from "../credentials.js";
import { env } from "../runtime.js";

/** The static credentials in `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, if set. */
export function environmentCredentials(): CredentialsOption | undefined {
  const accessKeyId = env("AWS_ACCESS_KEY_ID");
  const secretAccessKey = env("AWS_SECRET_ACCESS_KEY");
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env("AWS_SESSION_TOKEN");
  const expiry = env("AWS_CREDENTIAL_EXPIRATION");
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
    ...(expiry && !Number.isNaN(Date.parse(expiry)) ? { expiration: new Date(expiry) } : {}),
  };
}

/**
 * A credentials source for `profile`: like the AWS SDK's default chain, a named profile
 * (option or `AWS_PROFILE`) skips the environment's keys.
 */
export function nodeDefaultCredentials(profile: string | undefined): () => Promise<CredentialsOption | undefined> {
  return async () => {
    const fromEnv = profile === undefined ? environmentCredentials() : undefined;
    if (fromEnv) return fromEnv;
    const { defaultProvider } = await import("@aws-sdk/credential-provider-node");
    return defaultProvider(profile === undefined ? {} : { profile });
  };
}
