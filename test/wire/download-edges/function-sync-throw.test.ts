/**
 * The downloadLayer / downloadLayerToFile functions, like getDownloadUrlForLayer and
 * getDownloadUrlsForLayers, reject the promise they return for a bad client option; they
 * never throw out of the call.
 */
import { describe, expect, it } from "vitest";
import { downloadLayer as webDownloadLayer } from "../../../src/index.js";
import { EcrConfigError, downloadLayer, downloadLayerToFile, getDownloadUrlForLayer } from "../../../src/node.js";

const input = { repositoryName: "edges/repo", layerDigest: `sha256:${"a".repeat(64)}` };

describe("function forms with a bad client option", () => {
  it("getDownloadUrlForLayer rejects (the reference behaviour)", async () => {
    let result: unknown;
    expect(() => (result = getDownloadUrlForLayer(input, { maxAttempts: 0 }))).not.toThrow();
    await expect(result).rejects.toBeInstanceOf(EcrConfigError);
  });

  it("downloadLayer (Node) rejects rather than throwing synchronously", async () => {
    let result: unknown;
    expect(() => (result = downloadLayer(input, { maxAttempts: 0 }))).not.toThrow();
    await expect(result).rejects.toBeInstanceOf(EcrConfigError);
  });

  it("downloadLayer (agnostic entry) rejects rather than throwing synchronously", async () => {
    let result: unknown;
    expect(() => (result = webDownloadLayer(input, { maxAttempts: 0 }))).not.toThrow();
    await expect(result).rejects.toBeInstanceOf(EcrConfigError);
  });

  it("downloadLayerToFile rejects rather than throwing synchronously", async () => {
    let result: unknown;
    expect(() => (result = downloadLayerToFile(input, "/tmp/x", { urlCacheSize: 0 }))).not.toThrow();
    await expect(result).rejects.toBeInstanceOf(EcrConfigError);
  });
});
