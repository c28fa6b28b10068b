// The fake ECR of the download phase, in a process of its own (separate from the per-call
// server, so the per-call numbers never share a process with a 512 MiB heap). Holds one
// layer of BENCH_DOWNLOAD_MIB MiB of random bytes (crypto.randomFillSync, 64 MiB at a
// time: incompressible, and nothing is repeated); the fake computes its sha256 digest.
// Before announcing itself, it downloads the first 64 MiB of the layer from itself once.
// Prints one JSON line on stdout once listening:
//   {endpoint, region, repositoryName, layerDigest, size, credentials, warmupBytes, prepareMs}
// Reads commands on stdin, one per line:
//   "url"   -> {"downloadUrl": ...}: a fresh pre-signed URL for the layer (as
//              GetDownloadUrlForLayer would give it), for the floors
//   "stats" -> {"statuses": {"200": n, ...}, "blobs": n, "api": n}
// and exits when stdin ends.
import { randomFillSync } from "node:crypto";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";

const { FAKE_CREDENTIALS, startFakeEcr } = await import(process.env.BENCH_TESTING_MODULE ?? "ecr-layer-url/testing");

const REPOSITORY = "bench-download";
const MIB = 1024 * 1024;
const PIECE = 64 * MIB;
const size = Math.round(Number(process.env.BENCH_DOWNLOAD_MIB ?? "512") * MIB);
if (!(size > 0)) throw new Error(`bad BENCH_DOWNLOAD_MIB ${process.env.BENCH_DOWNLOAD_MIB}`);

const started = performance.now();
const ecr = await startFakeEcr({ urlTtlSeconds: 3600 });
let layerDigest;
{
  let bytes = Buffer.allocUnsafeSlow(size);
  for (let offset = 0; offset < size; offset += PIECE) randomFillSync(bytes, offset, Math.min(PIECE, size - offset));
  // addLayer keeps its own copy; ours is dropped at the end of this block.
  layerDigest = ecr.addLayer(REPOSITORY, bytes);
  bytes = undefined;
}
// One unrecorded GET (of the first 64 MiB at most, with Range) from this process, so
// that the first measured download does not pay for the server's first one.
const warmupBytes = await new Promise((resolve, reject) => {
  const headers = { range: `bytes=0-${Math.min(size, PIECE) - 1}` };
  http
    .get(ecr.downloadUrl(REPOSITORY, layerDigest), { headers }, (res) => {
      let n = 0;
      res.on("data", (chunk) => (n += chunk.length));
      res.on("end", () => (res.statusCode === 206 || res.statusCode === 200 ? resolve(n) : reject(new Error(`warm-up GET: HTTP ${res.statusCode}`))));
      res.on("error", reject);
    })
    .on("error", reject);
});
ecr.requests.length = 0;
const prepareMs = performance.now() - started;

process.stdout.write(
  `${JSON.stringify({
    endpoint: ecr.endpoint,
    region: ecr.region,
    repositoryName: REPOSITORY,
    layerDigest,
    size,
    credentials: { accessKeyId: FAKE_CREDENTIALS.accessKeyId, secretAccessKey: FAKE_CREDENTIALS.secretAccessKey },
    warmupBytes,
    prepareMs,
  })}\n`,
);

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line === "url") {
    process.stdout.write(`${JSON.stringify({ downloadUrl: ecr.downloadUrl(REPOSITORY, layerDigest) })}\n`);
  } else if (line === "stats") {
    const statuses = {};
    const counts = { api: 0, blob: 0 };
    for (const record of ecr.requests) {
      statuses[record.status] = (statuses[record.status] ?? 0) + 1;
      counts[record.kind] = (counts[record.kind] ?? 0) + 1;
    }
    process.stdout.write(`${JSON.stringify({ statuses, api: counts.api, blobs: counts.blob })}\n`);
  }
});
lines.on("close", async () => {
  await ecr.close();
  process.exit(0);
});
