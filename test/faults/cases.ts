/**
 * The fault matrix: each fault the issue lists, what the client must turn it into, and
 * the scenarios it is run in. Expectations are written from the documented behaviour
 * (src/retry.ts header, the TSDoc of src/client.ts and src/errors.ts, ARCHITECTURE.md),
 * not from watching the client.
 */
import {
  EcrServiceException,
  InvalidResponseError,
  NetworkError,
  ServerException,
  TimeoutError,
} from "../../src/errors.js";
import type { RetryKind } from "../../src/retry.js";
import type { Fault } from "../../src/testing/index.js";
import type { FakeEcr } from "../wire/helpers.js";

export const MAX_ATTEMPTS = 3;
/** Small, so the rows that time out cost a third of a second per attempt, not 30 s. */
export const TIMEOUT_MS = 300;
/** Past the 5 minutes SigV4 tolerates, and past the client's 4-minute "this is skew" threshold. */
export const SKEW_MS = 15 * 60_000;
/** What a failed attempt that does not time out may cost on loopback (a 256 KiB read included). */
const QUICK_ATTEMPT_MS = 100;

export type ErrorClass = abstract new (...args: never[]) => Error;

/** An error the call must end with: its exact class, its `name`, and the last status seen. */
export interface ExpectedError {
  class: ErrorClass;
  name: string;
  /** `$metadata.httpStatusCode`; undefined when no status line arrived. */
  httpStatusCode: number | undefined;
  /** `$fault` of a service error. */
  fault?: "client" | "server";
  /** `$retryable` of a service error: set exactly when its kind is one the client retries. */
  retryable?: { throttling: boolean };
}

export interface Expected {
  outcome: "ok" | ExpectedError;
  /** Requests sent: `$metadata.attempts`, and what the server counts. */
  attempts: number;
  /** The back-off sleeps, in order, by the base they must use (50 ms or 1 s). */
  backoffs: RetryKind[];
  /** Immediate clock-corrected retries (at most one per call). */
  skewRetries: number;
  /** How many of the requests, from the first, the scripted fault answered. */
  faulted: number;
  /** The server's SigV4 verdict on each request; default every one `valid`. */
  signatures?: string[];
  /** The clock offset the client must have learnt, when the server's clock is off. */
  clockOffsetMs?: number;
}

export interface Case {
  fault: string;
  scenario: string;
  /** The server's fault queue for the call. */
  faults: (ecr: FakeEcr) => Fault[];
  /** The server's clock, relative to real time. */
  clockSkewMs: number;
  expected: Expected;
  /** Worst-case cost of one failed attempt, for the call's time bound. */
  attemptMs: number;
  /** The least the attempts can take (sleeps aside): a timed-out one waited out its limit. */
  minMs: number;
  /** The wait the server asks for with `x-amz-retry-after`, in ms. */
  retryAfterMs?: number;
}

/** One fault, scripted without `times`: the scenarios add it. */
interface Row {
  fault: string;
  script: Fault | ((ecr: FakeEcr) => Fault);
  /** The back-off base the client must pick for it. */
  retry: RetryKind;
  /** What the last failure surfaces as once the attempts are spent. */
  error: ExpectedError;
  timesOut?: boolean;
  retryAfterMs?: number;
}

const unknownError = (status: number): ExpectedError => ({
  class: EcrServiceException,
  name: "UnknownError",
  httpStatusCode: status,
  fault: "server",
  retryable: { throttling: false },
});
const invalidResponse: ExpectedError = { class: InvalidResponseError, name: "InvalidResponseError", httpStatusCode: 200 };
const badgateway = `<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>`;
const unavailable = `<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>`;

const rows: Row[] = [
  { fault: "HTTP 500", script: { type: "status", status: 500 }, retry: "transient", error: unknownError(500) },
  { fault: "HTTP 502 (HTML)", script: { type: "status", status: 502, body: badgateway }, retry: "transient", error: unknownError(502) },
  { fault: "HTTP 503 (HTML)", script: { type: "status", status: 503, body: unavailable }, retry: "transient", error: unknownError(503) },
  { fault: "HTTP 504", script: { type: "status", status: 504 }, retry: "transient", error: unknownError(504) },
  {
    // Not in the list: the one input that may move a sleep past the back-off cap.
    fault: "HTTP 503 + x-amz-retry-after 200",
    script: { type: "status", status: 503, headers: { "x-amz-retry-after": "200" } },
    retry: "transient",
    retryAfterMs: 200,
    error: unknownError(503),
  },
  {
    fault: "ServerException",
    script: { type: "error", code: "ServerException" },
    retry: "transient",
    error: { class: ServerException, name: "ServerException", httpStatusCode: 500, fault: "server", retryable: { throttling: false } },
  },
  {
    // Not one of the operation's modeled errors, so the base class with the code as `name`.
    fault: "ThrottlingException 400",
    script: { type: "error", code: "ThrottlingException", status: 400 },
    retry: "throttling",
    error: { class: EcrServiceException, name: "ThrottlingException", httpStatusCode: 400, fault: "client", retryable: { throttling: true } },
  },
  {
    fault: `delay > ${TIMEOUT_MS} ms timeout`,
    script: { type: "delay", ms: 10 * TIMEOUT_MS },
    retry: "transient",
    error: { class: TimeoutError, name: "TimeoutError", httpStatusCode: undefined },
    timesOut: true,
  },
  {
    fault: "drop before headers",
    script: { type: "drop-before-headers" },
    retry: "transient",
    error: { class: NetworkError, name: "NetworkError", httpStatusCode: undefined },
  },
  {
    // The headers came, so the status is known (see retries.test.ts): it labels the error.
    fault: "drop mid-body",
    script: { type: "drop-mid-body" },
    retry: "transient",
    error: { class: NetworkError, name: "NetworkError", httpStatusCode: 200 },
  },
  { fault: "truncated JSON", script: { type: "status", status: 200, body: `{"downloadUrl": "htt` }, retry: "transient", error: invalidResponse },
  { fault: "JSON {}", script: { type: "status", status: 200, body: "{}" }, retry: "transient", error: invalidResponse },
  { fault: "JSON downloadUrl: 5", script: { type: "status", status: 200, body: `{"downloadUrl": 5}` }, retry: "transient", error: invalidResponse },
  {
    // A usable URL beside a digest of the wrong type: the answer as a whole is not trusted.
    fault: "JSON layerDigest: 7",
    script: (ecr) => {
      const [layer] = ecr.layers;
      const downloadUrl = ecr.downloadUrl(layer!.repositoryName, layer!.layerDigest);
      return { type: "status", status: 200, body: JSON.stringify({ layerDigest: 7, downloadUrl }) };
    },
    retry: "transient",
    error: invalidResponse,
  },
  { fault: "JSON []", script: { type: "status", status: 200, body: "[]" }, retry: "transient", error: invalidResponse },
  { fault: "empty 200", script: { type: "status", status: 200, body: "" }, retry: "transient", error: invalidResponse },
  // The client reads at most 256 KiB of a body; a cut-short body "simply contributes
  // nothing" to the error (parse-error.ts), so the code at its start is lost: UnknownError.
  {
    fault: "huge error 10 MiB (length)",
    script: { type: "huge-error", bytes: 10 * 1024 * 1024 },
    retry: "transient",
    error: unknownError(500),
  },
  {
    fault: "huge error 10 MiB (chunked)",
    script: { type: "huge-error", bytes: 10 * 1024 * 1024, chunked: true },
    retry: "transient",
    error: unknownError(500),
  },
  {
    // One byte per 50 ms: the body would take far longer than the attempt's limit.
    fault: "slow drip > timeout",
    script: { type: "slow-drip", chunkBytes: 1, intervalMs: 50 },
    retry: "transient",
    error: { class: TimeoutError, name: "TimeoutError", httpStatusCode: 200 },
    timesOut: true,
  },
];

/**
 * The standard scenarios. The first N attempts fail: with N below maxAttempts attempt
 * N + 1 succeeds; with N = maxAttempts, or a fault that never ends, every attempt is
 * spent and the last failure is thrown. Each retry sleeps once, on the row's base.
 */
function scenarios(row: Row): Case[] {
  const script = row.script;
  const fault = (ecr: FakeEcr): Fault => (typeof script === "function" ? script(ecr) : script);
  const attemptMs = row.timesOut ? TIMEOUT_MS : QUICK_ATTEMPT_MS;
  const common = { fault: row.fault, clockSkewMs: 0, attemptMs, retryAfterMs: row.retryAfterMs };
  const sleeps = (n: number): RetryKind[] => Array.from({ length: n }, () => row.retry);
  const minMs = (failures: number) => (row.timesOut ? failures * TIMEOUT_MS : 0);
  const timed = (times: number): Case => ({
    ...common,
    minMs: minMs(Math.min(times, MAX_ATTEMPTS)),
    scenario: times === MAX_ATTEMPTS ? `N=${times}=maxAttempts` : `N=${times}`,
    faults: (ecr) => [{ ...fault(ecr), times }],
    expected:
      times < MAX_ATTEMPTS
        ? { outcome: "ok", attempts: times + 1, backoffs: sleeps(times), skewRetries: 0, faulted: times }
        : { outcome: row.error, attempts: MAX_ATTEMPTS, backoffs: sleeps(MAX_ATTEMPTS - 1), skewRetries: 0, faulted: MAX_ATTEMPTS },
  });
  return [
    timed(1),
    timed(2),
    timed(MAX_ATTEMPTS),
    {
      ...common,
      minMs: minMs(MAX_ATTEMPTS),
      scenario: "permanent",
      faults: (ecr) => [fault(ecr)],
      expected: { outcome: row.error, attempts: MAX_ATTEMPTS, backoffs: sleeps(MAX_ATTEMPTS - 1), skewRetries: 0, faulted: MAX_ATTEMPTS },
    },
  ];
}

/**
 * A drip that ends inside the limit is only slow, not a failure: the first attempt
 * succeeds, so only the permanent scenario says anything.
 */
const dripWithinLimit: Case = {
  fault: "slow drip < timeout",
  scenario: "permanent",
  // The answer is about 610 bytes: 5 chunks of 128, 4 waits of 20 ms, well inside 300 ms.
  faults: () => [{ type: "slow-drip", chunkBytes: 128, intervalMs: 20 }],
  clockSkewMs: 0,
  expected: { outcome: "ok", attempts: 1, backoffs: [], skewRetries: 0, faulted: 1 },
  attemptMs: TIMEOUT_MS,
  minMs: 4 * 20,
};

/**
 * Clock skew, modelled as a consistent world: the server's clock is 15 minutes ahead
 * (`setClockSkew`), so its `Date` header says so on every answer, the fault's included
 * (a `status` fault keeps the server's Date unless it sets its own). The first answer
 * lets the client correct its clock, and it retries at once, outside the retry quota,
 * once per call (client.ts, `skewRetried`). A rejection that comes when the clock was
 * already right is a plain 400: not skew, not retried.
 *
 * - "permanent": only the skewed clock; the server itself rejects the first signature.
 * - "N": the first N answers are InvalidSignatureException whatever was signed.
 */
const skewRejection: Fault = {
  type: "status",
  status: 400,
  body: JSON.stringify({ __type: "InvalidSignatureException", message: "Signature expired: the request time is more than 5 minutes from the server's" }),
};
const invalidSignature: ExpectedError = { class: EcrServiceException, name: "InvalidSignatureException", httpStatusCode: 400, fault: "client" };
// Every skew case sends two requests: the first signed on the local clock (which the
// server's own check finds expired, whatever the fault answers), the second corrected.
const skew = (scenario: string, faults: Fault[], expected: Omit<Expected, "backoffs" | "clockOffsetMs" | "signatures">): Case => ({
  fault: "clock skew +15 min",
  scenario,
  faults: () => faults,
  clockSkewMs: SKEW_MS,
  expected: { ...expected, backoffs: [], clockOffsetMs: SKEW_MS, signatures: ["expired", "valid"] },
  attemptMs: QUICK_ATTEMPT_MS,
  minMs: 0,
});
const skewCases: Case[] = [
  skew("N=1", [{ ...skewRejection, times: 1 }], { outcome: "ok", attempts: 2, skewRetries: 1, faulted: 1 }),
  // The second rejection came with the corrected clock: no second clock retry, no back-off retry.
  skew("N=2", [{ ...skewRejection, times: 2 }], { outcome: invalidSignature, attempts: 2, skewRetries: 1, faulted: 2 }),
  skew(`N=${MAX_ATTEMPTS}=maxAttempts`, [{ ...skewRejection, times: MAX_ATTEMPTS }], { outcome: invalidSignature, attempts: 2, skewRetries: 1, faulted: 2 }),
  skew("permanent", [], { outcome: "ok", attempts: 2, skewRetries: 1, faulted: 0 }),
];

/**
 * The other way to script skew: the server's clock is right, and only the fault's own
 * `date` header (which replaces the server's) claims +15 min, as a proxy with a wrong
 * clock would. The client believes the header and re-signs 15 min ahead; the real check
 * then rejects that, and the call's one clock retry is spent, so the call fails after
 * two requests however short the fault. Hand-worked from client.ts: `#observeClock`
 * measures the skew against the offset each attempt signed with, and `skewRetried`
 * allows one clock retry per call; InvalidSignatureException is not otherwise retried.
 */
const proxyClock = (scenario: string, times: number | undefined, expected: Omit<Expected, "backoffs" | "signatures" | "outcome" | "attempts" | "skewRetries">): Case => ({
  fault: "Date +15 min, clock right",
  scenario,
  // The date is taken when the case runs, not when this table is built.
  faults: () => [{ ...skewRejection, headers: { date: new Date(Date.now() + SKEW_MS).toUTCString() }, ...(times === undefined ? {} : { times }) }],
  clockSkewMs: 0,
  // The first request was signed right; the second, 15 min ahead, fails the server's own check.
  expected: { ...expected, outcome: invalidSignature, attempts: 2, skewRetries: 1, backoffs: [], signatures: ["valid", "expired"] },
  attemptMs: QUICK_ATTEMPT_MS,
  minMs: 0,
});
const proxyClockCases: Case[] = [
  // The server's own rejection carries the right Date: the offset goes back to about 0.
  proxyClock("N=1", 1, { faulted: 1, clockOffsetMs: 0 }),
  proxyClock("N=2", 2, { faulted: 2, clockOffsetMs: SKEW_MS }),
  proxyClock(`N=${MAX_ATTEMPTS}=maxAttempts`, MAX_ATTEMPTS, { faulted: 2, clockOffsetMs: SKEW_MS }),
  proxyClock("permanent", undefined, { faulted: 2, clockOffsetMs: SKEW_MS }),
];

export const cases: Case[] = [...rows.flatMap(scenarios), dripWithinLimit, ...skewCases, ...proxyClockCases];

/**
 * The range (`max` excluded) of the sleep before retry number `retry` (0-based), as the
 * retry.ts header states standard mode: back-off `b = floor(random() * cap)` with
 * `cap = min(base * 2^retry, 20 s)`, base 50 ms or 1 s for throttling; a requested wait
 * `r` makes it `min(max(r, b), b + 5 s)`. Written out here, not imported, so a wrong
 * constant in retry.ts cannot pass its own test.
 */
export function sleepBounds(kind: RetryKind, retry: number, requested?: number): { min: number; max: number } {
  const cap = Math.min((kind === "throttling" ? 1000 : 50) * 2 ** retry, 20_000);
  if (requested === undefined) return { min: 0, max: cap };
  return { min: Math.min(requested, 5000), max: Math.min(Math.max(requested + 1, cap), cap + 5000) };
}
