import { describe, expect, it } from "vitest";
import { FRESHNESS_MARGIN_MS, InFlight, UrlCache } from "../src/url-cache.js";

const url = (name: string, expiresAt?: number) => ({ downloadUrl: `https://bucket/${name}`, layerDigest: `sha256:${name}`, expiresAt: expiresAt === undefined ? undefined : new Date(expiresAt) });

describe("UrlCache", () => {
  it("hands a URL out until 60 s before it expires, not after", () => {
    const cache = new UrlCache(10);
    const expires = 1_000_000;
    cache.set("k", url("a", expires));
    expect(FRESHNESS_MARGIN_MS).toBe(60_000);
    expect(cache.get("k", expires - 60_001)?.downloadUrl).toBe("https://bucket/a");
    expect(cache.get("k", expires - 60_000)).toBeUndefined();
    // A stale entry is dropped, not kept around: an earlier time no longer finds it.
    expect(cache.get("k", 0)).toBeUndefined();
  });

  it("does not keep a URL that does not say when it expires", () => {
    const cache = new UrlCache(10);
    cache.set("k", url("a"));
    expect(cache.get("k", 0)).toBeUndefined();
  });

  it("evicts the least recently used entry beyond its size", () => {
    const cache = new UrlCache(2);
    const later = 10_000_000;
    cache.set("a", url("a", later));
    cache.set("b", url("b", later));
    expect(cache.get("a", 0)).toBeDefined(); // a is now the most recently used
    cache.set("c", url("c", later));
    expect(cache.get("b", 0)).toBeUndefined();
    expect(cache.get("a", 0)?.downloadUrl).toBe("https://bucket/a");
    expect(cache.get("c", 0)?.downloadUrl).toBe("https://bucket/c");
  });

  it("replaces an entry on set; an answer without expiry removes the old one", () => {
    const cache = new UrlCache(2);
    cache.set("a", url("a", 10_000_000));
    cache.set("a", url("a2", 10_000_000));
    expect(cache.get("a", 0)?.downloadUrl).toBe("https://bucket/a2");
    cache.set("a", url("a3"));
    expect(cache.get("a", 0)).toBeUndefined();
  });
});

describe("InFlight", () => {
  function deferred<T>() {
    let resolve!: (value: T) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  }

  it("runs one call per key for concurrent callers, and a new one after it settles", async () => {
    const inFlight = new InFlight<number>();
    let started = 0;
    const gate = deferred<number>();
    const start = () => (started++, gate.promise);
    const callers = [inFlight.run("k", undefined, start), inFlight.run("k", undefined, start), inFlight.run("k", new AbortController().signal, start)];
    expect(started).toBe(1);
    gate.resolve(7);
    expect(await Promise.all(callers)).toEqual([7, 7, 7]);
    await inFlight.run("k", undefined, async () => (started++, 8));
    expect(started).toBe(2);
  });

  it("gives every caller the shared rejection", async () => {
    const inFlight = new InFlight<number>();
    const failure = new Error("boom");
    const results = await Promise.allSettled([inFlight.run("k", undefined, () => Promise.reject(failure)), inFlight.run("k", undefined, () => Promise.resolve(1))]);
    expect(results).toEqual([
      { status: "rejected", reason: failure },
      { status: "rejected", reason: failure },
    ]);
  });

  it("lets one caller give up without cancelling the call for the others", async () => {
    const inFlight = new InFlight<string>();
    const gate = deferred<string>();
    let callSignal: AbortSignal | undefined;
    const quitter = new AbortController();
    const first = inFlight.run("k", quitter.signal, (signal) => ((callSignal = signal), gate.promise));
    const second = inFlight.run("k", new AbortController().signal, () => Promise.resolve("never started"));
    quitter.abort(new Error("gave up"));
    await expect(first).rejects.toThrow("gave up");
    expect(callSignal?.aborted).toBe(false);
    gate.resolve("done");
    expect(await second).toBe("done");
  });

  it("cancels the call when every caller has given up; the last one gets the call's own error", async () => {
    const inFlight = new InFlight<string>();
    let callSignal: AbortSignal | undefined;
    const a = new AbortController();
    const b = new AbortController();
    // A call that honours its signal, failing with an error of its own.
    const start = (signal: AbortSignal) => {
      callSignal = signal;
      return new Promise<string>((_, reject) => signal.addEventListener("abort", () => reject(new Error(`call cancelled: ${(signal.reason as Error).message}`))));
    };
    const first = inFlight.run("k", a.signal, start);
    const second = inFlight.run("k", b.signal, start);
    a.abort(new Error("a"));
    expect(callSignal?.aborted).toBe(false);
    await expect(first).rejects.toThrow(/^a$/);
    b.abort(new Error("b"));
    expect(callSignal?.aborted).toBe(true);
    await expect(second).rejects.toThrow(/^call cancelled: b$/);
    expect(await inFlight.run("k", undefined, async () => "fresh")).toBe("fresh");
  });

  it("rejects at once for a signal that has already fired, starting nothing", async () => {
    const inFlight = new InFlight<string>();
    let started = false;
    await expect(inFlight.run("k", AbortSignal.abort(new Error("early")), async () => ((started = true), "x"))).rejects.toThrow("early");
    expect(started).toBe(false);
  });
});
