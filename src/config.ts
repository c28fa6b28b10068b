/**
 * What a client resolves once: its options checked, then (on first call) the region, the
 * endpoint, the credential source, the transport and the user agent, each from the
 * config, else the environment, else the runtime's default. The CLI's settings layer
 * reads the environment through the same functions.
 */
import { signable } from "./clock.js";
import { cachedCredentials } from "./credentials.js";
import type { AwsCredentialIdentityProvider, CredentialsOption } from "./credentials.js";
import { realRegion, resolveEndpoint } from "./endpoint.js";
import { EcrConfigError } from "./errors.js";
import { checkNumber, checkWhole, flag } from "./options.js";
import type { HttpHandler, Runtime } from "./runtime.js";
import { env } from "./runtime.js";
import { Signer } from "./sign.js";

declare const __VERSION__: string;

/** A console-like logger; only `debug` is used. */
export interface Logger {
  /** Receives one line per attempt, retry and cache answer, prefixed `ecr-layer-url:`, every secret redacted. */
  debug?(...content: unknown[]): void;
  /** Not called by the library; there so a `console` fits. */
  info?(...content: unknown[]): void;
  /** Not called by the library; there so a `console` fits. */
  warn?(...content: unknown[]): void;
  /** Not called by the library; there so a `console` fits. */
  error?(...content: unknown[]): void;
}

/** Configuration of {@link EcrLayerClient}. Every member is optional. */
export interface EcrLayerClientConfig {
  /** AWS region, e.g. `"us-east-1"`. Default: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then (Node) the profile's `region` in the shared config file. */
  region?: string;
  /** Credentials, or an async provider of them (any AWS SDK credential provider works). Default (Node): the environment, else the AWS SDK's default chain. Browsers and edge runtimes must pass them. */
  credentials?: CredentialsOption;
  /** (Node) The shared config/credentials profile. Default: `AWS_PROFILE`, else `"default"`. */
  profile?: string;
  /** A custom endpoint, e.g. `"http://127.0.0.1:4566"`; replaces endpoint resolution. Default: `AWS_ENDPOINT_URL_ECR`, then `AWS_ENDPOINT_URL` (unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`). */
  endpoint?: string | URL;
  /**
   * Let a custom `endpoint` be plain `http:` on a host other than loopback (`localhost`,
   * `127.x.x.x`, `[::1]`). Default false: such an endpoint is an {@link EcrConfigError},
   * since signed requests (and session tokens) would cross the network unencrypted.
   */
  allowInsecureEndpoint?: boolean;
  /** Use the FIPS endpoint. Default false. */
  useFipsEndpoint?: boolean;
  /** Use the dual-stack (IPv4 + IPv6) endpoint. Default false. */
  useDualstackEndpoint?: boolean;
  /** Most attempts per call, including the first. Default 3. 1 disables retries. */
  maxAttempts?: number;
  /** Time limit of each attempt in ms, body included. Default 30000; 0 means none. */
  requestTimeoutMs?: number;
  /** A smithy `HttpHandler` to send requests with. Default: `node:http` with keep-alive in Node, `fetch` elsewhere. */
  requestHandler?: HttpHandler;
  /** Receives a debug line per attempt and per retry, with every secret redacted. */
  logger?: Logger;
  /** Appended to the User-Agent as `app/<id>`, to tell your application's traffic apart. */
  userAgentAppId?: string;
  /** Milliseconds to add to the local clock when signing; corrected automatically from responses. */
  systemClockOffset?: number;
  /**
   * Keep answers and reuse each URL until 60 seconds before it expires, and let
   * concurrent asks for the same layer share one request. Default true; `false` sends
   * every call to ECR.
   */
  urlCache?: boolean;
  /** Most URLs the cache keeps; the least recently used goes first. Default 1000. */
  urlCacheSize?: number;
}

const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_URL_CACHE_SIZE = 1000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** The config's options that the constructor checks, with their defaults filled in. */
export interface CheckedConfig {
  maxAttempts: number;
  requestTimeoutMs: number;
  systemClockOffset: number;
  /** The URL cache's size, or undefined when the cache is off. */
  urlCacheSize?: number;
}

/** What the first call resolves, for every call after it. */
export interface ResolvedConfig {
  url: URL;
  signer: Signer;
  credentials: AwsCredentialIdentityProvider;
  handler: HttpHandler;
  userAgent: string;
}

/** A reader of environment variables: {@link env} (an empty value is unset), or the CLI's own. */
export type EnvReader = (name: string) => string | undefined;

/** The region the environment sets: `AWS_REGION`, else `AWS_DEFAULT_REGION`. */
export function environmentRegion(read: EnvReader = env): string | undefined {
  return read("AWS_REGION") ?? read("AWS_DEFAULT_REGION");
}

/**
 * The endpoint the environment configures, as the AWS SDKs and CLI read it:
 * `AWS_ENDPOINT_URL_ECR`, else `AWS_ENDPOINT_URL`, else `profileEndpoint` (the profile's
 * `endpoint_url`, which only the CLI passes), unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`
 * (else `profileIgnore`, the profile's `ignore_configured_endpoint_urls`) is `true`.
 */
export function configuredEndpoint(profileIgnore?: string, profileEndpoint?: string): string | undefined {
  if ((env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") ?? profileIgnore)?.toLowerCase() === "true") return undefined;
  return env("AWS_ENDPOINT_URL_ECR") ?? env("AWS_ENDPOINT_URL") ?? profileEndpoint;
}

/** Check the options (an object) the constructor needs, before any I/O; throws {@link EcrConfigError}. */
export function checkConfig(config: EcrLayerClientConfig): CheckedConfig {
  const maxAttempts = checkWhole("maxAttempts", config.maxAttempts, 1, DEFAULT_MAX_ATTEMPTS);
  const requestTimeoutMs = checkNumber("requestTimeoutMs", config.requestTimeoutMs, 0) ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const systemClockOffset = checkNumber("systemClockOffset", config.systemClockOffset, -Infinity) ?? 0;
  if (!signable(Date.now() + systemClockOffset)) {
    throw new EcrConfigError(`systemClockOffset must keep the clock in the years 1970-9999, got ${systemClockOffset}`);
  }
  const handler = config.requestHandler as { handle?: unknown } | null | undefined;
  if (handler != null && typeof handler.handle !== "function") {
    throw new EcrConfigError("requestHandler must have a handle(request, options) method");
  }
  const cacheSize = checkWhole("urlCacheSize", config.urlCacheSize, 1, DEFAULT_URL_CACHE_SIZE);
  const cacheOn = config.urlCache === undefined || flag(config.urlCache, "urlCache");
  return { maxAttempts, requestTimeoutMs, systemClockOffset, urlCacheSize: cacheOn ? cacheSize : undefined };
}

/** The User-Agent: the package and version, then `app/<id>` when the config names one. */
export function userAgent(appId: string | undefined): string {
  const base = `ecr-layer-url/${__VERSION__}`;
  if (appId === undefined) return base;
  if (typeof appId !== "string" || appId === "") throw new EcrConfigError("userAgentAppId must be a non-empty string");
  // RFC 9110 token characters only, so the header can't be split or rejected.
  return `${base} app/${appId.replace(/[^!#$%&'*+.^_`|~0-9A-Za-z-]/g, "-").slice(0, 50)}`;
}

/**
 * Resolve what the first call needs; throws {@link EcrConfigError} naming what is missing
 * or wrong. `onHandler` is told of the transport as soon as it is made, so the client can
 * close it even when a later step fails.
 */
export async function resolveConfig(config: EcrLayerClientConfig, runtime: Runtime, onHandler: (handler: HttpHandler) => void): Promise<ResolvedConfig> {
  const profile = config.profile ?? env("AWS_PROFILE");
  const region = config.region ?? environmentRegion() ?? (await runtime.defaultRegion(profile));
  if (region === undefined) {
    throw new EcrConfigError(`No AWS region: pass { region: "us-east-1" } (or another region), or ${runtime.regionSources}`);
  }
  const url = resolveEndpoint({
    region,
    useFipsEndpoint: config.useFipsEndpoint,
    useDualstackEndpoint: config.useDualstackEndpoint,
    endpoint: config.endpoint ?? configuredEndpoint(),
    allowInsecureEndpoint: config.allowInsecureEndpoint,
  });
  const signingRegion = realRegion(region);
  let source: CredentialsOption | (() => Promise<CredentialsOption | undefined>) | undefined = config.credentials;
  if (source === undefined) source = runtime.defaultCredentials(profile);
  if (source === undefined) throw new EcrConfigError(runtime.missingCredentials);
  if (typeof source !== "function" && (typeof source !== "object" || source === null)) {
    throw new EcrConfigError(`credentials must be an object or an async function, got ${source === null ? "null" : typeof source}`);
  }
  const credentials = cachedCredentials(source);
  const handler = config.requestHandler ?? runtime.createRequestHandler();
  onHandler(handler);
  const signer = new Signer(signingRegion, runtime.sha256);
  return { url, signer, credentials, handler, userAgent: userAgent(config.userAgentAppId) };
}
