/**
 * Where each setting comes from, with the AWS CLI v2's precedence: the option, then the
 * environment, then the profile in the shared config file, then the default.
 */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { configuredEndpoint, environmentRegion } from "../config.js";
import { configFilePath, iniSections, profileInConfig } from "../node/shared-config.js";
import { env } from "../runtime.js";
import { GLOBAL_OPTIONS } from "./args.js";
import type { Options } from "./args.js";
import { CliFailure, EXIT, ParamError } from "./failure.js";
import type { OutputFormat } from "./format/index.js";

const FORMATS = GLOBAL_OPTIONS.output!.choices!;

/** The output format to print with; an unknown one set by the environment or profile fails here (255). */
export function outputFormat(settings: Settings): OutputFormat {
  if (!FORMATS.includes(settings.output)) throw new CliFailure(`Unknown output type: ${settings.output}`, EXIT.general);
  return settings.output as OutputFormat;
}

export interface Settings {
  /** The profile asked for by `--profile` (which, as in the AWS CLI, also sets aside the environment's keys) or `AWS_PROFILE`. */
  profile?: string;
  profileFromOption: boolean;
  /** The profile's settings from the shared config file. */
  config: Record<string, string>;
  region?: string;
  /** As set: the environment's or profile's value is checked only when printing (see {@link outputFormat}). */
  output: string;
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

/**
 * `env()` (the library's reader: the empty string counts as unset) for the settings where
 * botocore treats an empty variable so; `raw()` for those where it takes it as the value.
 */
const raw = (name: string): string | undefined => process.env[name];

/** An option given with an empty value (`--profile=`) is, for the AWS CLI, not given. */
function option(options: Options, name: string): string | undefined {
  const value = options[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Python's int() of a string, as botocore reads numbers from options and settings; undefined if it would raise. */
function pythonInt(value: string): number | undefined {
  const text = value.trim();
  // An optional sign, digits, underscores between digits.
  return /^[+-]?\d+(_\d+)*$/.test(text) ? Number(text.replace(/_/g, "")) : undefined;
}

function seconds(name: string, value: string | true | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const whole = pythonInt(String(value));
  if (whole === undefined) {
    throw new CliFailure(`Bad value for --${name} ${JSON.stringify(String(value))}: expected a whole number of seconds (0 for no limit)`, EXIT.general);
  }
  return Math.max(0, whole) * 1000;
}

/** The timeout options' values must be whole numbers; the AWS CLI checks them before anything else runs. */
export function checkTimeoutOptions(options: Options): void {
  for (const name of ["cli-read-timeout", "cli-connect-timeout"]) seconds(name, options[name], 0);
}

/**
 * Resolve every setting the call needs. Throws {@link CliFailure}: a profile that is in
 * neither file (255), an endpoint URL without a scheme (252), a timeout or max_attempts
 * that is not a whole number (255). An unknown output format fails later, when printing.
 */
export async function resolveSettings(options: Options, stdout: { isTTY?: boolean }): Promise<Settings> {
  const fromOption = option(options, "profile") !== undefined;
  const profile = option(options, "profile") ?? raw("AWS_PROFILE");
  const configText = (await readText(configFilePath())) ?? "";
  let config = profileInConfig(configText, profile ?? "default");
  if (profile !== undefined && config === undefined) {
    const credentialsPath = env("AWS_SHARED_CREDENTIALS_FILE") ?? join(homedir(), ".aws", "credentials");
    const credentials = iniSections((await readText(credentialsPath)) ?? "");
    if (!credentials.has(profile)) throw new CliFailure(`The config profile (${profile}) could not be found`, EXIT.general);
  }
  config ??= {};

  // Checked only when the result is printed, after the call, as the AWS CLI does.
  const output = (options.output as string | undefined) ?? raw("AWS_DEFAULT_OUTPUT") ?? config.output ?? "json";

  let endpoint: string | undefined;
  if (typeof options["endpoint-url"] === "string") {
    endpoint = options["endpoint-url"];
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint)) {
      throw new ParamError(`Bad value for --endpoint-url ${JSON.stringify(endpoint)}: scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/`);
    }
  } else {
    // The precedence of newer AWS CLIs (2.13+), which added configured endpoints.
    endpoint = configuredEndpoint(config.ignore_configured_endpoint_urls, config.endpoint_url);
  }

  const attemptsSetting = raw("AWS_MAX_ATTEMPTS") ?? config.max_attempts;
  const maxAttempts = attemptsSetting === undefined ? 3 : pythonInt(attemptsSetting);
  if (maxAttempts === undefined || maxAttempts < 1) {
    throw new CliFailure(`Bad value for max_attempts (AWS_MAX_ATTEMPTS or the profile): expected a whole number >= 1, got ${JSON.stringify(attemptsSetting)}`, EXIT.general);
  }

  const color = options.color ?? config.cli_color ?? "auto";
  const pagerSetting = options["no-cli-pager"] === true ? "" : (process.env.AWS_PAGER ?? config.cli_pager ?? process.env.PAGER ?? "less");
  return {
    profile,
    profileFromOption: fromOption,
    config,
    // botocore takes an empty AWS_REGION as the region (and then fails on it), unlike the library.
    region: (options.region as string | undefined) ?? environmentRegion(raw) ?? (config.region || undefined),
    output,
    endpoint,
    caBundle: option(options, "ca-bundle") ?? env("AWS_CA_BUNDLE") ?? config.ca_bundle,
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
