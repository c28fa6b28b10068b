import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AbortError, EcrInputError, LayersNotFoundException, NodeHttpHandler, RepositoryNotFoundException } from "../../src/node.js";
import type { HttpHandler, HttpRequest } from "../../src/node.js";
import { apiRequests, clientConfig, fakeEcr, runtimes, thrown } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";

let ecr: FakeEcr;
let digests: string[];
beforeAll(async () => {
  ecr = await fakeEcr();
  digests = Array.from({ length: 20 }, (_, i) => ecr.addLayer("batch/repo", `batch layer ${i}`));
});
beforeEach(() => ecr.setFaults([]));
afterAll(() => ecr.close());

/** A real node:http transport that records how many requests it had in flight at most. */
class CountingHandler implements HttpHandler {
  readonly inner = new NodeHttpHandler();
  inFlight = 0;
  peak = 0;
  async handle(request: HttpRequest, options?: { abortSignal?: AbortSignal }) {
    this.peak = Math.max(this.peak, ++this.inFlight);
    try {
      const answer = await this.inner.handle(request, options);
      // Count until the body is read: the request is in flight until then.
      (answer.response.body as NodeJS.ReadableStream).once("end", () => this.inFlight--);
      return answer;
    } catch (error) {
      this.inFlight--;
      throw error;
    }
  }
  destroy() {
    this.inner.destroy();
  }
}

describe.each(runtimes)("getDownloadUrlsForLayers over $name", ({ Client }) => {
  it("reports each digest on its own, in input order: URLs, a missing layer, a malformed digest", async () => {
    const client = new Client(clientConfig(ecr));
    const missing = `sha256:${"0".repeat(64)}`;
    const input = [digests[0]!, missing, "not-a-digest", digests[1]!];
    const results = await client.getDownloadUrlsForLayers({ repositoryName: "batch/repo", layerDigests: input });
    expect(results.map((r) => r.layerDigest)).toEqual(input);
    for (const i of [0, 3]) {
      expect(results[i]!.error).toBeUndefined();
      expect(new URL(results[i]!.downloadUrl!).origin).toBe(ecr.endpoint);
      expect(results[i]!.expiresAt).toBeInstanceOf(Date);
    }
    expect(results[1]!.error).toBeInstanceOf(LayersNotFoundException);
    expect(results[1]!.downloadUrl).toBeUndefined();
    expect(results[2]!.error).toBeInstanceOf(EcrInputError);
    expect(results[2]!.error!.message).toContain('"not-a-digest"');
    // The malformed digest was never sent; the other three were.
    expect(apiRequests(ecr).filter((r) => r.body.includes("not-a-digest"))).toHaveLength(0);
    client.destroy();
  });

  it("reports a repository that does not exist on every item", async () => {
    const client = new Client(clientConfig(ecr));
    const results = await client.getDownloadUrlsForLayers({ repositoryName: "no/such-repo", layerDigests: digests.slice(0, 3) });
    expect(results).toHaveLength(3);
    for (const r of results) expect(r.error).toBeInstanceOf(RepositoryNotFoundException);
    client.destroy();
  });

  it("answers an empty list with an empty list, sending nothing", async () => {
    const client = new Client(clientConfig(ecr));
    const before = ecr.requests.length;
    expect(await client.getDownloadUrlsForLayers({ repositoryName: "batch/repo", layerDigests: [] })).toEqual([]);
    expect(ecr.requests.length).toBe(before);
    client.destroy();
  });

  it("asks once for a digest listed twice", async () => {
    const client = new Client(clientConfig(ecr, { urlCache: true }));
    const before = apiRequests(ecr).length;
    const results = await client.getDownloadUrlsForLayers({ repositoryName: "batch/repo", layerDigests: [digests[5]!, digests[5]!] });
    expect(apiRequests(ecr).length - before).toBe(1);
    expect(results[0]!.downloadUrl).toBe(results[1]!.downloadUrl);
    client.destroy();
  });

  it("rejects malformed batch input before sending anything", async () => {
    const client = new Client(clientConfig(ecr));
    const before = ecr.requests.length;
    const cases: Array<[unknown, unknown, RegExp]> = [
      [{ repositoryName: "Bad Name", layerDigests: digests }, undefined, /^repositoryName "Bad Name" does not match the pattern/],
      [{ repositoryName: "batch/repo", layerDigests: "sha256:abc" }, undefined, /^layerDigests must be an array of digests, got string$/],
      [{ repositoryName: "batch/repo", layerDigests: digests, registryId: "12" }, undefined, /^registryId "12" does not match the pattern/],
      [{ repositoryName: "batch/repo", layerDigests: digests }, { concurrency: 0 }, /^concurrency must be a whole number >= 1, got 0$/],
      [{ repositoryName: "batch/repo", layerDigests: digests }, { concurrency: 1.5 }, /^concurrency must be a whole number >= 1, got 1.5$/],
    ];
    for (const [input, options, message] of cases) {
      const error = await thrown(() => client.getDownloadUrlsForLayers(input as never, options as never));
      expect(error).toBeInstanceOf(EcrInputError);
      expect(error.message).toMatch(message);
    }
    expect(ecr.requests.length).toBe(before);
    client.destroy();
  });

  it("rejects with AbortError when aborted", async () => {
    const client = new Client(clientConfig(ecr, { urlCache: false }));
    ecr.setFaults([{ type: "delay", ms: 300 }]);
    const controller = new AbortController();
    const batch = client.getDownloadUrlsForLayers({ repositoryName: "batch/repo", layerDigests: digests }, { abortSignal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 50);
    const error = await thrown(() => batch);
    expect(error).toBeInstanceOf(AbortError);
    client.destroy();
  });
});

describe("getDownloadUrlsForLayers concurrency (node:http)", () => {
  const [{ Client }] = runtimes;
  it.each([
    [undefined, 8],
    [3, 3],
    [1, 1],
  ])("concurrency %s keeps at most %i requests in flight, with results in input order", async (concurrency, peak) => {
    const handler = new CountingHandler();
    const client = new Client(clientConfig(ecr, { requestHandler: handler, urlCache: false }));
    // Each answer held 40 ms, so the workers surely overlap.
    ecr.setFaults([{ type: "delay", ms: 40 }]);
    const results = await client.getDownloadUrlsForLayers({ repositoryName: "batch/repo", layerDigests: digests }, { concurrency });
    expect(handler.peak).toBe(peak);
    expect(results.map((r) => r.layerDigest)).toEqual(digests);
    for (const r of results) expect(r.error).toBeUndefined();
    handler.destroy();
  });
});
