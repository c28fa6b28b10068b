/**
 * body.cancel() while the download is getting a fresh URL because the one in use expired.
 * Once the URL call returns, no GET may go out for a download that has already ended, and
 * no socket may be left busy (a regression guard: the first version sent one and left it
 * open, keeping the process alive).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EcrLayerClient } from "../../../src/node.js";
import { clientConfig, fakeEcr } from "../helpers.js";
import type { FakeEcr } from "../helpers.js";
import { RedirectHandler, sleep, startBlobServer } from "./helpers.js";
import type { BlobServer } from "./helpers.js";

const REPO = "edges/refresh";
const SIZE = 8 * 1024 * 1024;
let ecr: FakeEcr;
let blobs: BlobServer;
let bytes: Buffer;
let layerDigest: string;

beforeAll(async () => {
  // URLs valid for 2 s, so the one in use expires mid-download.
  ecr = await fakeEcr({ urlTtlSeconds: 2 });
  bytes = randomBytes(SIZE);
  layerDigest = ecr.addLayer(REPO, bytes);
  blobs = await startBlobServer((req, res, n) => {
    if (n === 1) {
      // The first answer sends 64 KiB and then hangs until the test drops it.
      res.writeHead(200, { "content-length": String(SIZE) });
      res.write(bytes.subarray(0, 64 * 1024));
      return;
    }
    const start = Number(/bytes=(\d+)-/.exec(req.headers.range ?? "")?.[1] ?? 0);
    res.writeHead(start ? 206 : 200, { "content-length": String(SIZE - start), ...(start ? { "content-range": `bytes ${start}-${SIZE - 1}/${SIZE}` } : {}) });
    res.end(bytes.subarray(start));
  });
});
afterAll(async () => {
  await blobs.close();
  await ecr.close();
});

it("sends no request and holds no connection after the body is cancelled during a URL refresh", async () => {
  const handler = new RedirectHandler(blobs.port);
  const client = new EcrLayerClient(clientConfig(ecr, { requestHandler: handler }));
  try {
    const out = await client.downloadLayer({ repositoryName: REPO, layerDigest });
    const reader = out.body.getReader();
    // Read all 64 KiB sent, so the next read waits on the network.
    for (let got = 0; got < 64 * 1024; ) {
      const { done, value } = await reader.read();
      expect(done).toBe(false);
      got += value!.byteLength;
    }
    await sleep(2300); // the URL has expired
    ecr.setFaults([{ type: "delay", ms: 1500, match: "api" }]); // the refresh takes a while
    blobs.requests[0]!.res.socket!.destroy(); // the connection drops
    void reader.read().catch(() => {}); // the pull: resume -> URL expired -> refresh
    await sleep(400);
    const cancelledAt = Date.now();
    await reader.cancel(new Error("not interested any more"));
    await sleep(2500); // the refresh has answered by now
    const after = blobs.requests.filter((r) => r.at >= cancelledAt);
    expect.soft(after.map((r) => r.range), "GETs sent after cancel()").toEqual([]);
    expect.soft(blobs.connections(), "blob connections still open").toBe(0);
  } finally {
    handler.destroy();
  }
});
