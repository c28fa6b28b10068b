/**
 * downloadLayerToFile (Node entry) over real HTTP to the fake ECR: the file holds exactly
 * the layer, or `path` is left as it was and no temporary file remains.
 * Every expectation about bytes or digests is computed here with node:crypto.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AbortError, EcrInputError, EcrLayerClient, LayerDigestMismatchError, downloadLayerToFile } from "../../src/node.js";
import { clientConfig, fakeEcr, thrown } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";

const REPO = "dl/files";
const MB = 1024 * 1024;

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let ecr: FakeEcr;
let blob: Buffer;
let blobDigest: string;
let dir: string;

beforeAll(async () => {
  ecr = await fakeEcr();
  blob = randomBytes(3 * MB + 5);
  blobDigest = ecr.addLayer(REPO, blob);
  expect(blobDigest).toBe(sha256(blob));
});
afterAll(() => ecr.close());
beforeEach(async () => {
  ecr.setFaults([]);
  ecr.setClockSkew(0);
  dir = await mkdtemp(join(tmpdir(), "ecr-layer-file-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const layer = () => ({ repositoryName: REPO, layerDigest: blobDigest });
const blobRequests = (since: number) => ecr.requests.slice(since).filter((r) => r.kind === "blob");

describe("downloadLayerToFile (node:http)", () => {
  it("writes the exact bytes to path and says so", async () => {
    const client = new EcrLayerClient(clientConfig(ecr));
    const path = join(dir, "layer.tar.gz");
    const out = await client.downloadLayerToFile(layer(), path);
    expect(out).toEqual({ path, size: blob.length, layerDigest: sha256(blob) });
    const written = await readFile(path);
    expect(written.length).toBe(blob.length);
    expect(sha256(written)).toBe(sha256(blob));
    expect(written.equals(blob)).toBe(true);
    // Only the file itself: the temporary file was renamed, not copied.
    expect(await readdir(dir)).toEqual(["layer.tar.gz"]);
    client.destroy();
  });

  it("writes with fsync too", async () => {
    const client = new EcrLayerClient(clientConfig(ecr));
    const path = join(dir, "synced");
    const out = await client.downloadLayerToFile(layer(), path, { fsync: true, expectedSize: blob.length });
    expect(out.size).toBe(blob.length);
    expect((await readFile(path)).equals(blob)).toBe(true);
    client.destroy();
  });

  it("rejects a tampered blob with LayerDigestMismatchError, leaving no file and no .partial", async () => {
    ecr.setFaults([{ type: "corrupt", match: "blob", times: 1 }]);
    const client = new EcrLayerClient(clientConfig(ecr));
    const path = join(dir, "layer.tar.gz");
    const error = await thrown(() => client.downloadLayerToFile(layer(), path));
    expect(error).toBeInstanceOf(LayerDigestMismatchError);
    expect(error.name).toBe("LayerDigestMismatchError");
    expect(error.expected).toBe(sha256(blob));
    const bad = Buffer.from(blob);
    bad[Math.floor(bad.length / 2)] = bad[Math.floor(bad.length / 2)]! ^ 0xff;
    expect(error.actual).toBe(sha256(bad));
    expect(await readdir(dir)).toEqual([]);
    client.destroy();
  });

  it("leaves an existing file untouched on failure, and replaces it on success", async () => {
    const client = new EcrLayerClient(clientConfig(ecr));
    const path = join(dir, "layer");
    const old = Buffer.from("the old layer, which must survive a failed download");
    await writeFile(path, old);

    ecr.setFaults([{ type: "corrupt", match: "blob", times: 1 }]);
    expect(await thrown(() => client.downloadLayerToFile(layer(), path))).toBeInstanceOf(LayerDigestMismatchError);
    expect((await readFile(path)).equals(old)).toBe(true);
    expect(await readdir(dir)).toEqual(["layer"]);

    ecr.setFaults([{ type: "error", code: "NoSuchKey", status: 404, match: "blob", times: 1 }]);
    expect((await thrown(() => client.downloadLayerToFile(layer(), path))).name).toBe("LayerDownloadError");
    expect((await readFile(path)).equals(old)).toBe(true);
    expect(await readdir(dir)).toEqual(["layer"]);

    const out = await client.downloadLayerToFile(layer(), path);
    expect(out.size).toBe(blob.length);
    expect((await readFile(path)).equals(blob)).toBe(true);
    expect(await readdir(dir)).toEqual(["layer"]);
    client.destroy();
  });

  it("fails in a missing directory before any request is sent", async () => {
    const client = new EcrLayerClient(clientConfig(ecr));
    const before = ecr.requests.length;
    const error = await thrown(() => client.downloadLayerToFile(layer(), join(dir, "no-such-dir", "layer")));
    expect((error as NodeJS.ErrnoException).code).toBe("ENOENT");
    expect(ecr.requests.length).toBe(before);
    expect(await readdir(dir)).toEqual([]);
    client.destroy();
  });

  it("rejects bad input with EcrInputError, sending nothing and leaving no temporary file", async () => {
    const client = new EcrLayerClient(clientConfig(ecr));
    const before = ecr.requests.length;
    const error = await thrown(() => client.downloadLayerToFile({ repositoryName: REPO, layerDigest: `sha1:${"0".repeat(40)}` }, join(dir, "layer")));
    expect(error).toBeInstanceOf(EcrInputError);
    expect(ecr.requests.length).toBe(before);
    expect(await readdir(dir)).toEqual([]);
    client.destroy();
  });

  it("resumes a dropped connection with Range, to the same file", async () => {
    ecr.setFaults([{ type: "drop-mid-body", match: "blob", times: 1 }]);
    const client = new EcrLayerClient(clientConfig(ecr));
    const path = join(dir, "layer");
    const before = ecr.requests.length;
    const out = await client.downloadLayerToFile(layer(), path);
    expect(out.size).toBe(blob.length);
    expect((await readFile(path)).equals(blob)).toBe(true);
    const blobs = blobRequests(before);
    expect(blobs).toHaveLength(2);
    expect(blobs[1]!.headers.range).toMatch(/^bytes=[1-9]\d*-$/);
    expect(blobs[1]!.status).toBe(206);
    expect(await readdir(dir)).toEqual(["layer"]);
    client.destroy();
  });

  it("leaves no temporary file when aborted mid-download", async () => {
    const client = new EcrLayerClient(clientConfig(ecr));
    const path = join(dir, "layer");
    const controller = new AbortController();
    let seen = 0;
    const error = await thrown(() =>
      client.downloadLayerToFile(layer(), path, {
        abortSignal: controller.signal,
        onProgress: ({ bytes }) => {
          seen = bytes;
          if (bytes >= 256 * 1024) controller.abort(new Error("enough"));
        },
      }),
    );
    expect(error).toBeInstanceOf(AbortError);
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(blob.length);
    expect(await readdir(dir)).toEqual([]);
    client.destroy();
  });

  it("leaves no temporary file when aborted from outside while waiting on the network", async () => {
    ecr.setFaults([{ type: "slow-drip", chunkBytes: 1024, intervalMs: 10_000, match: "blob", times: 1 }]);
    const client = new EcrLayerClient(clientConfig(ecr));
    const path = join(dir, "layer");
    const controller = new AbortController();
    const pending = client.downloadLayerToFile(layer(), path, { abortSignal: controller.signal });
    // The temporary file exists while the download runs.
    await sleep(200);
    const during = await readdir(dir);
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(/^\.layer\.[0-9a-f]+\.partial$/);
    controller.abort();
    const started = performance.now();
    const error = await thrown(() => pending);
    expect(error).toBeInstanceOf(AbortError);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await readdir(dir)).toEqual([]);
    client.destroy();
  });

  it("the downloadLayerToFile function works with client options and closes its own client", async () => {
    const server = await fakeEcr();
    try {
      const layerDigest = server.addLayer(REPO, blob);
      const path = join(dir, "layer");
      const out = await downloadLayerToFile({ repositoryName: REPO, layerDigest }, path, clientConfig(server));
      expect(out).toEqual({ path, size: blob.length, layerDigest: sha256(blob) });
      expect((await readFile(path)).equals(blob)).toBe(true);
      // Its client was destroyed: no keep-alive socket stays open to hold the process.
      let open = await server.openConnections();
      for (const end = Date.now() + 3000; open > 0 && Date.now() < end; open = await server.openConnections()) await sleep(20);
      expect(open).toBe(0);
    } finally {
      await server.close();
    }
  });
  it("the downloadLayerToFile function closes its own client when the download fails", async () => {
    const server = await fakeEcr();
    try {
      const layerDigest = server.addLayer(REPO, blob);
      server.setFaults([{ type: "corrupt", match: "blob", times: 1 }]);
      const path = join(dir, "layer");
      const error = await thrown(() => downloadLayerToFile({ repositoryName: REPO, layerDigest }, path, clientConfig(server)));
      expect(error).toBeInstanceOf(LayerDigestMismatchError);
      expect(await readdir(dir)).toEqual([]);
      let open = await server.openConnections();
      for (const end = Date.now() + 3000; open > 0 && Date.now() < end; open = await server.openConnections()) await sleep(20);
      expect(open).toBe(0);
    } finally {
      await server.close();
    }
  });
});
