import { describe, expect, it } from "vitest";
import { cachedCredentials, REFRESH_WINDOW_MS } from "../src/credentials.js";
import { EcrConfigError } from "../src/errors.js";

const keys = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

describe("credentials cache", () => {
  it("resolves a provider once for concurrent and later calls", async () => {
    let calls = 0;
    const provider = cachedCredentials(async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      return keys;
    });
    const results = await Promise.all([provider(), provider(), provider()]);
    await provider();
    expect(calls).toBe(1);
    expect(results.every((r) => r === results[0])).toBe(true);
  });

  it("refreshes credentials 5 minutes before they expire, not earlier", async () => {
    let now = 1_000_000_000;
    let calls = 0;
    const provider = cachedCredentials(
      async () => ({ ...keys, sessionToken: `token-${++calls}`, expiration: new Date(1_000_000_000 + 3_600_000) }),
      () => now,
    );
    expect((await provider()).sessionToken).toBe("token-1");
    now = 1_000_000_000 + 3_600_000 - REFRESH_WINDOW_MS - 1;
    expect((await provider()).sessionToken).toBe("token-1");
    now += 2;
    expect((await provider()).sessionToken).toBe("token-2");
  });

  it("does not cache a failure", async () => {
    let calls = 0;
    const provider = cachedCredentials(async () => {
      if (++calls === 1) throw new Error("IMDS timed out");
      return keys;
    });
    await expect(provider()).rejects.toThrow(/Could not load AWS credentials: IMDS timed out/);
    await expect(provider()).resolves.toEqual(keys);
  });

  it.each([
    [null, /must be an object/],
    [{ accessKeyId: "", secretAccessKey: "x" }, /accessKeyId must be a non-empty string/],
    [{ accessKeyId: "AKID" }, /secretAccessKey must be a non-empty string/],
    [{ ...keys, sessionToken: 5 }, /sessionToken must be a non-empty string/],
    [{ ...keys, sessionToken: "tok\nen" }, /sessionToken contains a control character/],
    [{ ...keys, expiration: "next tuesday" }, /expiration must be a Date/],
  ])("rejects malformed credentials without quoting them (%#)", async (value, message) => {
    const error = await cachedCredentials(async () => value as never)().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcrConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("AKID");
  });
});

describe("credentials expiry given as a string", () => {
  it("accepts an ISO string and refreshes by it", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    let calls = 0;
    const provider = cachedCredentials(async () => ({ ...keys, sessionToken: `t${++calls}`, expiration: "2026-01-01T01:00:00Z" as unknown as Date }), () => now);
    expect((await provider()).expiration).toEqual(new Date("2026-01-01T01:00:00Z"));
    now = Date.parse("2026-01-01T00:56:00Z");
    expect((await provider()).sessionToken).toBe("t2");
  });

});
