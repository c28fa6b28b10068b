/**
 * Edges of resuming and sharing: a 416 after the last byte, a 206 starting before the
 * offset, no abort listeners left on a long-lived signal, InFlight with mixed signal and
 * no-signal callers.
 */
import { randomBytes, createHash } from "node:crypto";
import { getEventListeners } from "node:events";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EcrLayerClient } from "../../../src/node.js";
import { InFlight } from "../../../src/url-cache.js";
import { clientConfig, fakeEcr } from "../helpers.js";
import type { FakeEcr } from "../helpers.js";
import { RedirectHandler, startBlobServer } from "./helpers.js";
import type { BlobServer } from "./helpers.js";

const REPO = "edges/probe";
const SIZE = 300_000;
let ecr: FakeEcr; let blobs: BlobServer; let bytes: Buffer; let layerDigest: string;
let mode = "416";
beforeAll(async () => {
  ecr = await fakeEcr();
  bytes = randomBytes(SIZE);
  layerDigest = ecr.addLayer(REPO, bytes);
  blobs = await startBlobServer((req, res, n) => {
    const start = Number(/bytes=(\d+)-/.exec(req.headers.range ?? "")?.[1] ?? 0);
    if (mode === "416") {
      if (n === 1) { res.writeHead(200, {}); res.write(bytes); setTimeout(() => res.socket!.destroy(), 200); return; }
      res.writeHead(416, { "content-range": `bytes */${SIZE}` }); res.end(); return;
    }
    if (mode === "206-earlier") {
      if (n === 1) { res.writeHead(200, { "content-length": String(SIZE) }); res.write(bytes.subarray(0, 100_000)); setTimeout(() => res.socket!.destroy(), 200); return; }
      const s = Math.max(0, start - 777);
      res.writeHead(206, { "content-range": `bytes ${s}-${SIZE - 1}/${SIZE}`, "content-length": String(SIZE - s) }); res.end(bytes.subarray(s)); return;
    }
    res.writeHead(200, { "content-length": String(SIZE) }); res.end(bytes);
  });
});
afterAll(async () => { await blobs.close(); await ecr.close(); });

async function readAll(body: ReadableStream<Uint8Array>) { const parts: Buffer[] = []; for await (const c of body as any) parts.push(Buffer.from(c)); return Buffer.concat(parts); }

it("416 after every byte (chunked 200, dropped before the end) completes", async () => {
  mode = "416";
  const handler = new RedirectHandler(blobs.port);
  const client = new EcrLayerClient(clientConfig(ecr, { requestHandler: handler }));
  const out = await client.downloadLayer({ repositoryName: REPO, layerDigest });
  const got = await readAll(out.body);
  expect(got.equals(bytes)).toBe(true);
  expect(blobs.requests.map((r) => r.range)).toEqual([undefined, "bytes=300000-"]);
  handler.destroy();
});

it("206 starting before the offset is skipped correctly", async () => {
  mode = "206-earlier"; blobs.requests.length = 0;
  const handler = new RedirectHandler(blobs.port);
  const client = new EcrLayerClient(clientConfig(ecr, { requestHandler: handler }));
  const progress: number[] = [];
  const out = await client.downloadLayer({ repositoryName: REPO, layerDigest }, { onProgress: (p) => progress.push(p.bytes), expectedSize: SIZE });
  const got = await readAll(out.body);
  expect(got.equals(bytes)).toBe(true);
  expect(progress.at(-1)).toBe(SIZE);
  expect(blobs.requests.map((r) => r.range)).toEqual([undefined, "bytes=100000-"]);
  handler.destroy();
});

it("no listeners left on a long-lived signal after successful downloads, batch and file", async () => {
  mode = "ok";
  const handler = new RedirectHandler(blobs.port);
  const client = new EcrLayerClient(clientConfig(ecr, { requestHandler: handler }));
  const signal = new AbortController().signal;
  const out = await client.downloadLayer({ repositoryName: REPO, layerDigest }, { abortSignal: signal });
  await readAll(out.body);
  await client.getDownloadUrlsForLayers({ repositoryName: REPO, layerDigests: [layerDigest, layerDigest] }, { abortSignal: signal });
  const dir = mkdtempSync(join(tmpdir(), "probe-"));
  await client.downloadLayerToFile({ repositoryName: REPO, layerDigest }, join(dir, "f"), { abortSignal: signal });
  expect(readFileSync(join(dir, "f")).equals(bytes)).toBe(true);
  await client.getDownloadUrlForLayer({ repositoryName: REPO, layerDigest }, { abortSignal: signal, refresh: true });
  expect(getEventListeners(signal, "abort")).toHaveLength(0);
  handler.destroy();
});

it("InFlight mixed callers", async () => {
  const f = new InFlight<number>();
  let aborted = 0;
  const start = (s: AbortSignal) => new Promise<number>((res, rej) => { const t = setTimeout(() => res(1), 100); s.addEventListener("abort", () => { aborted++; clearTimeout(t); rej(s.reason); }); });
  const cb = new AbortController();
  const a = f.run("k", undefined, start);
  const b = f.run("k", cb.signal, start);
  cb.abort(new Error("b"));
  await expect(b).rejects.toThrow("b");
  await expect(a).resolves.toBe(1);
  const ca = new AbortController();
  const a2 = f.run("k", ca.signal, start);
  const b2 = f.run("k", undefined, start);
  ca.abort(new Error("a"));
  await expect(a2).rejects.toThrow("a");
  await expect(b2).resolves.toBe(1);
  expect(aborted).toBe(0);
});
