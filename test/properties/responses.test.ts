/**
 * Hostile responses: whatever status, headers and body the server answers with, a call
 * ends in a well-formed result or one of the package's typed errors, in bounded time;
 * and no answer leaves the client unable to make the next call.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StatusFault } from "../../src/testing/index.js";
import {
  describeError,
  EcrServiceException,
  FAKE_CREDENTIALS,
  fakeEcr,
  InvalidResponseError,
  NetworkError,
  outcomeOf,
  runtimes,
  TimeoutError,
} from "./support.js";
import type { FakeEcr, Outcome } from "./support.js";

let ecr: FakeEcr;
beforeAll(async () => {
  ecr = await fakeEcr();
});
afterAll(() => ecr.close());

/**
 * Two attempts at most, each bounded; the longest back-off this suite can cause is a
 * throttling one (under 1 s) raised by a retry-after of at most 1 s. Past this, it hangs.
 */
const CALL_DEADLINE_MS = 15_000;
/** The client reads at most 256 KiB of an answer, so no message it builds from one can be longer (plus its own words). */
const MAX_MESSAGE = 256 * 1024 + 1_000;

// ---------------------------------------------------------------------------------------
// Statuses
// ---------------------------------------------------------------------------------------

// No 1xx: Node's server sends those as interim responses and then the real one, so they
// test Node, not the client.
const status = fc.oneof(
  { weight: 6, arbitrary: fc.constant(200) },
  { weight: 2, arbitrary: fc.integer({ min: 201, max: 299 }) },
  { weight: 1, arbitrary: fc.constantFrom(300, 301, 302, 303, 304, 307, 308) },
  { weight: 3, arbitrary: fc.integer({ min: 400, max: 499 }) },
  { weight: 3, arbitrary: fc.integer({ min: 500, max: 599 }) },
  { weight: 1, arbitrary: fc.integer({ min: 600, max: 999 }) },
);

// ---------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------

/** An X-Amz-Date: well-formed (any digits), a real moment, or anything. */
const amzDate = fc.oneof(
  fc.stringMatching(/^\d{8}T\d{6}Z$/),
  fc.date({ noInvalidDate: true, min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)) }).map((d) =>
    d.toISOString().replace(/[-:]|\.\d{3}/g, ""),
  ),
  fc.constantFrom("", "00000000T000000Z", "99999999T999999Z", "20240230T250000Z", "2024-01-01T00:00:00Z", "+2757600913T000000Z"),
  fc.string({ maxLength: 20 }),
);
const amzExpires = fc.oneof(
  fc.stringMatching(/^\d{1,12}$/),
  fc.constantFrom("", "0", "-1", "1e3", "0x10", " 60", "60 ", "604800", "999999999", "9999999999"),
  fc.string({ maxLength: 12 }),
);

/** A pre-signed-looking URL whose expiry parameters are anything at all. */
const urlLike = fc
  .record({
    scheme: fc.constantFrom("https://", "http://", "", "s3://", "javascript:"),
    host: fc.constantFrom("bucket.s3.us-east-1.amazonaws.com", "127.0.0.1:1", "", "[::1]", "exa mple.com"),
    path: fc.string({ maxLength: 30 }),
    params: fc.array(
      fc.oneof(
        amzDate.map((v) => `X-Amz-Date=${v}`),
        amzExpires.map((v) => `X-Amz-Expires=${v}`),
        fc.stringMatching(/^[0-9a-f]{64}$/).map((v) => `X-Amz-Signature=${v}`),
        fc.constantFrom("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-SignedHeaders=host", "x-amz-date=20240101T000000Z", "X-Amz-Date", "&", "="),
      ),
      { maxLength: 6 },
    ),
    fragment: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
  })
  .map(({ scheme, host, path, params, fragment }) => `${scheme}${host}/${path}${params.length ? `?${params.join("&")}` : ""}${fragment === undefined ? "" : `#${fragment}`}`);

const anyJson = fc.jsonValue({ maxDepth: 3 });

/** The members a success or an error body may have, each of any type or absent. */
const bodyObject = fc.record(
  {
    downloadUrl: fc.oneof({ weight: 3, arbitrary: urlLike }, { weight: 1, arbitrary: anyJson }, { weight: 1, arbitrary: fc.constant("") }),
    layerDigest: fc.oneof(fc.constant("sha256:" + "a".repeat(64)), fc.string({ maxLength: 20 }), anyJson),
    __type: fc.oneof(
      fc.constantFrom(
        "LayersNotFoundException",
        "ThrottlingException",
        "ServerException",
        "aws.ecr#RepositoryNotFoundException",
        "InvalidParameterException:http://internal.amazon.com/coral/com.amazonaws.ecr/",
        "__proto__",
        "constructor",
        "toString",
        "hasOwnProperty",
        ",",
        ":",
        "#",
        "",
      ),
      anyJson,
    ),
    code: anyJson,
    Code: anyJson,
    message: fc.oneof(fc.string({ maxLength: 60 }), anyJson),
    Message: anyJson,
    errorMessage: anyJson,
  },
  { requiredKeys: [] },
);

/**
 * A body object as JSON text, maybe with a "__proto__" member first: written by hand,
 * since an object literal's `__proto__` would set a prototype instead of a key.
 */
const bodyObjectText = fc.tuple(bodyObject, fc.option(anyJson, { nil: undefined })).map(([o, proto]) => {
  const members = Object.entries(o).map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
  if (proto !== undefined) members.unshift(`"__proto__":${JSON.stringify(proto)}`);
  return `{${members.join(",")}}`;
});

const textEncoder = new TextEncoder();
const HUGE = 300 * 1024;

const body: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 1, arbitrary: fc.constant("") },
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 512 }) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 6, arbitrary: bodyObjectText },
  { weight: 1, arbitrary: fc.tuple(bodyObjectText, fc.nat()).map(([text, n]) => text.slice(0, n % (text.length + 1))) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((s) => `<html><body><h1>502 Bad Gateway</h1>${s}</body></html>`) },
  { weight: 1, arbitrary: fc.constantFrom("\ufeff{\"downloadUrl\":\"https://x/y\"}", "{\"downloadUrl\":\"https://x/y\"}\u0000", "null", "[]", "\"https://x/y\"", "{}", "{\"downloadUrl\":null}") },
  // Longer than the client reads: a cut success, and a cut error page.
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      () => JSON.stringify({ downloadUrl: `https://x/${"p".repeat(HUGE)}`, layerDigest: "sha256:" + "a".repeat(64) }),
      () => textEncoder.encode(`{"__type":"ServerException","message":"${"m".repeat(HUGE)}"}`),
    ).map((make) => make()),
  },
);

// ---------------------------------------------------------------------------------------
// Headers
// ---------------------------------------------------------------------------------------

/** A header value Node's server will write: tab, visible ASCII, space, obs-text (latin-1). */
const headerValue = fc.string({
  unit: fc.oneof(
    { weight: 10, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
    { weight: 1, arbitrary: fc.constantFrom("\t", "\u0080", "\u00e9", "\u00ff") },
  ),
  maxLength: 80,
});

/**
 * Framing headers are left out: the fake server sets Content-Length itself, and a
 * Transfer-Encoding or Connection of our choosing would test Node's HTTP parser.
 */
const FRAMING = new Set(["content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "trailer", "te", "proxy-connection"]);

/** Dates a server could send, with the extremes `Date` can hold (and one step past them). */
const dateHeader = fc.oneof(
  fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }).map((ms) => new Date(Date.now() + ms).toUTCString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.constantFrom(
    "Sat, 13 Sep 275760 00:00:00 GMT",
    "+275760-09-13T00:00:00.000Z",
    "Thu, 01 Jan 1970 00:00:00 GMT",
    "-271821-04-20T00:00:00.000Z",
    "Tue, 20 Apr -271821 00:00:00 GMT",
    "0",
    "yesterday",
    "",
  ),
  headerValue,
);

const headerPair: fc.Arbitrary<[string, string]> = fc.oneof(
  // Date moves the client's clock, so it gets more tries than the others.
  { weight: 4, arbitrary: fc.tuple(fc.constant("date"), dateHeader) },
  fc.tuple(
    fc.constantFrom("content-type"),
    fc.oneof(fc.constantFrom("application/x-amz-json-1.1", "application/json", "text/html; charset=utf-8", "text/plain; charset=utf-16", "application/xml", ""), headerValue),
  ),
  fc.tuple(
    fc.constantFrom("x-amzn-errortype", "X-Amzn-ErrorType"),
    fc.oneof(
      fc.constantFrom(
        "ThrottlingException",
        "LayersNotFoundException:http://internal.amazon.com/coral/com.amazonaws.ecr/",
        "aws.ecr#ServerException",
        "RequestTimeout",
        "__proto__",
        "constructor",
        ",",
        ":",
        "",
      ),
      headerValue,
    ),
  ),
  fc.tuple(fc.constantFrom("x-amzn-requestid", "x-amz-request-id", "x-amzn-request-id"), headerValue),
  // Small waits only: the property is about outcomes, and a long wait only slows it down.
  fc.tuple(fc.constant("retry-after"), fc.constantFrom("0", "1", "-1", "1.5", "soon", "", " 0 ", "Thu, 01 Jan 1970 00:00:00 GMT")),
  fc.tuple(fc.constant("x-amz-retry-after"), fc.oneof(fc.integer({ min: 0, max: 800 }).map(String), fc.constantFrom("-5", "abc", "1e3", ""))),
  fc.tuple(fc.constant("content-encoding"), fc.constantFrom("gzip", "br", "deflate", "identity", "x-unknown", "gzip, gzip")),
  fc.tuple(fc.constant("location"), fc.oneof(urlLike, headerValue)),
  fc.tuple(fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "set-cookie", "www-authenticate", "cache-control", "vary"), headerValue),
  fc.tuple(fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,24}$/).filter((name) => !FRAMING.has(name.toLowerCase())), headerValue),
);

const headers = fc.array(headerPair, { maxLength: 6 }).map((pairs) => Object.fromEntries(pairs));

const answer = fc.record({
  status,
  body,
  headers,
  // Once (so a retry, if any, meets the normal answer) or for every attempt.
  times: fc.constantFrom<number | undefined>(1, undefined),
  maxAttempts: fc.constantFrom(1, 2),
});

// ---------------------------------------------------------------------------------------
// The claims
// ---------------------------------------------------------------------------------------

function expectWellFormed(outcome: Outcome<unknown>, fault: StatusFault, maxAttempts: number, requestedDigest: string): void {
  if (outcome.ok) {
    const out = outcome.value as { downloadUrl: unknown; layerDigest: unknown; expiresAt: unknown; $metadata: { attempts: number } };
    expect(typeof out.downloadUrl, "downloadUrl").toBe("string");
    expect((out.downloadUrl as string).length).toBeGreaterThan(0);
    expect(typeof out.layerDigest, "layerDigest").toBe("string");
    if (out.expiresAt !== undefined) {
      expect(out.expiresAt).toBeInstanceOf(Date);
      expect(Number.isFinite((out.expiresAt as Date).getTime()), "expiresAt is an Invalid Date").toBe(true);
    }
    expect(out.$metadata.attempts).toBeGreaterThanOrEqual(1);
    expect(out.$metadata.attempts).toBeLessThanOrEqual(maxAttempts);
    if (fault.times === undefined) {
      // Every attempt met the fault, so the result can only be what its body said.
      const said = JSON.parse(new TextDecoder().decode(typeof fault.body === "string" ? textEncoder.encode(fault.body) : fault.body)) as Record<string, unknown>;
      expect(out.downloadUrl).toBe(said.downloadUrl);
      expect(out.layerDigest).toBe(typeof said.layerDigest === "string" ? said.layerDigest : requestedDigest);
    }
    return;
  }
  const error = outcome.error;
  const typed = [EcrServiceException, InvalidResponseError, NetworkError, TimeoutError].some((Class) => error instanceof Class);
  expect(typed, describeError(error)).toBe(true);
  const { message, $metadata } = error as Error & { $metadata: { attempts: number; httpStatusCode?: number } };
  expect(typeof message).toBe("string");
  expect(message.length, "the message is unbounded").toBeLessThanOrEqual(MAX_MESSAGE);
  expect(() => [String(error), JSON.stringify(error)]).not.toThrow();
  expect($metadata.attempts).toBeGreaterThanOrEqual(1);
  expect($metadata.attempts).toBeLessThanOrEqual(maxAttempts);
  // When every attempt met the fault, the failure is the fault's and its status decides
  // the class. (With one faulty answer, a retry's own failure is possible too: a wild
  // Date in the fault moves the client's clock, and the server refuses the retry's signature.)
  if (fault.times !== undefined) return;
  const success = fault.status >= 200 && fault.status < 300;
  if (error instanceof EcrServiceException) {
    expect(success, `a ${fault.status} became a service error`).toBe(false);
    expect(typeof error.name === "string" && error.name.length > 0).toBe(true);
    expect(["client", "server"]).toContain(error.$fault);
    expect(error.$metadata.httpStatusCode).toBe(fault.status);
  }
  if (error instanceof InvalidResponseError) expect(success, `a ${fault.status} became an invalid response`).toBe(true);
}

describe.each(runtimes)("hostile responses over $name", ({ Client }) => {
  const layer = () => ecr.layers[0]!;
  const config = (maxAttempts: number) => ({
    region: ecr.region,
    endpoint: ecr.endpoint,
    credentials: FAKE_CREDENTIALS,
    maxAttempts,
    requestTimeoutMs: 3_000,
    urlCache: false,
  });

  it("ends every call in a well-formed result or a typed error, in bounded time, whatever the status, headers and body", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(answer, async ({ maxAttempts, ...rest }) => {
        const fault: StatusFault = { type: "status", ...rest };
        ecr.setFaults([fault]);
        const client = new Client(config(maxAttempts));
        try {
          const outcome = await outcomeOf(() => client.getDownloadUrlForLayer(layer()), CALL_DEADLINE_MS, "the call");
          expectWellFormed(outcome, fault, maxAttempts, layer().layerDigest);
        } finally {
          ecr.setFaults([]);
          client.destroy();
        }
      }),
      { numRuns: 150 },
    );
  });

  it("leaves the client able to succeed on its next call after any answer", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(answer, async ({ maxAttempts: _, ...rest }) => {
        // Two attempts: the next call may need its one clock-skew retry after a wild Date.
        const client = new Client(config(2));
        try {
          ecr.setFaults([{ type: "status", ...rest }]);
          // How this call ends is the other property's business; only what it leaves behind matters here.
          await outcomeOf(() => client.getDownloadUrlForLayer(layer()), CALL_DEADLINE_MS, "the call with the odd answer");
          ecr.setFaults([]);
          const next = await outcomeOf(() => client.getDownloadUrlForLayer(layer()), CALL_DEADLINE_MS, "the next call");
          expect(next.ok, next.ok ? "" : `the next call failed: ${describeError(next.error)}`).toBe(true);
        } finally {
          ecr.setFaults([]);
          client.destroy();
        }
      }),
      {
        numRuns: 100,
        // Always tried, besides the random ones: the latest moment a Date can hold, as a
        // server's clock, once on an answer and once on an error.
        examples: [
          [{ status: 200, body: "", headers: { date: "Sat, 13 Sep 275760 00:00:00 GMT" }, times: 1, maxAttempts: 2 }],
          [{ status: 503, body: "", headers: { date: "+275760-09-13T00:00:00.000Z" }, times: undefined, maxAttempts: 2 }],
        ],
      },
    );
  });
});
