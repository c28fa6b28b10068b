/**
 * Credentials with the AWS CLI's precedence: `--no-sign-request` needs none; the
 * environment's keys come first unless `--profile` names a profile (then, as in the AWS
 * CLI, that profile's credentials are used); otherwise the AWS SDK's default chain for
 * the profile. Its "found none" becomes the AWS CLI's exit 253.
 */
import type { AwsCredentialIdentity } from "../node.js";
import { redact } from "../redact.js";
import { CliFailure, EXIT } from "./failure.js";
import type { Settings } from "./settings.js";

/** Never sent: the transport strips the signature of an unsigned call. */
const UNSIGNED: AwsCredentialIdentity = { accessKeyId: "UNSIGNED", secretAccessKey: "UNSIGNED" };

export async function cliCredentials(settings: Settings, debug?: (line: string) => void): Promise<AwsCredentialIdentity> {
  if (!settings.signed) return UNSIGNED;
  const env = (name: string) => process.env[name] || undefined;
  const accessKeyId = env("AWS_ACCESS_KEY_ID");
  const secretAccessKey = env("AWS_SECRET_ACCESS_KEY");
  if (!settings.profileFromOption && (accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    const missing = accessKeyId === undefined ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY";
    throw new CliFailure(`Partial credentials found in env, missing: ${missing}`, EXIT.general);
  }
  if (!settings.profileFromOption && accessKeyId && secretAccessKey) {
    const sessionToken = env("AWS_SESSION_TOKEN");
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  }
  const { defaultProvider } = await import("@aws-sdk/credential-provider-node");
  // A logger of our own keeps the chain's console warnings off stderr.
  const logger = { debug: (...a: unknown[]) => debug?.(`[debug] credentials: ${a.join(" ")}\n`), info() {}, warn() {}, error() {}, trace() {} };
  try {
    return await defaultProvider({ profile: settings.profile, logger })();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/Could not load credentials from any providers/i.test(message)) {
      throw new CliFailure('Unable to locate credentials. You can configure credentials by running "aws configure".', EXIT.config);
    }
    throw new CliFailure(redact(message), EXIT.general);
  }
}
