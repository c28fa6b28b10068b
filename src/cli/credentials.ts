/**
 * Credentials with the AWS CLI's precedence: `--no-sign-request` needs none; the
 * environment's keys come first unless `--profile` names a profile (then, as in the AWS
 * CLI, that profile's credentials are used); otherwise the AWS SDK's default chain for
 * the profile. Its "found none" becomes the AWS CLI's exit 253.
 */
import type { AwsCredentialIdentity } from "../node.js";
import { environmentCredentials } from "../node/default-credentials.js";
import { redact } from "../redact.js";
import { CliFailure, EXIT } from "./failure.js";
import type { Settings } from "./settings.js";

/** Never sent: the transport strips the signature of an unsigned call. */
const UNSIGNED: AwsCredentialIdentity = { accessKeyId: "UNSIGNED", secretAccessKey: "UNSIGNED" };

export async function cliCredentials(settings: Settings, debug?: (line: string) => void): Promise<AwsCredentialIdentity> {
  if (!settings.signed) return UNSIGNED;
  if (!settings.profileFromOption) {
    const fromEnv = environmentCredentials();
    if (fromEnv) return fromEnv as AwsCredentialIdentity;
    const hasKey = Boolean(process.env.AWS_ACCESS_KEY_ID);
    if (hasKey !== Boolean(process.env.AWS_SECRET_ACCESS_KEY)) {
      throw new CliFailure(`Partial credentials found in env, missing: ${hasKey ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID"}`, EXIT.general);
    }
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
    // As the library does for a provider's text: keys quoted by name or bare.
    throw new CliFailure(redact(message, [], true), EXIT.general);
  }
}
