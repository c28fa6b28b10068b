/**
 * What a blob store's answer to a download says, and the URL it is asked at: which
 * statuses are worth a retry, the range a 206 holds, the body's chunks whatever shape the
 * transport gives it, and the code and message of an S3 error.
 */
import { InvalidResponseError, LayerDownloadError } from "./errors.js";
import type { ResponseMetadata } from "./errors.js";
import { headerValue } from "./headers.js";
import { redactUrl, urlSecrets } from "./redact-url.js";
import { redact } from "./redact.js";
import type { HttpResponse } from "./runtime.js";
import { readBody, streamChunks } from "./transport/read-body.js";

/** The download URL ECR answered, parsed; an {@link InvalidResponseError} that quotes it redacted when it is not absolute. */
export function downloadUrlOf(downloadUrl: string, meta: ResponseMetadata): URL {
  try {
    return new URL(downloadUrl);
  } catch {
    // Not the TypeError: Node's carries the whole input, signature and token included.
    throw new InvalidResponseError(`ECR answered a downloadUrl that is not an absolute URL: ${JSON.stringify(redactUrl(downloadUrl).slice(0, 200))}`, { ...meta });
  }
}

/** Statuses after which the same request may well succeed. */
export const RETRY_STATUS: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** `bytes a-b/total` of a 206, or `bytes *\/total` of a 416. */
export function contentRange(value: string | undefined): { start?: number; total?: number } | undefined {
  const match = /^\s*bytes\s+(?:(\d+)-\d+|\*)\/(\d+|\*)\s*$/i.exec(value ?? "");
  if (!match) return undefined;
  return { start: match[1] === undefined ? undefined : Number(match[1]), total: match[2] === "*" ? undefined : Number(match[2]) };
}

/** Reads a body of any shape a transport returns, one chunk at a time. */
export function chunksOf(body: unknown): () => Promise<Uint8Array | undefined> {
  if (typeof body === "object" && body !== null && ("getReader" in body || Symbol.asyncIterator in body)) {
    return streamChunks(body).next;
  }
  // A handler that answered with the whole body at once (bytes, a string, a Blob): one chunk.
  let read = false;
  return async () => {
    if (read) return undefined;
    read = true;
    const { bytes } = await readBody(body, Number.MAX_SAFE_INTEGER);
    return bytes.byteLength > 0 ? bytes : undefined;
  };
}

/** The `<Code>` and `<Message>` of an S3 error body. */
function s3Error(text: string): { code?: string; message?: string } {
  const pick = (tag: string) => new RegExp(`<${tag}>([^<]{1,512})</${tag}>`).exec(text)?.[1];
  return { code: pick("Code"), message: pick("Message") };
}

/**
 * The error a store's error answer ends a download with: its S3 code and message, and
 * its request id, with the URL's secrets redacted (S3's messages quote the URL's
 * credential and signature, with or without their names).
 */
export function storeError(layerDigest: string, origin: string, response: HttpResponse, bytes: Uint8Array, downloadUrl: string, meta: ResponseMetadata): LayerDownloadError {
  const status = response.statusCode;
  const secrets = urlSecrets(downloadUrl);
  const parsed = s3Error(redact(new TextDecoder().decode(bytes), secrets));
  const rawId = headerValue(response.headers, "x-amz-request-id");
  const requestId = rawId && redact(rawId, secrets);
  return new LayerDownloadError(
    redact(`Downloading ${layerDigest} from ${origin} failed: HTTP ${status}${parsed.code ? ` ${parsed.code}` : ""}${parsed.message ? `: ${parsed.message}` : ""}`),
    { statusCode: status, code: parsed.code, requestId, $metadata: { ...meta, httpStatusCode: status, requestId } },
  );
}
