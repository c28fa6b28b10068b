/**
 * What the AWS CLI prints for a failed call, made from the library's error: the service's
 * error line (code and message read from the raw answer the way botocore reads them), and
 * botocore's texts and exit codes for connection failures and timeouts.
 */
import { STATUS_CODES } from "node:http";
import { headerValue } from "../headers.js";
import {
  EcrConfigError,
  EcrServiceException,
  InvalidResponseError,
  LayerDigestMismatchError,
  LayerDownloadError,
  LayerSizeMismatchError,
  NetworkError,
  TimeoutError,
} from "../node.js";
import { redact } from "../redact.js";
import { CliFailure, EXIT } from "./failure.js";
import { pyStr } from "./python.js";
import { CONNECT_TIMEOUT_CODE } from "./transport.js";
import type { RawAnswer } from "./transport.js";

const OPERATION = "GetDownloadUrlForLayer";

/** botocore's code and message of an AWS JSON error answer, including its fallbacks for HTML and empty bodies. */
export function botocoreError(answer: RawAnswer): { code: string; message: string } {
  const text = new TextDecoder().decode(answer.body);
  // A 5xx whose body is empty or an HTML page carries no protocol error: status and reason.
  if (answer.statusCode >= 500 && (text.trim() === "" || text.trim().startsWith("<html>"))) {
    return { code: String(answer.statusCode), message: STATUS_CODES[answer.statusCode] ?? "" };
  }
  let body: Record<string, unknown> = {};
  if (text !== "") {
    try {
      const parsed: unknown = JSON.parse(text);
      body = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
    } catch {
      body = { message: text };
    }
  }
  const message = Object.hasOwn(body, "message") ? body.message : Object.hasOwn(body, "Message") ? body.Message : "";
  const query = (headerValue(answer.headers, "x-amzn-query-error") ?? "").split(";");
  let code = query.length === 2 && query[0] ? query[0] : Object.hasOwn(body, "__type") ? pyStr(body.__type) : String(answer.statusCode);
  if (code.includes("#")) code = code.slice(code.lastIndexOf("#") + 1);
  return { code, message: pyStr(message) };
}

/** botocore's exception text for a failure to reach the endpoint, by the socket error's code. */
function connectionText(error: NetworkError, url: string): string {
  const codes: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause) codes.push(String((e as { code?: unknown }).code ?? ""));
  if (codes.includes(CONNECT_TIMEOUT_CODE)) return `Connect timeout on endpoint URL: "${url}"`;
  if (codes.some((c) => ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"].includes(c))) {
    return `Could not connect to the endpoint URL: "${url}"`;
  }
  if (codes.some((c) => /CERT|SSL|TLS|SELF_SIGNED|ERR_TLS/.test(c))) return `SSL validation failed for ${url} ${error.message}`;
  return `Connection was closed before we received a valid response from endpoint URL: "${url}".`;
}

export interface FailureContext {
  /** The URL the AWS CLI names in connection errors: the endpoint with its path. */
  url: string;
  maxAttempts: number;
  lastError?: RawAnswer;
  secrets: ReadonlyArray<string | undefined>;
}

/** The library's error as the AWS CLI would report it: its stderr text and exit code. */
export function failureOf(error: unknown, context: FailureContext): CliFailure {
  if (error instanceof CliFailure) return error;
  if (error instanceof EcrServiceException) {
    const status = error.$metadata.httpStatusCode;
    const raw = context.lastError && context.lastError.statusCode === status ? botocoreError(context.lastError) : { code: error.name, message: error.message };
    // botocore says so when it stopped because attempts ran out, not for an error it does not retry.
    const attempts = error.$metadata.attempts;
    const exhausted = error.$retryable !== undefined && attempts >= context.maxAttempts && attempts > 1;
    const retries = exhausted ? ` (reached max retries: ${attempts - 1})` : "";
    const line = `An error occurred (${raw.code}) when calling the ${OPERATION} operation${retries}: ${raw.message}`;
    return new CliFailure(redact(line, context.secrets), EXIT.service);
  }
  if (error instanceof LayerDownloadError) return new CliFailure(redact(error.message, context.secrets), EXIT.service);
  if (error instanceof TimeoutError) return new CliFailure(`Read timeout on endpoint URL: "${context.url}"`, EXIT.general);
  if (error instanceof NetworkError) return new CliFailure(connectionText(error, context.url), EXIT.general);
  if (error instanceof InvalidResponseError) {
    // The AWS CLI prints nothing and exits 0 for an answer it cannot read; losing the answer silently is worse.
    return new CliFailure(`The endpoint's answer is not a valid ${OPERATION} response (endpoint URL: "${context.url}"): ${error.message}`, EXIT.general);
  }
  if (error instanceof LayerDigestMismatchError || error instanceof LayerSizeMismatchError) return new CliFailure(error.message, EXIT.general);
  if (error instanceof EcrConfigError) return new CliFailure(redact(error.message, context.secrets), EXIT.general);
  const message = error instanceof Error ? error.message : String(error);
  return new CliFailure(redact(message, context.secrets), EXIT.general);
}
