import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AbortError, LayersNotFoundException } from "../../src/node.js";
import { apiRequests, clientConfig, fakeEcr, firstLayer, runtimes, thrown } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";
import type { LayerInfo } from "../../src/testing/index.js";

let ecr: FakeEcr;
beforeAll(async () => {
  ecr = await fakeEcr();
});
beforeEach(() => ecr.setFaults([]));
afterAll(() => ecr.close());

/** The API requests made while `fn` runs. */
async function apiCalls<T>(fn: () => Promise<T>): Promise<{ result: T; calls: number }> {
  const before = apiRequests(ecr).length;
  const result = await fn();
  return { result, calls: apiRequests(ecr).length - before };
}

describe.each(runtimes)("the URL cache over $name", ({ Client }) => {
  it("answers a repeated call from the cache: no request, fromCache true, attempts 0", async () => {
    const client = new Client(clientConfig(ecr));
    const layer = firstLayer(ecr);
    const first = await apiCalls(() => client.getDownloadUrlForLayer(layer));
    expect(first.calls).toBe(1);
    expect(first.result.$metadata).toMatchObject({ attempts: 1, fromCache: false, httpStatusCode: 200 });
    const second = await apiCalls(() => client.getDownloadUrlForLayer(layer));
    expect(second.calls).toBe(0);
    expect(second.result.$metadata).toEqual({ attempts: 0, totalRetryDelay: 0, fromCache: true });
    expect(second.result.downloadUrl).toBe(first.result.downloadUrl);
    expect(second.result.expiresAt?.getTime()).toBe(first.result.expiresAt?.getTime());
    // Each caller gets its own copy: changing one answer changes no later one.
    second.result.downloadUrl = "changed";
    second.result.expiresAt?.setTime(0);
    const third = await client.getDownloadUrlForLayer(layer);
    expect(third.downloadUrl).toBe(first.result.downloadUrl);
    expect(third.expiresAt?.getTime()).toBe(first.result.expiresAt?.getTime());
    // A cached answer is redacted in util.inspect like a fresh one.
    const signature = new URL(third.downloadUrl).searchParams.get("X-Amz-Signature")!;
    expect(inspect(third)).not.toContain(signature);
    client.destroy();
  });

  it("sends every call with urlCache: false", async () => {
    const client = new Client(clientConfig(ecr, { urlCache: false }));
    const layer = firstLayer(ecr);
    const { calls, result } = await apiCalls(async () => {
      await client.getDownloadUrlForLayer(layer);
      return client.getDownloadUrlForLayer(layer);
    });
    expect(calls).toBe(2);
    expect(result.$metadata.fromCache).toBe(false);
    client.destroy();
  });

  it("stops using a URL 60 s before it expires", async () => {
    // 62 s URLs: fresh for the cache for the first 1-2 s (X-Amz-Date has 1 s resolution), then not.
    const shortLived = await fakeEcr({ urlTtlSeconds: 62 });
    try {
      const client = new Client(clientConfig(shortLived));
      const layer = firstLayer(shortLived);
      const first = await client.getDownloadUrlForLayer(layer);
      const cached = await client.getDownloadUrlForLayer(layer);
      expect(cached.$metadata.fromCache).toBe(true);
      const waitMs = first.expiresAt!.getTime() - 60_000 - Date.now() + 50;
      expect(waitMs).toBeLessThan(2_100);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, waitMs)));
      const before = shortLived.requests.length;
      const renewed = await client.getDownloadUrlForLayer(layer);
      expect(renewed.$metadata.fromCache).toBe(false);
      expect(shortLived.requests.length - before).toBe(1);
      client.destroy();
    } finally {
      await shortLived.close();
    }
  });

  it("never caches a URL that expires within 60 s", async () => {
    const brief = await fakeEcr({ urlTtlSeconds: 30 });
    try {
      const client = new Client(clientConfig(brief));
      const layer = firstLayer(brief);
      await client.getDownloadUrlForLayer(layer);
      const again = await client.getDownloadUrlForLayer(layer);
      expect(again.$metadata.fromCache).toBe(false);
      expect(brief.requests.filter((r) => r.kind === "api")).toHaveLength(2);
      client.destroy();
    } finally {
      await brief.close();
    }
  });

  it("keeps at most urlCacheSize URLs, dropping the least recently used", async () => {
    const client = new Client(clientConfig(ecr, { urlCacheSize: 2 }));
    const [a, b, c] = [0, 1, 2].map((i) => ecr.layers[i]!) as [LayerInfo, LayerInfo, LayerInfo];
    const call = (layer: { repositoryName: string; layerDigest: string }) =>
      client.getDownloadUrlForLayer({ repositoryName: layer.repositoryName, layerDigest: layer.layerDigest });
    await call(a);
    await call(b);
    await call(a); // a is now the most recently used
    expect((await apiCalls(() => call(c))).calls).toBe(1); // evicts b
    expect((await apiCalls(() => call(a))).calls).toBe(0);
    expect((await apiCalls(() => call(b))).calls).toBe(1);
    client.destroy();
  });

  it("shares one request among concurrent calls for the same layer", async () => {
    const client = new Client(clientConfig(ecr));
    const layer = firstLayer(ecr, "team/app");
    // Held 100 ms at the server, so the calls surely overlap.
    ecr.setFaults([{ type: "delay", ms: 100 }]);
    const { result, calls } = await apiCalls(() => Promise.all(Array.from({ length: 10 }, () => client.getDownloadUrlForLayer(layer))));
    expect(calls).toBe(1);
    expect(new Set(result.map((r) => r.downloadUrl)).size).toBe(1);
    for (const r of result) expect(r.$metadata).toMatchObject({ attempts: 1, fromCache: false });
    // Different objects, all the same answer.
    expect(new Set(result).size).toBe(10);
    client.destroy();
  });

  it("gives every concurrent caller the shared error, and caches no error", async () => {
    const client = new Client(clientConfig(ecr));
    const layer = { repositoryName: "team/app", layerDigest: `sha256:${"e".repeat(64)}` };
    const { result, calls } = await apiCalls(() => Promise.allSettled([client.getDownloadUrlForLayer(layer), client.getDownloadUrlForLayer(layer)]));
    expect(calls).toBe(1);
    for (const r of result) expect(r.status === "rejected" && r.reason).toBeInstanceOf(LayersNotFoundException);
    const again = await apiCalls(() => thrown(() => client.getDownloadUrlForLayer(layer)));
    expect(again.calls).toBe(1);
    expect(again.result).toBeInstanceOf(LayersNotFoundException);
    client.destroy();
  });

  it("lets one concurrent caller abort without failing the others; all aborting cancels the request", async () => {
    const client = new Client(clientConfig(ecr));
    const layer = firstLayer(ecr, "team/app");
    ecr.setFaults([{ type: "delay", ms: 300, times: 2 }]);
    const quitter = new AbortController();
    const quitting = client.getDownloadUrlForLayer(layer, { abortSignal: quitter.signal });
    const staying = client.getDownloadUrlForLayer(layer);
    setTimeout(() => quitter.abort(new Error("not needed")), 50);
    const error = await thrown(() => quitting);
    expect(error).toBeInstanceOf(AbortError);
    expect((error.cause as Error).message).toBe("not needed");
    expect((await staying).downloadUrl).toContain("/blobs/");

    // Now every caller aborts: the shared request is cancelled, the server sees its connection go.
    const other = firstLayer(ecr);
    const controllers = [new AbortController(), new AbortController()];
    const before = apiRequests(ecr).length;
    const calls = controllers.map((c) => client.getDownloadUrlForLayer(other, { abortSignal: c.signal }));
    setTimeout(() => controllers.forEach((c) => c.abort()), 50);
    for (const call of calls) expect(await thrown(() => call)).toBeInstanceOf(AbortError);
    const sent = apiRequests(ecr).slice(before);
    expect(sent).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(sent[0]!.status).toBe(0); // never answered: the connection was gone when the delay ended
    client.destroy();
  });

  it("asks ECR anew with refresh: true, and caches the new answer", async () => {
    const client = new Client(clientConfig(ecr));
    const layer = firstLayer(ecr);
    await client.getDownloadUrlForLayer(layer);
    const refreshed = await apiCalls(() => client.getDownloadUrlForLayer(layer, { refresh: true }));
    expect(refreshed.calls).toBe(1);
    expect(refreshed.result.$metadata.fromCache).toBe(false);
    const cached = await client.getDownloadUrlForLayer(layer);
    expect(cached.$metadata.fromCache).toBe(true);
    expect(cached.downloadUrl).toBe(refreshed.result.downloadUrl);
    client.destroy();
  });

  it("drops a URL whose bytes failed verification: the next download asks ECR again", async () => {
    const client = new Client(clientConfig(ecr));
    const layer = firstLayer(ecr, "team/app");
    const first = await client.getDownloadUrlForLayer(layer);
    ecr.setFaults([{ type: "corrupt", match: "blob", times: 1 }]);
    const tampered = await client.downloadLayer(layer);
    await expect(new Response(tampered.body).arrayBuffer()).rejects.toMatchObject({ name: "LayerDigestMismatchError" });
    expect(tampered.downloadUrl).toBe(first.downloadUrl); // it came from the cache
    const { calls, result } = await apiCalls(() => client.getDownloadUrlForLayer(layer));
    expect(calls).toBe(1);
    expect(result.$metadata.fromCache).toBe(false);
    client.destroy();
  });

  it("keys by registry, repository and digest: an explicit registryId is its own entry", async () => {
    const client = new Client(clientConfig(ecr));
    const layer = firstLayer(ecr);
    const { calls } = await apiCalls(async () => {
      await client.getDownloadUrlForLayer(layer);
      await client.getDownloadUrlForLayer({ ...layer, registryId: ecr.registryId });
      await client.getDownloadUrlForLayer({ ...layer, registryId: ecr.registryId });
    });
    expect(calls).toBe(2);
    client.destroy();
  });
});

describe("URL cache configuration", () => {
  it.each([
    [{ urlCache: "yes" }, /^Invalid urlCache: expected true or false, got "yes"$/],
    [{ urlCacheSize: 0 }, /^urlCacheSize must be a finite number >= 1, got 0$/],
    [{ urlCacheSize: 2.5 }, /^urlCacheSize must be a whole number, got 2.5$/],
  ])("rejects %o", (config, message) => {
    const [{ Client }] = runtimes;
    expect(() => new Client(config as object)).toThrow(message);
  });
});
