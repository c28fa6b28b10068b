/**
 * One attempt of a call: get credentials, build and sign the request, send it, read the
 * answer, and classify the outcome (an output, or an error with how to retry it). Never
 * throws: every failure comes back as an outcome, for the retry loop to judge.
 */
import { cappedTimeout, untilAborted } from "./abort.js";
import type { Clock } from "./clock.js";
import type { ResolvedConfig } from "./config.js";
import type { AwsCredentialIdentity } from "./credentials.js";
import { AbortError, EcrConfigError, InvalidResponseError, NetworkError, TimeoutError } from "./errors.js";
import type { ResponseMetadata } from "./errors.js";
import { lowerCaseHeaders } from "./headers.js";
import type { LowerCaseHeaders } from "./headers.js";
import { CONTENT_TYPE, parseOutput, TARGET } from "./operation.js";
import type { GetDownloadUrlForLayerOutput } from "./operation.js";
import { expiresAt } from "./presigned-url.js";
import { redact, redactError } from "./redact.js";
import { isPermanentNetworkError } from "./retry.js";
import type { RetryKind } from "./retry.js";
import type { HttpRequest, Runtime } from "./runtime.js";
import { serviceError } from "./service-error.js";
import { httpRequest, send } from "./transport/send.js";

/** Answers are a couple of kB; error pages can be megabytes. Read no more than this. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * What stays the same across a call's attempts: the client's resolved config, and the
 * call's own parts. (Member names the bundle holds anyway, so the split costs few bytes.)
 */
export interface CallContext extends ResolvedConfig {
  runtime: Runtime;
  clock: Clock;
  /** The serialized input. */
  body: string;
  /** The digest asked for, which an answer without one is taken to be. */
  layerDigest: string;
  /** The call's metadata so far; the attempt counts itself in when it sends. */
  $metadata: ResponseMetadata;
  signal: AbortSignal | undefined;
  /** This call's time limit per attempt, in ms; 0 for none. */
  requestTimeoutMs: number;
}

/** How an attempt ended: an output, or an error and how to retry it. */
type Outcome =
  | { output: Omit<GetDownloadUrlForLayerOutput, "$metadata">; error?: undefined }
  | { output?: undefined; error: Error & { $metadata: ResponseMetadata }; retry?: RetryKind | "clock-skew" };

/** One attempt's end, with the answer's status and headers (none when no answer arrived). */
export type Attempt = Outcome & { statusCode?: number; headers: LowerCaseHeaders };

/** The error of a call its signal ended: `meta` is copied (undefined: nothing sent), the signal's reason is the cause. */
export const callAborted = (meta: ResponseMetadata | undefined, cause: unknown): AbortError => new AbortError("The call was aborted", meta && { ...meta }, { cause });

/** Classify an answer that arrived whole (its body read up to the cap). */
function classifyAnswer(call: CallContext, statusCode: number, headers: LowerCaseHeaders, body: { bytes: Uint8Array; truncated: boolean }, secrets: Array<string | undefined>, skew: number): Outcome {
  if (statusCode < 200 || statusCode >= 300) return serviceError(statusCode, headers, body.bytes, call.$metadata, secrets, skew);
  const parsed = body.truncated
    ? { ok: false as const, reason: `the body is longer than ${MAX_BODY_BYTES} bytes` }
    : parseOutput(new TextDecoder().decode(body.bytes), call.layerDigest);
  if (parsed.ok) {
    const output = { downloadUrl: parsed.downloadUrl, layerDigest: parsed.layerDigest, expiresAt: expiresAt(parsed.downloadUrl) };
    return { output };
  }
  const error = new InvalidResponseError(`ECR answered HTTP ${statusCode} but ${parsed.reason}`, { ...call.$metadata });
  return { error, retry: "transient" };
}

/**
 * Classify a failure before a whole answer arrived: `waitingFor` names what the attempt
 * waited for, `timedOut` whether our timer ended it.
 */
function classifyFailure(call: CallContext, error: unknown, waitingFor: string, timedOut: boolean, secrets: Array<string | undefined>): Outcome {
  const { $metadata: meta, signal } = call;
  if (signal?.aborted) return { error: callAborted(meta, signal.reason) };
  if (timedOut) {
    const timeout = new TimeoutError(`The attempt timed out after ${call.requestTimeoutMs} ms waiting for ${waitingFor}`, { ...meta });
    // Credentials that did not come will not come sooner on a retry (it would wait on the same load).
    return { error: timeout, retry: waitingFor === "credentials" ? undefined : "transient" };
  }
  if (error instanceof EcrConfigError) {
    // A credential (re)load failed: a fresh error, since the provider's may be shared by concurrent calls.
    return { error: new EcrConfigError(error.message, { cause: error.cause }) };
  }
  const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  const reason = redact(error instanceof Error ? error.message : String(error), secrets);
  const networkError = new NetworkError(`Request to ${call.url.origin} failed: ${reason}`, { ...meta }, { cause: redactError(error, secrets) });
  return { error: networkError, retry: isPermanentNetworkError(typeof code === "string" ? code : undefined) ? undefined : "transient" };
}

/** Run one attempt of `call`. */
export async function runAttempt(call: CallContext): Promise<Attempt> {
  const { clock, signal, requestTimeoutMs: timeoutMs } = call;
  // One controller per attempt, fired by the caller's signal or by our timer. It bounds
  // everything the attempt waits for: credentials, the handler, the body.
  const controller = new AbortController();
  let waitingFor = "credentials";
  let timedOut = false;
  let secrets: Array<string | undefined> = [];
  let statusCode: number | undefined;
  let headers: LowerCaseHeaders = {};
  const timer = timeoutMs > 0 ? cappedTimeout(() => ((timedOut = true), controller.abort(new Error("attempt timed out"))), timeoutMs) : undefined;
  const onAbort = () => controller.abort(signal!.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) onAbort();
  let outcome: Outcome;
  try {
    const identity = await untilAborted(call.credentials(), controller.signal);
    secrets = [identity.secretAccessKey, identity.sessionToken];
    const signingOffset = clock.offset;
    const { url } = call;
    const unsigned = httpRequest("POST", url, url.pathname || "/", {
      host: url.host,
      "content-type": CONTENT_TYPE,
      "x-amz-target": TARGET,
      "content-length": String(new TextEncoder().encode(call.body).byteLength),
      [call.runtime.userAgentHeader]: call.userAgent,
    }, call.body);
    const request = await call.signer.signRequest(unsigned, identity, new Date(Date.now() + signingOffset));
    // The signature is the Authorization header's last 64 characters, should an answer quote it bare.
    secrets.push(request.headers.authorization!.slice(-64));
    waitingFor = `an answer from ${call.url.origin}`;
    call.$metadata.attempts++;
    const response = await send(call.handler, request, controller.signal);
    statusCode = response.statusCode;
    headers = lowerCaseHeaders(response.headers);
    // Request ids become `$metadata` and log lines: a server must not put a secret there.
    for (const name in headers) if (/request-?id$/.test(name)) headers[name] = redact(headers[name]!, secrets);
    const body = await call.runtime.readBody(response.body, MAX_BODY_BYTES, controller.signal);
    outcome = classifyAnswer(call, statusCode, headers, body, secrets, clock.observe(headers, signingOffset));
  } catch (error) {
    outcome = classifyFailure(call, error, waitingFor, timedOut, secrets);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
  return { ...outcome, statusCode, headers };
}
