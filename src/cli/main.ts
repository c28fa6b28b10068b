/**
 * The CLI: `ecr-layer-url get-download-url-for-layer …` behaves as `aws ecr
 * get-download-url-for-layer …` (AWS CLI v2) does, on top of the library's Node client.
 * `download-layer` adds a verified download. The order of the checks is the AWS CLI's,
 * so a line with several problems reports the same one.
 */
import { release, type } from "node:os";
import { EcrLayerClient, resolveEndpoint } from "../node.js";
import type { AwsCredentialIdentity, GetDownloadUrlForLayerInput } from "../node.js";
import { leaveRulesToService } from "../operation.js";
import { parseArgs } from "./args.js";
import type { Command, Options } from "./args.js";
import { cliCredentials } from "./credentials.js";
import { downloadLayerCommand } from "./download.js";
import type { CallContext } from "./download.js";
import { failureOf } from "./error-line.js";
import { CliFailure, EXIT, ParamError, UnknownOptionsError, UsageError } from "./failure.js";
import { helpText } from "./help.js";
import { gatherParams, INPUT_SKELETON, loadInput, OUTPUT_SKELETON, REQUIRED_OPTIONS, YAML_INPUT_SKELETON } from "./input.js";
import { isBrokenPipe, write } from "./pager.js";
import { compileQuery, printResult } from "./print.js";
import { checkTimeoutOptions, resolveSettings } from "./settings.js";
import type { Settings } from "./settings.js";
import { CliHandler } from "./transport.js";

declare const __VERSION__: string;

/** `ecr-layer-url --version`, in the AWS CLI's `name/version runtime/version os/release` form. */
export function versionLine(): string {
  return `ecr-layer-url/${__VERSION__} Node.js/${process.versions.node} ${type()}/${release()} ${process.arch}\n`;
}

function checkRequired(command: Command, options: Options): void {
  const skeleton = options["generate-cli-skeleton"];
  const fromInput = options["cli-input-json"] !== undefined || options["cli-input-yaml"] !== undefined;
  const missing = fromInput || skeleton === "input" || skeleton === "yaml-input" ? [] : REQUIRED_OPTIONS.filter((o) => options[o.slice(2)] === undefined);
  if (command === "download-layer" && options["output-file"] === undefined) missing.push("--output-file");
  if (missing.length > 0) throw new UsageError(`the following arguments are required: ${missing.join(", ")}`);
}

/**
 * The client the command calls through: the CLI's credentials, CA bundle, TLS and timeout
 * settings, and the endpoint resolved as the AWS CLI resolves it.
 */
async function connect(settings: Settings, region: string): Promise<{ client: EcrLayerClient; handler: CliHandler; url: string; secrets: string[] }> {
  const debug = settings.debug ? (text: string) => process.stderr.write(text) : undefined;
  const credentials: AwsCredentialIdentity = await cliCredentials(settings, debug);
  // As sent and as they would appear quoted in a URL.
  const secrets = [credentials.secretAccessKey, credentials.sessionToken].flatMap((v) => (v ? [v, encodeURIComponent(v)] : []));
  let caBundle: Buffer | undefined;
  if (settings.caBundle !== undefined) {
    const { readFile } = await import("node:fs/promises");
    try {
      caBundle = await readFile(settings.caBundle);
    } catch (error) {
      throw new CliFailure(`Could not read the CA bundle ${JSON.stringify(settings.caBundle)} (--ca-bundle, AWS_CA_BUNDLE or the profile's ca_bundle): ${(error as Error).message}`, EXIT.general);
    }
  }
  let url: string;
  try {
    // As in the AWS CLI, a configured http:// endpoint is the user's explicit choice.
    url = resolveEndpoint({ region: region, endpoint: settings.endpoint, allowInsecureEndpoint: true }).href;
  } catch (error) {
    throw new CliFailure((error as Error).message, EXIT.general);
  }
  if (!settings.verifyTls && url.startsWith("https:")) {
    process.stderr.write(`ecr-layer-url: warning: --no-verify-ssl: the TLS certificate of ${new URL(url).host} is not verified.\n`);
  }
  debug?.(`[debug] ${versionLine().trim()}; region ${region}; endpoint ${url}; profile ${settings.profile ?? "(none)"}; output ${settings.output}\n`);
  const handler = new CliHandler({
    caBundle,
    verifyTls: settings.verifyTls,
    connectTimeoutMs: settings.connectTimeoutMs,
    signed: settings.signed,
    debug,
    secrets: () => secrets,
  });
  // The endpoint is resolved above, with the profile's settings the library does not read:
  // the library must not fall back to AWS_ENDPOINT_URL* on its own.
  process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = "true";
  // The AWS CLI leaves patterns and maximum lengths to the service; so must we, to answer alike.
  leaveRulesToService();
  const client = new EcrLayerClient({
    region: region,
    credentials,
    endpoint: settings.endpoint,
    allowInsecureEndpoint: true,
    maxAttempts: settings.maxAttempts,
    requestTimeoutMs: settings.readTimeoutMs,
    requestHandler: handler,
    urlCache: false,
    logger: debug ? { debug: (text: unknown) => debug(`[debug] ${String(text)}\n`) } : undefined,
  });
  return { client, handler, url, secrets };
}

async function run(argv: readonly string[], signal: AbortSignal): Promise<number> {
  const line = parseArgs(argv);
  const options = line.options;
  if (options.version === true) {
    await write(process.stdout, versionLine());
    return EXIT.ok;
  }
  if (line.help) {
    await write(process.stdout, helpText(line.command));
    return EXIT.ok;
  }
  if (line.command === undefined) throw new UsageError("the following arguments are required: command");
  checkRequired(line.command, options);
  if (line.unknown.length > 0) throw new UnknownOptionsError(line.unknown);
  if (options["cli-auto-prompt"] === true) {
    throw new ParamError("--cli-auto-prompt is not supported by ecr-layer-url: it has no interactive prompt. Give the options on the command line.");
  }
  // The AWS CLI reads the query, the timeouts and the input file before it prints a skeleton.
  const query = typeof options.query === "string" ? await compileQuery(options.query) : undefined;
  checkTimeoutOptions(options);
  const loaded = await loadInput(options);
  const skeleton = options["generate-cli-skeleton"];
  if (skeleton === "input" || skeleton === "yaml-input") {
    await write(process.stdout, skeleton === "input" ? INPUT_SKELETON : YAML_INPUT_SKELETON);
    return EXIT.ok;
  }
  const settings = await resolveSettings(options, process.stdout);
  const prompt = process.env.AWS_CLI_AUTO_PROMPT ?? settings.config.cli_auto_prompt;
  if (options["no-cli-auto-prompt"] !== true && (prompt === "on" || prompt === "on-partial")) {
    process.stderr.write(`ecr-layer-url: cli_auto_prompt=${prompt} (from AWS_CLI_AUTO_PROMPT or the profile) is not supported; running without a prompt.\n`);
  }
  const params = (await gatherParams(options, loaded)) as unknown as GetDownloadUrlForLayerInput;
  if (settings.region === undefined) {
    throw new CliFailure('You must specify a region. You can also configure your region by running "aws configure".', EXIT.config);
  }
  const retryMode = process.env.AWS_RETRY_MODE || settings.config.retry_mode;
  if (retryMode !== undefined && retryMode !== "standard") {
    process.stderr.write(`ecr-layer-url: retry_mode=${retryMode} (from AWS_RETRY_MODE or the profile) is not supported; using standard.\n`);
  }
  if (skeleton === "output") {
    await printResult(OUTPUT_SKELETON, query, settings);
    return EXIT.ok;
  }
  const { client, handler, url, secrets } = await connect(settings, settings.region);
  const context: CallContext = { client, settings, query, signal };
  try {
    if (line.command === "download-layer") return await downloadLayerCommand(params, String(options["output-file"]), context);
    const output = await client.getDownloadUrlForLayer(params, { abortSignal: signal });
    // The model's members in the model's order, whatever the answer's order or extras.
    await printResult({ downloadUrl: output.downloadUrl, layerDigest: output.layerDigest }, query, settings);
    return EXIT.ok;
  } catch (error) {
    if (isBrokenPipe(error) || signal.aborted) throw error;
    throw failureOf(error, { url, maxAttempts: settings.maxAttempts, lastError: handler.lastError, secrets: [...secrets, ...handler.signatures] });
  } finally {
    client.destroy();
  }
}

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
/** After a signal, the call is cancelled and cleans up (a download's temporary file); this long at most. */
const CLEANUP_MS = 2_000;

/** Run the CLI with these arguments; resolves to the exit code. Never rejects. */
export async function main(argv: readonly string[]): Promise<number> {
  const controller = new AbortController();
  let caught: keyof typeof SIGNALS | undefined;
  const onSignal = (name: keyof typeof SIGNALS) => {
    const code = 128 + SIGNALS[name];
    // A second signal, or a cleanup that takes too long: stop now.
    if (caught !== undefined) process.exit(code);
    caught = name;
    controller.abort(new Error(`interrupted by ${name}`));
    setTimeout(() => process.exit(code), CLEANUP_MS).unref();
  };
  for (const name of Object.keys(SIGNALS) as Array<keyof typeof SIGNALS>) process.on(name, onSignal);
  try {
    return await run(argv, controller.signal);
  } catch (error) {
    if (caught !== undefined) {
      // The AWS CLI's answer to Ctrl-C: a newline on stdout, and 128 + the signal's number.
      if (caught === "SIGINT") await write(process.stdout, "\n").catch(() => {});
      return 128 + SIGNALS[caught];
    }
    // The reader went away (`| head`): as the AWS CLI, say nothing; a cut-short layer is 141, as SIGPIPE.
    if (isBrokenPipe(error)) return argv.includes("download-layer") ? 141 : EXIT.ok;
    const failure = error instanceof CliFailure ? error : failureOf(error, { url: "", maxAttempts: 1, secrets: [] });
    await write(process.stderr, failure.render()).catch(() => {});
    return failure.exitCode;
  } finally {
    for (const name of Object.keys(SIGNALS) as Array<keyof typeof SIGNALS>) process.removeListener(name, onSignal);
  }
}
