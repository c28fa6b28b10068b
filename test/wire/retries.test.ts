import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { AbortError, EcrLayerClient, NetworkError, TimeoutError } from "../../src/node.js";
import { apiRequests, clientConfig as baseConfig, FAKE_CREDENTIALS, fakeEcr, firstLayer, runtimes, thrown } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";
import type { EcrLayerClientConfig } from "../../src/config.js";

// Every test here is about what happens to requests: the URL cache (on by default) would
// answer a repeated call without one.
const clientConfig = (server: FakeEcr, extra: EcrLayerClientConfig = {}) => baseConfig(server, { urlCache: false, ...extra });

let ecr: FakeEcr;
beforeAll(async () => {
  ecr = await fakeEcr();
});
beforeEach(() => {
  ecr.setFaults([]);
  ecr.setClockSkew(0);
});
afterAll(() => ecr.close());
afterEach(() => vi.restoreAllMocks());

/** Count the API requests `fn` causes. */
async function counting<T>(fn: () => Promise<T>): Promise<{ result: T | Error; requests: number; ms: number }> {
  const before = apiRequests(ecr).length;
  const started = performance.now();
  const result = await fn().catch((error: Error) => error);
  return { result, requests: apiRequests(ecr).length - before, ms: performance.now() - started };
}

describe("retries (standard mode)", () => {
  it("backs off random() * 1 s, then random() * 2 s for throttling; random() * 50 ms, then 100 ms otherwise", async () => {
    // Jitter pinned near its top, so the sums show the bases: floor(0.9999 * base * 2^retry).
    vi.spyOn(Math, "random").mockReturnValue(0.9999);
    const client = new EcrLayerClient(clientConfig(ecr));
    ecr.setFaults([{ type: "error", code: "ThrottlingException", status: 400, times: 2 }]);
    const throttled = await client.getDownloadUrlForLayer(firstLayer(ecr));
    expect(throttled.$metadata.totalRetryDelay).toBe(999 + 1999);
    ecr.setFaults([{ type: "error", code: "ServerException", status: 500, times: 2 }]);
    const transient = await client.getDownloadUrlForLayer(firstLayer(ecr));
    expect(transient.$metadata.totalRetryDelay).toBe(49 + 99);
    client.destroy();
  });

  it.each([
    ["a ThrottlingException", { type: "error", code: "ThrottlingException", status: 400 }],
    ["HTTP 429", { type: "status", status: 429, body: "" }],
    ["HTTP 500", { type: "status", status: 500, body: "" }],
    ["HTTP 502", { type: "status", status: 502, body: "" }],
    ["HTTP 503", { type: "status", status: 503, body: "" }],
    ["HTTP 504", { type: "status", status: 504, body: "" }],
  ] as const)("retries %s and succeeds on the third attempt once the server recovers", async (_what, fault) => {
    ecr.setFaults([{ ...fault, times: 2 }]);
    const client = new EcrLayerClient(clientConfig(ecr));
    const { result, requests } = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    if (result instanceof Error) throw result;
    expect(requests).toBe(3);
    expect(result.$metadata.attempts).toBe(3);
    client.destroy();
  });

  it("stops at maxAttempts when the fault is permanent", async () => {
    ecr.setFaults([{ type: "status", status: 503, body: "" }]);
    const client = new EcrLayerClient(clientConfig(ecr, { maxAttempts: 5 }));
    const { result, requests } = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(requests).toBe(5);
    expect((result as any).$metadata.attempts).toBe(5);
    client.destroy();
  });

  it("does not retry with maxAttempts 1", async () => {
    ecr.setFaults([{ type: "status", status: 503, body: "" }]);
    const client = new EcrLayerClient(clientConfig(ecr, { maxAttempts: 1 }));
    expect((await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr)))).requests).toBe(1);
    client.destroy();
  });

  it.each([
    ["AccessDeniedException", 400],
    ["LayersNotFoundException", 400],
    ["RepositoryNotFoundException", 400],
    ["InvalidParameterException", 400],
    ["SomethingElse", 404],
  ])("never retries %s (HTTP %i)", async (code, status) => {
    ecr.setFaults([{ type: "error", code, status }]);
    const client = new EcrLayerClient(clientConfig(ecr));
    const { result, requests } = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(requests).toBe(1);
    expect((result as Error).name).toBe(code);
    client.destroy();
  });

  it("honours x-amz-retry-after", async () => {
    ecr.setFaults([{ type: "status", status: 503, body: "", headers: { "x-amz-retry-after": "400" }, times: 1 }]);
    const client = new EcrLayerClient(clientConfig(ecr));
    const { result, ms } = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    if (result instanceof Error) throw result;
    // max(400, back-off < 50) = 400.
    expect(result.$metadata.totalRetryDelay).toBe(400);
    expect(ms).toBeGreaterThanOrEqual(395);
    client.destroy();
  });

  it("spends its retry quota on a failing server, then stops retrying", async () => {
    ecr.setFaults([{ type: "status", status: 500, body: "" }]);
    const client = new EcrLayerClient(clientConfig(ecr));
    let requests = 0;
    for (let call = 0; call < 25; call++) requests += (await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr)))).requests;
    // 500 tokens at 14 a retry: 17 calls get both retries (476), the 18th one retry, the rest none.
    expect(requests).toBe(17 * 3 + 2 + 7 * 1);
    client.destroy();
  });

  it("retries a dropped connection and a refused one, then gives NetworkError", async () => {
    ecr.setFaults([{ type: "drop-before-headers", times: 1 }]);
    const client = new EcrLayerClient(clientConfig(ecr));
    const first = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(first.result).not.toBeInstanceOf(Error);
    expect(first.requests).toBe(2);
    client.destroy();

    const closed = await fakeEcr();
    const endpoint = closed.endpoint;
    await closed.close();
    const refused = new EcrLayerClient(clientConfig(ecr, { endpoint }));
    const error = await thrown(() => refused.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.$metadata.attempts).toBe(3);
    expect((error.cause as { code?: string }).code).toBe("ECONNREFUSED");
    expect(error.message).toContain(endpoint);
  });
});

describe.each(runtimes)("timeouts and cancellation over $name", ({ Client }) => {
  it("times out an attempt after requestTimeoutMs, and retries it", async () => {
    ecr.setFaults([{ type: "delay", ms: 10_000, times: 1 }]);
    const client = new Client(clientConfig(ecr, { requestTimeoutMs: 1000 }));
    const { result, ms } = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    if (result instanceof Error) throw result;
    expect(result.$metadata.attempts).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(995);
    expect(ms).toBeLessThan(5000);
    client.destroy();
  });

  it("gives TimeoutError when every attempt times out", async () => {
    ecr.setFaults([{ type: "delay", ms: 10_000 }]);
    const client = new Client(clientConfig(ecr, { maxAttempts: 2 }));
    const { result, ms } = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr), { requestTimeoutMs: 150 }));
    expect(result).toBeInstanceOf(TimeoutError);
    expect((result as TimeoutError).name).toBe("TimeoutError");
    expect((result as TimeoutError).$metadata.attempts).toBe(2);
    expect(ms).toBeLessThan(5000);
    client.destroy();
  });

  it("times out a body that drips too slowly", async () => {
    ecr.setFaults([{ type: "slow-drip", chunkBytes: 1, intervalMs: 100, times: 1 }]);
    const client = new Client(clientConfig(ecr, { requestTimeoutMs: 300, maxAttempts: 1 }));
    const { result, ms } = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(result).toBeInstanceOf(TimeoutError);
    // The whole body would take tens of seconds.
    expect(ms).toBeLessThan(10_000);
    client.destroy();
  });

  it("aborts an in-flight request at once", async () => {
    ecr.setFaults([{ type: "delay", ms: 20_000 }]);
    const client = new Client(clientConfig(ecr));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user gave up")), 100);
    const { result, ms, requests } = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr), { abortSignal: controller.signal }));
    expect(result).toBeInstanceOf(AbortError);
    expect((result as AbortError).cause).toEqual(new Error("user gave up"));
    expect((result as AbortError).$metadata.attempts).toBe(1);
    expect(requests).toBe(1);
    expect(ms).toBeLessThan(5000);
    client.destroy();
  });

  it("aborts during the back-off sleep at once, without another attempt", async () => {
    // x-amz-retry-after far beyond the 5 s cap: the sleep is at least 5 s.
    ecr.setFaults([{ type: "status", status: 503, body: "", headers: { "x-amz-retry-after": "60000" } }]);
    const client = new Client(clientConfig(ecr));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const { result, ms, requests } = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr), { abortSignal: controller.signal }));
    expect(result).toBeInstanceOf(AbortError);
    expect(requests).toBe(1);
    expect(ms).toBeLessThan(4000);
    client.destroy();
  });

  it("aborts while credentials are still loading, sending nothing", async () => {
    const client = new Client(clientConfig(ecr, { credentials: () => new Promise(() => {}) }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const { result, ms, requests } = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr), { abortSignal: controller.signal }));
    expect(result).toBeInstanceOf(AbortError);
    expect((result as AbortError).$metadata.attempts).toBe(0);
    expect(requests).toBe(0);
    expect(ms).toBeLessThan(5000);
  });

  it("times out credentials that never arrive, once (a retry would wait on the same load)", async () => {
    const client = new Client(clientConfig(ecr, { credentials: () => new Promise(() => {}), requestTimeoutMs: 150 }));
    const { result, requests } = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(result).toBeInstanceOf(TimeoutError);
    expect((result as Error).message).toContain("waiting for credentials");
    expect((result as TimeoutError).$metadata).toMatchObject({ attempts: 0, totalRetryDelay: 0 });
    expect(requests).toBe(0);
  });

  it("keeps the status and request id when aborted while reading the body", async () => {
    ecr.setFaults([{ type: "slow-drip", chunkBytes: 1, intervalMs: 100, times: 1 }]);
    const client = new Client(clientConfig(ecr));
    const { result } = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr), { abortSignal: AbortSignal.timeout(300) }));
    expect(result).toBeInstanceOf(AbortError);
    expect((result as AbortError).$metadata).toMatchObject({ attempts: 1, httpStatusCode: 200 });
    expect((result as AbortError).$metadata.requestId).toMatch(/\S/);
  });

  it("times out a request handler that ignores the abort signal", async () => {
    const stuck = { handle: () => new Promise<never>(() => {}) };
    const client = new Client(clientConfig(ecr, { requestHandler: stuck, requestTimeoutMs: 150, maxAttempts: 2 }));
    const { result, ms } = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(result).toBeInstanceOf(TimeoutError);
    expect((result as TimeoutError).$metadata.attempts).toBe(2);
    expect(ms).toBeLessThan(5000);
  });

  it("treats a requestTimeoutMs beyond setTimeout's range as no practical limit", async () => {
    const client = new Client(clientConfig(ecr, { requestTimeoutMs: 2 ** 32 }));
    const { result } = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(result).not.toBeInstanceOf(Error);
    client.destroy();
  });

  it("sends nothing when the signal is already aborted", async () => {
    const client = new Client(clientConfig(ecr));
    const { result, requests } = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr), { abortSignal: AbortSignal.abort() }));
    expect(result).toBeInstanceOf(AbortError);
    expect((result as AbortError).$metadata.attempts).toBe(0);
    expect(requests).toBe(0);
  });
});

describe("clock skew", () => {
  it("corrects the clock from the server's Date and retries once when the signature expired", async () => {
    ecr.setClockSkew(10 * 60_000);
    const client = new EcrLayerClient(clientConfig(ecr));
    const { result, requests } = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    if (result instanceof Error) throw result;
    expect(requests).toBe(2);
    expect(result.$metadata.attempts).toBe(2);
    expect(result.$metadata.totalRetryDelay).toBe(0);
    expect(Math.abs(client.systemClockOffset - 10 * 60_000)).toBeLessThan(2500);
    // The corrected clock holds for later calls.
    expect((await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr)))).requests).toBe(1);
    client.destroy();
  });

  it("retries every concurrent call that was signed with the wrong clock, not only the first", async () => {
    ecr.setClockSkew(10 * 60_000);
    const client = new EcrLayerClient(clientConfig(ecr));
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => client.getDownloadUrlForLayer(firstLayer(ecr))));
    expect(results.map((r) => r.$metadata.attempts)).toEqual([2, 2, 2, 2, 2]);
    client.destroy();
  });

  it("gives a credential reload failure on a retry the attempts made so far", async () => {
    let loads = 0;
    // Expiring within the refresh window: every attempt loads afresh; the second load fails.
    const credentials = async () => {
      if (++loads > 1) throw new Error("token service down");
      return { ...FAKE_CREDENTIALS, expiration: new Date(Date.now() + 60_000) };
    };
    ecr.setFaults([{ type: "status", status: 503, body: "", times: 1 }]);
    const client = new EcrLayerClient(clientConfig(ecr, { credentials }));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error.name).toBe("EcrConfigError");
    expect(error.message).toContain("token service down");
    // Two tries, one request: the second try never got as far as sending.
    expect(error.$metadata.attempts).toBe(1);
  });

  it("works behind a clock that is late, too", async () => {
    ecr.setClockSkew(-30 * 60_000);
    const client = new EcrLayerClient(clientConfig(ecr));
    const { result } = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    if (result instanceof Error) throw result;
    expect(result.$metadata.attempts).toBe(2);
    client.destroy();
  });

  it("gives the skew error when no attempt is left to retry with", async () => {
    ecr.setClockSkew(10 * 60_000);
    const client = new EcrLayerClient(clientConfig(ecr, { maxAttempts: 1 }));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error.name).toBe("InvalidSignatureException");
    expect(error.message).toMatch(/Signature expired/);
  });

  it("uses a configured systemClockOffset from the first request", async () => {
    ecr.setClockSkew(10 * 60_000);
    const client = new EcrLayerClient(clientConfig(ecr, { systemClockOffset: 10 * 60_000 }));
    const { result, requests } = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    if (result instanceof Error) throw result;
    expect(requests).toBe(1);
    client.destroy();
  });
});

describe.each(runtimes)("response bodies over $name", ({ Client }) => {
  it("retries a connection dropped mid-body; with no retries left it is a NetworkError", async () => {
    ecr.setFaults([{ type: "drop-mid-body", times: 1 }]);
    const client = new Client(clientConfig(ecr));
    const retried = await counting(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    if (retried.result instanceof Error) throw retried.result;
    expect(retried.requests).toBe(2);
    expect(retried.result.$metadata.attempts).toBe(2);

    ecr.setFaults([{ type: "drop-mid-body", times: 1 }]);
    const once = new Client(clientConfig(ecr, { maxAttempts: 1 }));
    const error = await thrown(() => once.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain(ecr.endpoint);
    // The headers had come: what is known of the response is kept.
    expect(error.$metadata.attempts).toBe(1);
    expect(error.$metadata.httpStatusCode).toBe(200);
    client.destroy();
    once.destroy();
  });

  it.each([false, true])("stops reading a 64 MB error body at 256 KiB (chunked: %s), then works on", async (chunked) => {
    ecr.setFaults([{ type: "huge-error", bytes: 64 * 1024 * 1024, chunked, times: 1 }]);
    const client = new Client(clientConfig(ecr, { maxAttempts: 1 }));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error.$metadata.httpStatusCode).toBe(500);
    expect(error.$metadata.attempts).toBe(1);
    expect(error.message.length).toBeLessThan(2048);
    const after = await client.getDownloadUrlForLayer(firstLayer(ecr));
    expect(after.layerDigest).toBe(firstLayer(ecr).layerDigest);
    client.destroy();
  });
});
