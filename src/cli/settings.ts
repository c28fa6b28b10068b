/**
 * Where each setting comes from, with the AWS CLI v2's precedence: the option, then the
 * environment, then the profile in the shared config file, then the default.
 */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { configFilePath, iniSections, profileInConfig } from "../node/shared-config.js";
import type { Options } from "./args.js";
import { CliFailure, EXIT, ParamError } from "./failure.js";
import type { OutputFormat } from "./format/index.js";

const FORMATS: readonly string[] = ["json", "text", "table", "yaml", "yaml-stream"];

export interface Settings {
  /** The profile asked for by `--profile` (which, as in the AWS CLI, also sets aside the environment's keys) or `AWS_PROFILE`. */
  profile?: string;
  profileFromOption: boolean;
  /** The profile's settings from the shared config file. */
  config: Record<string, string>;
  region?: string;
  output: OutputFormat;
  endpoint?: string;
  caBundle?: string;
  verifyTls: boolean;
  /** 0 means none. */
  readTimeoutMs: number;
  connectTimeoutMs: number;
  maxAttempts: number;
  /** The pager command, or undefined for none. Only used when stdout is a terminal. */
  pager?: string;
  color: boolean;
  debug: boolean;
  signed: boolean;
}

/** A variable set to the empty string counts as unset, as in botocore. */
function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

function seconds(option: string, value: string | true | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const text = String(value).trim();
  // Python's int(): optional sign, digits, underscores between digits.
  if (!/^[+-]?\d+(_\d+)*$/.test(text)) {
    throw new CliFailure(`Bad value for --${option} ${JSON.stringify(String(value))}: expected a whole number of seconds (0 for no limit)`, EXIT.general);
  }
  return Math.max(0, Number(text.replace(/_/g, ""))) * 1000;
}

/**
 * Resolve every setting the call needs. Throws {@link CliFailure}: a profile that is in
 * neither file (255), an output format the environment or profile names wrongly (255),
 * an endpoint URL without a scheme (252), a timeout that is not a whole number (255).
 */
export async function resolveSettings(options: Options, stdout: { isTTY?: boolean }): Promise<Settings> {
  const fromOption = typeof options.profile === "string";
  const profile = fromOption ? (options.profile as string) : env("AWS_PROFILE");
  const configText = (await readText(configFilePath())) ?? "";
  let config = profileInConfig(configText, profile ?? "default");
  if (profile !== undefined && config === undefined) {
    const credentialsPath = env("AWS_SHARED_CREDENTIALS_FILE") ?? join(homedir(), ".aws", "credentials");
    const credentials = iniSections((await readText(credentialsPath)) ?? "");
    if (!credentials.has(profile)) throw new CliFailure(`The config profile (${profile}) could not be found`, EXIT.general);
  }
  config ??= {};

  const output = (options.output as string | undefined) ?? env("AWS_DEFAULT_OUTPUT") ?? config.output ?? "json";
  if (!FORMATS.includes(output)) throw new CliFailure(`Unknown output type: ${output}`, EXIT.general);

  let endpoint: string | undefined;
  if (typeof options["endpoint-url"] === "string") {
    endpoint = options["endpoint-url"];
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint)) {
      throw new ParamError(`Bad value for --endpoint-url ${JSON.stringify(endpoint)}: scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/`);
    }
  } else if ((env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") ?? config.ignore_configured_endpoint_urls)?.toLowerCase() !== "true") {
    // The precedence of newer AWS CLIs (2.13+), which added configured endpoints.
    endpoint = env("AWS_ENDPOINT_URL_ECR") ?? env("AWS_ENDPOINT_URL") ?? config.endpoint_url;
  }

  const maxAttempts = Number(env("AWS_MAX_ATTEMPTS") ?? config.max_attempts ?? 3);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new CliFailure(`Bad value for max_attempts (AWS_MAX_ATTEMPTS or the profile): expected a whole number >= 1, got ${JSON.stringify(env("AWS_MAX_ATTEMPTS") ?? config.max_attempts)}`, EXIT.general);
  }

  const color = options.color ?? config.cli_color ?? "auto";
  const pagerSetting = options["no-cli-pager"] === true ? "" : (process.env.AWS_PAGER ?? config.cli_pager ?? process.env.PAGER ?? "less");
  return {
    profile,
    profileFromOption: fromOption,
    config,
    region: (options.region as string | undefined) ?? env("AWS_REGION") ?? env("AWS_DEFAULT_REGION") ?? (config.region || undefined),
    output: output as OutputFormat,
    endpoint,
    caBundle: (options["ca-bundle"] as string | undefined) ?? env("AWS_CA_BUNDLE") ?? config.ca_bundle,
    verifyTls: options["no-verify-ssl"] !== true,
    readTimeoutMs: seconds("cli-read-timeout", options["cli-read-timeout"] ?? config.cli_read_timeout, 60_000),
    connectTimeoutMs: seconds("cli-connect-timeout", options["cli-connect-timeout"] ?? config.cli_connect_timeout, 60_000),
    maxAttempts,
    pager: pagerSetting === "" ? undefined : pagerSetting,
    color: color === "on" || (color === "auto" && stdout.isTTY === true),
    debug: options.debug === true,
    signed: options["no-sign-request"] !== true,
  };
}
