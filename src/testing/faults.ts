/**
 * Scripted misbehaviour for the fake server: the failures a client meets in the field
 * (proxies answering HTML, throttling, dropped connections, slow or endless bodies),
 * made to happen on the request a test chooses.
 */

/** Which requests a fault applies to: API calls (`POST /`) or layer downloads (`/blobs/…`). */
export type FaultTarget = "api" | "blob";

/**
 * Where a service error puts its code, for exercising every place a client must look:
 * - `__type`: the body's `__type`, e.g. `{"__type":"ThrottlingException","message":…}`
 *   (the default, and what the server's own errors use);
 * - `code`: the body's `code` instead;
 * - `header`: only the `X-Amzn-Errortype` header, the body holding just the message;
 * - `namespaced`: the body's `__type` with a shape namespace, `aws.ecr#ThrottlingException`;
 * - `uri`: the body's `__type` in the old Coral form,
 *   `ThrottlingException:http://internal.amazon.com/coral/com.amazonaws.ecr/`.
 */
export type ErrorForm = "__type" | "code" | "header" | "namespaced" | "uri";

/** What every fault has: which requests it applies to, and how many of them. */
export interface FaultBase {
  /** Default `"api"`. */
  match?: FaultTarget;
  /**
   * Apply to the next this-many matching requests, then drop out of the queue.
   * Default: every matching request until {@link FakeEcr.setFaults} replaces the queue.
   */
  times?: number;
  /**
   * Apply to each matching request with this probability (0 to 1), chosen at random per
   * request; a request it passes over goes on to the next rule. Default 1. Only the
   * requests it applies to count toward `times`. For load tests: `{ type: "status",
   * status: 503, probability: 0.05 }` fails about one request in twenty.
   */
  probability?: number;
}

/** Answer with exactly this status, body and headers (plus the server's usual Date, request id and CORS headers). */
export interface StatusFault extends FaultBase {
  /** Always `"status"`. */
  type: "status";
  /** The HTTP status to answer with. */
  status: number;
  /**
   * Default empty. Content-Type defaults to `text/html; charset=utf-8` when the body
   * starts with `<`, else to the matched endpoint's usual type (`application/x-amz-json-1.1`
   * for the API, `application/octet-stream` for blobs); `headers` overrides it.
   */
  body?: string | Uint8Array;
  /** Headers to add (names in any case); they override the defaults. */
  headers?: Readonly<Record<string, string>>;
}

/** Answer with a service error of the given code, in the given {@link ErrorForm}. */
export interface ErrorFault extends FaultBase {
  /** Always `"error"`. */
  type: "error";
  /** E.g. `"ThrottlingException"`, `"ServerException"`, `"AccessDeniedException"`. */
  code: string;
  /**
   * Default 500 for `ServerException`, `InternalFailure` and `InternalServerError`, 503 for
   * `ServiceUnavailable` and `ServiceUnavailableException`, else 400.
   */
  status?: number;
  /** Default: a message naming the code. */
  message?: string;
  /** Default `"__type"`. Ignored for blobs, whose errors are S3's XML. */
  form?: ErrorForm;
  /** Adds `Retry-After: <seconds>` and `x-amz-retry-after: <milliseconds>`. */
  retryAfterSeconds?: number;
}

/** Hold the response headers this long, then answer normally. */
export interface DelayFault extends FaultBase {
  /** Always `"delay"`. */
  type: "delay";
  /** How long to hold the headers, in ms. */
  ms: number;
}

/** Read the request, then destroy the connection without answering. */
export interface DropBeforeHeadersFault extends FaultBase {
  /** Always `"drop-before-headers"`. */
  type: "drop-before-headers";
}

/**
 * Send the normal response's headers, with its full Content-Length, and the first half
 * of its body (rounded down), then destroy the connection.
 */
export interface DropMidBodyFault extends FaultBase {
  /** Always `"drop-mid-body"`. */
  type: "drop-mid-body";
}

/** Send the normal response, its body `chunkBytes` at a time every `intervalMs`. */
export interface SlowDripFault extends FaultBase {
  /** Always `"slow-drip"`. */
  type: "slow-drip";
  /** Bytes sent at a time. */
  chunkBytes: number;
  /** Milliseconds between chunks. */
  intervalMs: number;
}

/**
 * Answer with an error body of exactly `bytes` bytes (a `ServerException` JSON body for
 * the API, an S3 XML error for blobs, padded), streamed as the client reads it.
 */
export interface HugeErrorFault extends FaultBase {
  /** Always `"huge-error"`. */
  type: "huge-error";
  /** The error body's exact size, in bytes. */
  bytes: number;
  /** Default 500. */
  status?: number;
  /** Send a Content-Length (default) or stream it chunked, with no length announced. */
  chunked?: boolean;
}

/**
 * Send the normal response with one byte of its body changed (the middle one, XORed with
 * 0xff): same status, headers and length. On a blob, what a tampered or corrupted object
 * in the store looks like; a client must notice from the digest alone.
 */
export interface CorruptFault extends FaultBase {
  /** Always `"corrupt"`. */
  type: "corrupt";
}

/** One scripted misbehaviour; see each member for what it does. */
export type Fault = StatusFault | ErrorFault | DelayFault | DropBeforeHeadersFault | DropMidBodyFault | SlowDripFault | HugeErrorFault | CorruptFault;

/** The queue {@link FakeEcr.setFaults} fills: the first rule matching a request applies. */
export class FaultQueue {
  #rules: Array<{ fault: Fault; remaining: number }> = [];

  /** Replaces every rule. */
  set(faults: readonly Fault[]): void {
    for (const fault of faults) {
      const p = fault.probability;
      if (p !== undefined && !(typeof p === "number" && p >= 0 && p <= 1)) {
        throw new RangeError(`fault probability must be a number from 0 to 1, got ${String(p)}`);
      }
    }
    this.#rules = faults.map((fault) => ({ fault, remaining: fault.times ?? Infinity }));
  }

  /** The fault for the next request of this kind, if any, using up one of its `times`. */
  take(target: FaultTarget): Fault | undefined {
    const index = this.#rules.findIndex(
      (rule) =>
        (rule.fault.match ?? "api") === target &&
        rule.remaining > 0 &&
        (rule.fault.probability === undefined || Math.random() < rule.fault.probability),
    );
    const rule = this.#rules[index];
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.#rules.splice(index, 1);
    return rule.fault;
  }
}
