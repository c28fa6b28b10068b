/**
 * A store error (503, 403, …) whose body stalls after the headers. The caller's
 * abortSignal, cancel() and the stall timer (requestTimeoutMs) must all still end the
 * download (a regression guard: the first version read that body out of their reach, and
 * downloadLayer() / downloadLayerToFile() never settled).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AbortError, EcrLayerClient } from "../../../src/node.js";
import { clientConfig, fakeEcr } from "../helpers.js";
import type { FakeEcr } from "../helpers.js";
import { RedirectHandler, startBlobServer, within } from "./helpers.js";
import type { BlobServer } from "./helpers.js";

const REPO = "edges/stall";
let ecr: FakeEcr;
let blobs: BlobServer;
let layerDigest: string;

beforeAll(async () => {
  ecr = await fakeEcr();
  layerDigest = ecr.addLayer(REPO, randomBytes(64 * 1024));
  // Every GET: 503 SlowDown headers and the start of the XML, then nothing more.
  blobs = await startBlobServer((_req, res) => {
    res.writeHead(503, { "content-type": "application/xml", "content-length": "4000" });
    res.write("<?xml version=\"1.0\"?><Error><Code>SlowDown</Code>");
  });
});
afterAll(async () => {
  await blobs.close();
  await ecr.close();
});

describe("a store error whose body stalls", () => {
  it("abortSignal ends downloadLayer() while it reads the error body", async () => {
    const handler = new RedirectHandler(blobs.port);
    const client = new EcrLayerClient(clientConfig(ecr, { requestHandler: handler, maxAttempts: 3 }));
    const controller = new AbortController();
    const pending = client.downloadLayer({ repositoryName: REPO, layerDigest }, { abortSignal: controller.signal, requestTimeoutMs: 60_000 });
    setTimeout(() => controller.abort(new Error("user gave up")), 300);
    const outcome = await within(pending, 3000);
    handler.destroy();
    expect(outcome).not.toBe("pending");
    expect((outcome as { error?: unknown }).error).toBeInstanceOf(AbortError);
  });

  it("requestTimeoutMs bounds the wait for the error body", async () => {
    const handler = new RedirectHandler(blobs.port);
    const client = new EcrLayerClient(clientConfig(ecr, { requestHandler: handler, maxAttempts: 1 }));
    const pending = client.downloadLayer({ repositoryName: REPO, layerDigest }, { requestTimeoutMs: 200 });
    const outcome = await within(pending, 3000);
    handler.destroy();
    expect(outcome).not.toBe("pending");
    expect((outcome as { error?: unknown }).error).toBeInstanceOf(Error);
  });

  it("abortSignal ends downloadLayerToFile() and removes the temporary file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "review-stall-"));
    const handler = new RedirectHandler(blobs.port);
    const client = new EcrLayerClient(clientConfig(ecr, { requestHandler: handler, maxAttempts: 3 }));
    const controller = new AbortController();
    const pending = client.downloadLayerToFile({ repositoryName: REPO, layerDigest }, join(dir, "blob"), { abortSignal: controller.signal });
    setTimeout(() => controller.abort(new Error("user gave up")), 300);
    const outcome = await within(pending, 3000);
    handler.destroy();
    expect(outcome).not.toBe("pending");
    expect((outcome as { error?: unknown }).error).toBeInstanceOf(AbortError);
    expect(existsSync(join(dir, "blob"))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
