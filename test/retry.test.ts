import { describe, expect, it } from "vitest";
import { backoffDelay, classifyResponse, retryAfterMs, retryDelay, RetryQuota } from "../src/retry.js";

describe("standard retry mode", () => {
  it("backs off with full jitter from a 50 ms base, doubling, capped at 20 s", () => {
    expect(backoffDelay(0, "transient", () => 0.999999)).toBe(49);
    expect(backoffDelay(1, "transient", () => 0.5)).toBe(50);
    expect(backoffDelay(3, "transient", () => 1)).toBe(400);
    expect(backoffDelay(20, "transient", () => 1)).toBe(20_000);
    expect(backoffDelay(5, "transient", () => 0)).toBe(0);
  });

  it("backs off throttling from a 1 s base", () => {
    expect(backoffDelay(0, "throttling", () => 1)).toBe(1000);
    expect(backoffDelay(2, "throttling", () => 0.5)).toBe(2000);
    expect(backoffDelay(6, "throttling", () => 1)).toBe(20_000);
  });

  it("honours x-amz-retry-after (ms), retry-after seconds and dates, up to 5 s beyond the back-off", () => {
    expect(retryAfterMs({ "x-amz-retry-after": "1500" })).toBe(1500);
    expect(retryAfterMs({ "retry-after": "2" })).toBe(2000);
    expect(retryAfterMs({ "retry-after": new Date(10_000).toUTCString() }, 7_000)).toBe(3000);
    expect(retryAfterMs({ "retry-after": "soon" })).toBeUndefined();
    expect(retryAfterMs({})).toBeUndefined();
    expect(retryDelay(100, 1500)).toBe(1500);
    expect(retryDelay(100, 60_000)).toBe(5100);
    expect(retryDelay(300, 10)).toBe(300);
  });

  it.each([
    [429, undefined, "throttling"],
    [400, "ThrottlingException", "throttling"],
    [400, "TooManyRequestsException", "throttling"],
    [400, "RequestLimitExceeded", "throttling"],
    [503, "SlowDown", "throttling"],
    [500, "ServerException", "transient"],
    [500, undefined, "transient"],
    [502, undefined, "transient"],
    [503, undefined, "transient"],
    [504, undefined, "transient"],
    [400, "RequestTimeoutException", "transient"],
    [400, "LayersNotFoundException", undefined],
    [400, "RepositoryNotFoundException", undefined],
    [400, "InvalidParameterException", undefined],
    [400, "AccessDeniedException", undefined],
    [403, undefined, undefined],
    [404, undefined, undefined],
    [501, undefined, undefined],
  ])("classifies HTTP %i %s as %s", (status, code, kind) => {
    expect(classifyResponse(status, code)).toBe(kind);
  });

  it("spends 14 tokens per retry, 5 per throttling retry, from 500; refunds on success", () => {
    const quota = new RetryQuota();
    expect(quota.available).toBe(500);
    expect(quota.acquire("transient")).toBe(14);
    expect(quota.acquire("throttling")).toBe(5);
    expect(quota.available).toBe(481);
    quota.release(5);
    expect(quota.available).toBe(486);
    quota.release(undefined);
    expect(quota.available).toBe(487);
    for (let i = 0; i < 34; i++) quota.acquire("transient");
    expect(quota.available).toBe(11);
    expect(quota.acquire("transient")).toBeUndefined();
    expect(quota.available).toBe(11);
    expect(quota.acquire("throttling")).toBe(5);
  });

  it("never refills past 500", () => {
    const quota = new RetryQuota();
    quota.release(undefined);
    quota.release(14);
    expect(quota.available).toBe(500);
  });
});
