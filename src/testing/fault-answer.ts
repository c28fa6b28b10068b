/**
 * What a scripted fault sends instead of the fake's normal answer, and how it delivers
 * an answer (dropped mid-body, dripped slowly, corrupted).
 */
import type { DeliveryMode, streamPadded } from "./delivery.js";
import type { Fault, FaultTarget } from "./faults.js";
import { defaultErrorStatus, defaultS3ErrorStatus, jsonError, JSON_CONTENT_TYPE, s3Error, type PlannedResponse } from "./responses.js";

/** The answer a fault replaces the normal one with, if it does: `"drop"` to cut the connection, a stream to pad out. */
export function faultAnswer(
  fault: Fault,
  kind: FaultTarget,
  requestId: string,
): PlannedResponse | "drop" | { stream: Parameters<typeof streamPadded>[3]; status: number; headers: Record<string, string>; code: string } | undefined {
  switch (fault.type) {
    case "drop-before-headers":
      return "drop";
    case "status": {
      const body = typeof fault.body === "string" ? Buffer.from(fault.body) : Buffer.from(fault.body ?? new Uint8Array());
      const sniffed = body.subarray(0, 1).toString() === "<" ? "text/html; charset=utf-8" : kind === "api" ? JSON_CONTENT_TYPE : "application/octet-stream";
      return { status: fault.status, headers: { "content-type": sniffed, ...lowerCaseKeys(fault.headers ?? {}) }, body };
    }
    case "error": {
      const message = fault.message ?? `Fault injected by the fake ECR server: ${fault.code}`;
      if (kind === "api") {
        return jsonError(fault.code, message, {
          ...(fault.status !== undefined ? { status: fault.status } : {}),
          ...(fault.form !== undefined ? { form: fault.form } : {}),
          ...(fault.retryAfterSeconds !== undefined ? { retryAfterSeconds: fault.retryAfterSeconds } : {}),
        });
      }
      const error = s3Error(fault.status ?? defaultS3ErrorStatus(fault.code), fault.code, message, requestId);
      if (fault.retryAfterSeconds !== undefined) {
        error.headers["retry-after"] = String(fault.retryAfterSeconds);
        error.headers["x-amz-retry-after"] = String(Math.round(fault.retryAfterSeconds * 1000));
      }
      return error;
    }
    case "huge-error": {
      const code = kind === "api" ? "ServerException" : "InternalError";
      const status = fault.status ?? (kind === "api" ? defaultErrorStatus(code) : defaultS3ErrorStatus(code));
      const stream =
        kind === "api"
          ? { prefix: `{"__type":"${code}","message":"`, suffix: `"}`, bytes: fault.bytes, chunked: fault.chunked ?? false }
          : {
              prefix: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>`,
              suffix: `</Message><RequestId>${requestId}</RequestId></Error>`,
              bytes: fault.bytes,
              chunked: fault.chunked ?? false,
            };
      return { stream, status, code, headers: { "content-type": kind === "api" ? JSON_CONTENT_TYPE : "application/xml" } };
    }
    default:
      return undefined;
  }
}

/** The planned answer with the middle byte of its body flipped. */
export function corrupted(planned: PlannedResponse): PlannedResponse {
  if (planned.body.length === 0) return planned;
  const body = Buffer.from(planned.body);
  const middle = Math.floor(body.length / 2);
  body[middle] = body[middle]! ^ 0xff;
  return { ...planned, body };
}

export function deliveryMode(fault: Fault | undefined): DeliveryMode {
  if (fault?.type === "drop-mid-body") return { kind: "drop-mid-body" };
  if (fault?.type === "slow-drip") return { kind: "slow-drip", chunkBytes: fault.chunkBytes, intervalMs: fault.intervalMs };
  return { kind: "normal" };
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
