/**
 * Option checks that name the bad value before anything is sent:
 * - downloadLayer's requestTimeoutMs must be finite (Infinity used to reach the URL call
 *   and come back as EcrConfigError "… got null");
 * - getDownloadUrlsForLayers checks requestTimeoutMs once, rather than every item failing;
 * - null options mean none (they were a bare TypeError, then an error), and a bad abortSignal
 *   is an EcrInputError.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { EcrInputError, EcrLayerClient } from "../../../src/node.js";
import { clientConfig, fakeEcr } from "../helpers.js";
import type { FakeEcr } from "../helpers.js";

let ecr: FakeEcr;
let client: EcrLayerClient;
let layerDigest: string;
beforeAll(async () => {
  ecr = await fakeEcr();
  layerDigest = ecr.addLayer("edges/options", "abc");
  client = new EcrLayerClient(clientConfig(ecr));
});
afterAll(async () => {
  client.destroy();
  await ecr.close();
});

it("downloadLayer: requestTimeoutMs Infinity is either accepted or refused as the download's own input error", async () => {
  const outcome = await client.downloadLayer({ repositoryName: "edges/options", layerDigest }, { requestTimeoutMs: Infinity }).then(
    async (out) => (await out.body.cancel(), undefined),
    (e: unknown) => e as Error,
  );
  if (outcome !== undefined) {
    expect(outcome).toBeInstanceOf(EcrInputError);
    expect(outcome.message).not.toContain("got null");
  }
});

it("getDownloadUrlsForLayers rejects a bad requestTimeoutMs before sending anything", async () => {
  await expect(client.getDownloadUrlsForLayers({ repositoryName: "edges/options", layerDigests: [layerDigest] }, { requestTimeoutMs: -5 })).rejects.toThrow(/requestTimeoutMs/);
});

it("getDownloadUrlsForLayers(input, null) takes null as no options, as a single call does; a non-object is an EcrInputError", async () => {
  const results = await client.getDownloadUrlsForLayers({ repositoryName: "edges/options", layerDigests: [layerDigest] }, null as never);
  expect(results.map((r) => r.layerDigest)).toEqual([layerDigest]);
  expect(results[0]!.downloadUrl).toBeTypeOf("string");
  await expect(client.getDownloadUrlsForLayers({ repositoryName: "edges/options", layerDigests: [layerDigest] }, "fast" as never)).rejects.toThrow(EcrInputError);
});

it("downloadLayer(input, null) takes null as no options; an abortSignal that is not one is an EcrInputError", async () => {
  const { body } = await client.downloadLayer({ repositoryName: "edges/options", layerDigest }, null as never);
  await body.cancel();
  await expect(client.downloadLayer({ repositoryName: "edges/options", layerDigest }, { abortSignal: "soon" as never })).rejects.toThrow(EcrInputError);
});
