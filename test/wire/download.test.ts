/**
 * downloadLayer over real HTTP to the fake ECR, on both clients: the bytes, the digest
 * check, progress, resume by Range, URL refresh, aborts, store errors, stalls, secrets.
 * Every expectation about bytes or digests is computed here with node:crypto.
 */
import { createHash, randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { downloadLayer as fetchDownloadLayer } from "../../src/index.js";
import {
  AbortError,
  EcrInputError,
  LayerDigestMismatchError,
  LayerDownloadError,
  LayerSizeMismatchError,
  NetworkError,
  TimeoutError,
  downloadLayer as nodeDownloadLayer,
} from "../../src/node.js";
import type { DownloadProgress } from "../../src/node.js";
import { clientConfig, fakeEcr, runtimes, thrown } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";

const REPO = "dl/layers";
const MB = 1024 * 1024;

/** `algorithm:hex` of bytes, independently of the code under test. */
function digest(bytes: Uint8Array, algorithm: "sha256" | "sha512" = "sha256"): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest("hex")}`;
}

/** The blob as the `corrupt` fault sends it: the middle byte XORed with 0xff. */
function corrupted(bytes: Uint8Array): Buffer {
  const out = Buffer.from(bytes);
  const middle = Math.floor(out.length / 2);
  out[middle] = out[middle]! ^ 0xff;
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll `check` until it holds or `ms` pass; returns whether it held. */
async function eventually(check: () => Promise<boolean> | boolean, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await sleep(20);
  }
}

/** Read a body to its end: the bytes and the size of each chunk. */
async function readAll(body: ReadableStream<Uint8Array>): Promise<{ bytes: Buffer; sizes: number[] }> {
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(Buffer.from(value));
  }
  return { bytes: Buffer.concat(parts), sizes: parts.map((p) => p.byteLength) };
}

/** Read until the body errors: what was read, whether `done` was ever seen, and the error. */
async function readUntilError(body: ReadableStream<Uint8Array>): Promise<{ bytes: Buffer; sawDone: boolean; error: unknown }> {
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let sawDone = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        sawDone = true;
        break;
      }
      parts.push(Buffer.from(value));
    }
  } catch (error) {
    return { bytes: Buffer.concat(parts), sawDone, error };
  }
  return { bytes: Buffer.concat(parts), sawDone, error: undefined };
}

function blobRequests(ecr: FakeEcr, since = 0) {
  return ecr.requests.slice(since).filter((r) => r.kind === "blob");
}
function apiCount(ecr: FakeEcr, since = 0) {
  return ecr.requests.slice(since).filter((r) => r.kind === "api").length;
}

/** The secret parts of every download URL a server handed out and saw used, raw and encoded. */
function urlSecrets(...servers: FakeEcr[]): string[] {
  const out = new Set<string>();
  for (const server of servers) {
    for (const record of server.requests.filter((r) => r.kind === "blob")) {
      const url = new URL(record.url, "http://x");
      for (const name of ["X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token"]) {
        const value = url.searchParams.get(name);
        if (!value) continue;
        out.add(value);
        out.add(encodeURIComponent(value));
        if (name === "X-Amz-Credential") out.add(value.split("/")[0]!); // the key id alone
      }
    }
  }
  return [...out];
}

/** No rendering of `value` (message, inspect, stack, cause) holds a URL secret. */
function expectNoSecrets(value: unknown, ...servers: FakeEcr[]): void {
  const secrets = urlSecrets(...servers);
  expect(secrets.length).toBeGreaterThan(0);
  const texts =
    value instanceof Error ? [value.message, String(value), inspect(value, { depth: 10 }), value.stack ?? "", inspect(value.cause ?? "", { depth: 10 })] : [typeof value === "string" ? value : inspect(value, { depth: 10 })];
  for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
}

let ecr: FakeEcr;
/** A 3 MiB sha256 layer. */
let big: Buffer;
let bigDigest: string;
/** A 1 MiB sha512 layer. */
let wide: Buffer;
let wideDigest: string;
/** A small layer, for the slow drips. */
let small: Buffer;
let smallDigest: string;

beforeAll(async () => {
  ecr = await fakeEcr();
  big = randomBytes(3 * MB);
  wide = randomBytes(1 * MB + 17);
  small = randomBytes(4096);
  bigDigest = ecr.addLayer(REPO, big);
  wideDigest = ecr.addLayer(REPO, wide, "sha512");
  smallDigest = ecr.addLayer(REPO, small);
  // The server's digests must be the real ones, or every comparison below is moot.
  expect(bigDigest).toBe(digest(big));
  expect(wideDigest).toBe(digest(wide, "sha512"));
  expect(smallDigest).toBe(digest(small));
});
beforeEach(() => {
  ecr.setFaults([]);
  ecr.setClockSkew(0);
});
afterAll(() => ecr.close());

const entries = runtimes.map((runtime) => ({ ...runtime, downloadLayer: runtime.name === "fetch" ? fetchDownloadLayer : nodeDownloadLayer }));

describe.each(entries)("downloadLayer over $name", ({ name, Client, downloadLayer }) => {
  const layer = () => ({ repositoryName: REPO, layerDigest: bigDigest });

  it("downloads the exact bytes, with the size and digest, sending no AWS headers to the store", async () => {
    const lines: string[] = [];
    const client = new Client(clientConfig(ecr, { logger: { debug: (...args: unknown[]) => lines.push(args.map(String).join(" ")) } }));
    const before = ecr.requests.length;
    const out = await client.downloadLayer(layer());
    expect(out.size).toBe(big.length);
    expect(out.layerDigest).toBe(digest(big));
    expect(new URL(out.downloadUrl).origin).toBe(ecr.endpoint);
    const { bytes } = await readAll(out.body);
    expect(bytes.length).toBe(big.length);
    expect(digest(bytes)).toBe(digest(big));
    expect(bytes.equals(big)).toBe(true);

    const blobs = blobRequests(ecr, before);
    expect(blobs).toHaveLength(1);
    const [blob] = blobs;
    expect(blob!.method).toBe("GET");
    expect(blob!.status).toBe(200);
    expect(blob!.signature).toBe("valid");
    expect(blob!.hasAuthorization).toBe(false);
    for (const header of ["authorization", "x-amz-security-token", "x-amz-date", "x-amz-content-sha256", "range"]) {
      expect(blob!.headers, header).not.toHaveProperty(header);
    }
    // The URL the output names is the one fetched.
    const fetched = new URL(blob!.url, ecr.endpoint);
    expect(`${fetched.pathname}${fetched.search}`).toBe(`${new URL(out.downloadUrl).pathname}${new URL(out.downloadUrl).search}`);
    // Neither the output as logged nor the client's log lines show the URL's secrets.
    expectNoSecrets(out, ecr);
    expectNoSecrets(lines.join("\n"), ecr);
    client.destroy();
  });

  it("downloads and verifies a sha512 layer", async () => {
    const client = new Client(clientConfig(ecr));
    const out = await client.downloadLayer({ repositoryName: REPO, layerDigest: wideDigest });
    expect(out.layerDigest).toBe(digest(wide, "sha512"));
    expect(out.size).toBe(wide.length);
    const { bytes } = await readAll(out.body);
    expect(bytes.equals(wide)).toBe(true);
    client.destroy();
  });

  it("fails a tampered sha512 layer with the sha512 of the bytes received", async () => {
    ecr.setFaults([{ type: "corrupt", match: "blob", times: 1 }]);
    const client = new Client(clientConfig(ecr));
    const out = await client.downloadLayer({ repositoryName: REPO, layerDigest: wideDigest });
    const { error, sawDone, bytes } = await readUntilError(out.body);
    expect(sawDone).toBe(false);
    expect(error).toBeInstanceOf(LayerDigestMismatchError);
    expect((error as LayerDigestMismatchError).expected).toBe(wideDigest);
    expect((error as LayerDigestMismatchError).actual).toBe(digest(corrupted(wide), "sha512"));
    expect(bytes.equals(corrupted(wide))).toBe(true);
    client.destroy();
  });

  it("reports progress once per chunk: strictly increasing, by the chunk's size, ending at the size", async () => {
    const events: DownloadProgress[] = [];
    const client = new Client(clientConfig(ecr));
    const out = await client.downloadLayer(layer(), { onProgress: (progress) => events.push({ ...progress }) });
    const { sizes, bytes } = await readAll(out.body);
    expect(bytes.equals(big)).toBe(true);
    expect(sizes.length).toBeGreaterThan(1);
    expect(events).toHaveLength(sizes.length);
    let previous = 0;
    events.forEach((event, i) => {
      expect(event.bytes).toBeGreaterThan(previous);
      expect(event.bytes - previous).toBe(sizes[i]);
      expect(event.total).toBe(big.length);
      previous = event.bytes;
    });
    expect(events.at(-1)!.bytes).toBe(big.length);
    client.destroy();
  });

  it("errors the stream at its end with LayerDigestMismatchError when the store sends altered bytes", async () => {
    ecr.setFaults([{ type: "corrupt", match: "blob", times: 1 }]);
    const client = new Client(clientConfig(ecr));
    const out = await client.downloadLayer(layer());
    const { error, sawDone, bytes } = await readUntilError(out.body);
    expect(sawDone).toBe(false);
    expect(error).toBeInstanceOf(LayerDigestMismatchError);
    const mismatch = error as LayerDigestMismatchError;
    expect(mismatch.name).toBe("LayerDigestMismatchError");
    expect(mismatch.expected).toBe(digest(big));
    expect(mismatch.actual).toBe(digest(corrupted(big)));
    expect(mismatch.actual).not.toBe(mismatch.expected);
    // Every byte was handed on before the error (same length, one byte flipped).
    expect(bytes.length).toBe(big.length);
    expect(bytes.equals(corrupted(big))).toBe(true);
    expectNoSecrets(error, ecr);
    client.destroy();
  });

  it("resumes a dropped connection with Range from the byte reached", async () => {
    ecr.setFaults([{ type: "drop-mid-body", match: "blob", times: 1 }]);
    const client = new Client(clientConfig(ecr));
    const before = ecr.requests.length;
    const out = await client.downloadLayer(layer());
    const { bytes } = await readAll(out.body);
    expect(bytes.length).toBe(big.length);
    expect(bytes.equals(big)).toBe(true);
    const blobs = blobRequests(ecr, before);
    expect(blobs).toHaveLength(2);
    expect(blobs[0]!.headers).not.toHaveProperty("range");
    const range = /^bytes=(\d+)-$/.exec(blobs[1]!.headers.range ?? "");
    expect(range, `range header ${blobs[1]!.headers.range}`).not.toBeNull();
    const offset = Number(range![1]);
    expect(offset).toBeGreaterThan(0);
    // The drop came after half the body: no more can have been received.
    expect(offset).toBeLessThanOrEqual(Math.floor(big.length / 2));
    expect(blobs[1]!.status).toBe(206);
    // No new URL was needed for that.
    expect(apiCount(ecr, before)).toBeLessThanOrEqual(1);
    client.destroy();
  });

  it("gives NetworkError after maxAttempts requests when every connection drops", async () => {
    ecr.setFaults([{ type: "drop-mid-body", match: "blob" }]);
    const client = new Client(clientConfig(ecr, { maxAttempts: 2 }));
    const before = ecr.requests.length;
    const error = await thrown(async () => readAll((await client.downloadLayer(layer())).body));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.name).toBe("NetworkError");
    expect(blobRequests(ecr, before)).toHaveLength(2);
    expect(error.$metadata.attempts).toBe(2);
    expectNoSecrets(error, ecr);
    client.destroy();
  });

  it("fails with LayerDownloadError 403 when the fresh URL is refused too, after one refresh only", async () => {
    ecr.setFaults([{ type: "error", code: "AccessDenied", status: 403, match: "blob" }]);
    const client = new Client(clientConfig(ecr));
    const before = ecr.requests.length;
    const error = await thrown(() => client.downloadLayer(layer()));
    expect(error).toBeInstanceOf(LayerDownloadError);
    expect(error.name).toBe("LayerDownloadError");
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe("AccessDenied");
    // The first URL, then the one refresh: two API calls, two blob requests.
    expect(apiCount(ecr, before)).toBe(2);
    expect(blobRequests(ecr, before)).toHaveLength(2);
    expectNoSecrets(error, ecr);
    client.destroy();
  });

  it("rejects at once with AbortError when the signal is already aborted, sending nothing", async () => {
    const client = new Client(clientConfig(ecr));
    const controller = new AbortController();
    controller.abort(new Error("never mind"));
    const before = ecr.requests.length;
    const error = await thrown(() => client.downloadLayer(layer(), { abortSignal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect(ecr.requests.length).toBe(before);
    client.destroy();
  });

  it("errors the stream on abort while nobody is reading", async () => {
    const client = new Client(clientConfig(ecr));
    const controller = new AbortController();
    const out = await client.downloadLayer(layer(), { abortSignal: controller.signal });
    const reader = out.body.getReader();
    expect((await reader.read()).done).toBe(false);
    controller.abort();
    const closed = await reader.closed.then(
      () => "closed",
      (e: unknown) => e,
    );
    expect(closed).toBeInstanceOf(AbortError);
    await expect(reader.read()).rejects.toBeInstanceOf(AbortError);
    client.destroy();
  });

  it("rejects with LayerDownloadError 404 NoSuchKey, without retrying", async () => {
    ecr.setFaults([{ type: "error", code: "NoSuchKey", status: 404, match: "blob" }]);
    const client = new Client(clientConfig(ecr));
    const before = ecr.requests.length;
    const error = await thrown(() => client.downloadLayer(layer()));
    expect(error).toBeInstanceOf(LayerDownloadError);
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("NoSuchKey");
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(blobRequests(ecr, before)).toHaveLength(1);
    expectNoSecrets(error, ecr);
    client.destroy();
  });

  it("retries a 503 SlowDown and succeeds", async () => {
    ecr.setFaults([{ type: "error", code: "SlowDown", status: 503, match: "blob", times: 1 }]);
    const client = new Client(clientConfig(ecr));
    const before = ecr.requests.length;
    const out = await client.downloadLayer(layer());
    expect((await readAll(out.body)).bytes.equals(big)).toBe(true);
    const blobs = blobRequests(ecr, before);
    expect(blobs.map((r) => r.status)).toEqual([503, 200]);
    expect(blobs[1]!.headers).not.toHaveProperty("range");
    client.destroy();
  });

  it("resumes from a store that ignores Range, skipping the bytes it already has", async () => {
    ecr.setFaults([
      { type: "drop-mid-body", match: "blob", times: 1 },
      { type: "status", status: 200, body: big, match: "blob", times: 1 },
    ]);
    const client = new Client(clientConfig(ecr));
    const before = ecr.requests.length;
    const out = await client.downloadLayer(layer());
    const { bytes } = await readAll(out.body);
    expect(bytes.length).toBe(big.length);
    expect(bytes.equals(big)).toBe(true);
    const blobs = blobRequests(ecr, before);
    expect(blobs.map((r) => r.status)).toEqual([200, 200]);
    expect(blobs[1]!.headers.range).toMatch(/^bytes=[1-9]\d*-$/);
    client.destroy();
  });

  it("fails the download with the error onProgress throws, and frees the connection", async () => {
    const client = new Client(clientConfig(ecr));
    const boom = new Error("progress handler failed");
    let calls = 0;
    const out = await client.downloadLayer(layer(), {
      onProgress: () => {
        if (++calls === 2) throw boom;
      },
    });
    const { error, sawDone } = await readUntilError(out.body);
    expect(error).toBe(boom);
    expect(sawDone).toBe(false);
    expect(calls).toBe(2);
    // The client still downloads (nothing is left holding it).
    expect((await readAll((await client.downloadLayer(layer())).body)).bytes.equals(big)).toBe(true);
    client.destroy();
  });

  it("rejects with AbortError at once when aborted while waiting for the store's answer", async () => {
    ecr.setFaults([{ type: "delay", ms: 10_000, match: "blob", times: 1 }]);
    const client = new Client(clientConfig(ecr));
    const controller = new AbortController();
    const before = ecr.requests.length;
    setTimeout(() => controller.abort(new Error("user gave up")), 150);
    const started = performance.now();
    const error = await thrown(() => client.downloadLayer(layer(), { abortSignal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(blobRequests(ecr, before)).toHaveLength(1);
    client.destroy();
  });

  it("gives LayerDownloadError 500 when every attempt answers 500", async () => {
    ecr.setFaults([{ type: "error", code: "InternalError", status: 500, match: "blob" }]);
    const client = new Client(clientConfig(ecr));
    const before = ecr.requests.length;
    const error = await thrown(() => client.downloadLayer(layer()));
    expect(error).toBeInstanceOf(LayerDownloadError);
    expect(error.statusCode).toBe(500);
    expect(error.code).toBe("InternalError");
    expect(blobRequests(ecr, before)).toHaveLength(3);
    expectNoSecrets(error, ecr);
    client.destroy();
  });

  it("rejects with LayerSizeMismatchError before the body when the size is not expectedSize", async () => {
    const client = new Client(clientConfig(ecr));
    const error = await thrown(() => client.downloadLayer(layer(), { expectedSize: big.length + 1 }));
    expect(error).toBeInstanceOf(LayerSizeMismatchError);
    expect(error.name).toBe("LayerSizeMismatchError");
    expect(error.expected).toBe(big.length + 1);
    expect(error.actual).toBe(big.length);
    // The right size is accepted.
    const out = await client.downloadLayer(layer(), { expectedSize: big.length });
    expect((await readAll(out.body)).bytes.equals(big)).toBe(true);
    client.destroy();
  });

  it.each([
    ["a sha1 digest", { layerDigest: `sha1:${"a".repeat(40)}` }, {}, "layerDigest"],
    ["a short sha256 digest", { layerDigest: `sha256:${"a".repeat(63)}` }, {}, "layerDigest"],
    ["a negative expectedSize", {}, { expectedSize: -1 }, "expectedSize"],
    ["a fractional expectedSize", {}, { expectedSize: 1.5 }, "expectedSize"],
    ["a string expectedSize", {}, { expectedSize: "10" as unknown as number }, "expectedSize"],
    ["a negative requestTimeoutMs", {}, { requestTimeoutMs: -1 }, "requestTimeoutMs"],
  ])("rejects %s with EcrInputError, sending nothing", async (_what, input, options, field) => {
    const client = new Client(clientConfig(ecr));
    const before = ecr.requests.length;
    const error = await thrown(() => client.downloadLayer({ ...layer(), ...input }, options));
    expect(error).toBeInstanceOf(EcrInputError);
    expect(error.field).toBe(field);
    expect(ecr.requests.length).toBe(before);
    client.destroy();
  });

  it("gives TimeoutError when the body stalls past requestTimeoutMs and no retry is allowed", async () => {
    ecr.setFaults([{ type: "slow-drip", chunkBytes: 1, intervalMs: 10_000, match: "blob" }]);
    const client = new Client(clientConfig(ecr, { maxAttempts: 1 }));
    const before = ecr.requests.length;
    const started = performance.now();
    const error = await thrown(async () => readAll((await client.downloadLayer({ repositoryName: REPO, layerDigest: smallDigest }, { requestTimeoutMs: 200 })).body));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.name).toBe("TimeoutError");
    expect(performance.now() - started).toBeLessThan(5000);
    expect(blobRequests(ecr, before)).toHaveLength(1);
    expectNoSecrets(error, ecr);
    client.destroy();
  });

  it("does not count the time the reader spends not reading against requestTimeoutMs", async () => {
    const client = new Client(clientConfig(ecr, { maxAttempts: 1 }));
    const before = ecr.requests.length;
    const out = await client.downloadLayer(layer(), { requestTimeoutMs: 150 });
    const reader = out.body.getReader();
    const first = await reader.read();
    const parts: Uint8Array[] = [Buffer.from(first.value!)];
    await sleep(450);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(Buffer.from(value));
    }
    expect(Buffer.concat(parts).equals(big)).toBe(true);
    expect(blobRequests(ecr, before)).toHaveLength(1);
    client.destroy();
  });

  it("resumes a stalled body with Range", async () => {
    ecr.setFaults([{ type: "slow-drip", chunkBytes: 1, intervalMs: 10_000, match: "blob", times: 1 }]);
    const client = new Client(clientConfig(ecr));
    const before = ecr.requests.length;
    const out = await client.downloadLayer({ repositoryName: REPO, layerDigest: smallDigest }, { requestTimeoutMs: 200 });
    expect((await readAll(out.body)).bytes.equals(small)).toBe(true);
    const blobs = blobRequests(ecr, before);
    expect(blobs).toHaveLength(2);
    expect(blobs[1]!.headers.range).toBe("bytes=1-");
    expect(blobs[1]!.status).toBe(206);
    client.destroy();
  });


  // Each on a server of its own, so they can run side by side (two of them wait out a URL's
  // life, and undici takes ~3 s to close an aborted fetch's socket).
  describe.concurrent("on a server of its own", () => {
    it("gets one fresh URL when the store says the URL has expired, then downloads", async ({ expect }) => {
      // TTL 120 s: the client caches the URL (it stays valid past the 60 s margin); the
      // server's clock then moves 150 s on (within SigV4's 5 minutes), so the store refuses it.
      const server = await fakeEcr({ urlTtlSeconds: 120 });
      try {
        const layerDigest = server.addLayer(REPO, big);
        const client = new Client(clientConfig(server));
        await client.getDownloadUrlForLayer({ repositoryName: REPO, layerDigest });
        server.setClockSkew(150_000);
        const before = server.requests.length;
        const out = await client.downloadLayer({ repositoryName: REPO, layerDigest });
        const { bytes } = await readAll(out.body);
        expect(bytes.equals(big)).toBe(true);
        const sent = server.requests.slice(before);
        expect(sent.map((r) => r.kind)).toEqual(["blob", "api", "blob"]);
        expect(sent[0]!.status).toBe(403);
        expect(sent[0]!.signature).toBe("expired");
        expect(sent[0]!.errorCode).toBe("AccessDenied");
        expect(sent[1]!.status).toBe(200);
        expect(sent[2]!.status).toBe(200);
        expect(sent[2]!.signature).toBe("valid");
        expect(sent[2]!.url).not.toBe(sent[0]!.url);
        client.destroy();
      } finally {
        await server.close();
      }
    });

    it("resumes with a fresh URL when the one in use has expired meanwhile, without a 403", async ({ expect }) => {
      const server = await fakeEcr({ urlTtlSeconds: 2 });
      try {
        const layerDigest = server.addLayer(REPO, big);
        server.setFaults([{ type: "drop-mid-body", match: "blob", times: 1 }]);
        const client = new Client(clientConfig(server));
        const before = server.requests.length;
        const out = await client.downloadLayer({ repositoryName: REPO, layerDigest });
        const apiAtStart = apiCount(server, before);
        const reader = out.body.getReader();
        const first = await reader.read();
        expect(first.done).toBe(false);
        const parts: Uint8Array[] = [Buffer.from(first.value!)];
        await sleep(2300); // the URL (signed to the second, valid 2 s) has now expired
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parts.push(Buffer.from(value));
        }
        expect(Buffer.concat(parts).equals(big)).toBe(true);
        expect(apiCount(server, before)).toBe(apiAtStart + 1);
        const blobs = blobRequests(server, before);
        expect(blobs).toHaveLength(2);
        expect(blobs.map((r) => r.status)).toEqual([200, 206]);
        expect(blobs.every((r) => r.signature === "valid")).toBe(true);
        expect(blobs[1]!.headers.range).toMatch(/^bytes=[1-9]\d*-$/);
        expect(blobs[1]!.url).not.toBe(blobs[0]!.url);
        client.destroy();
      } finally {
        await server.close();
      }
    });

    it("errors the next read with AbortError when aborted mid-stream, and closes the connection", async ({ expect }) => {
      const server = await fakeEcr();
      try {
        const layerDigest = server.addLayer(REPO, big);
        const client = new Client(clientConfig(server));
        const controller = new AbortController();
        const out = await client.downloadLayer({ repositoryName: REPO, layerDigest }, { abortSignal: controller.signal });
        const reader = out.body.getReader();
        expect((await reader.read()).done).toBe(false);
        const open = await server.openConnections();
        expect(open).toBeGreaterThanOrEqual(1);
        const reason = new Error("user gave up");
        controller.abort(reason);
        const error = await reader.read().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(AbortError);
        expect((error as AbortError).cause).toBe(reason);
        expect(await eventually(async () => (await server.openConnections()) < open, 6000)).toBe(true);
        client.destroy();
      } finally {
        await server.close();
      }
    });

    it("frees the connection when the body is cancelled mid-way", async ({ expect }) => {
      const server = await fakeEcr();
      try {
        const layerDigest = server.addLayer(REPO, big);
        const client = new Client(clientConfig(server));
        const out = await client.downloadLayer({ repositoryName: REPO, layerDigest });
        const reader = out.body.getReader();
        expect((await reader.read()).done).toBe(false);
        const open = await server.openConnections();
        expect(open).toBeGreaterThanOrEqual(1);
        await reader.cancel(new Error("not interested"));
        expect(await eventually(async () => (await server.openConnections()) < open, 6000)).toBe(true);
        // The client is fine afterwards.
        const again = await client.downloadLayer({ repositoryName: REPO, layerDigest });
        expect((await readAll(again.body)).bytes.equals(big)).toBe(true);
        client.destroy();
      } finally {
        await server.close();
      }
    });

    it(`the downloadLayer function (${name} entry) downloads with a client of its own`, async ({ expect }) => {
      const server = await fakeEcr();
      try {
        const layerDigest = server.addLayer(REPO, big);
        const out = await downloadLayer({ repositoryName: REPO, layerDigest }, { ...clientConfig(server), expectedSize: big.length });
        expect(out.size).toBe(big.length);
        expect(out.layerDigest).toBe(digest(big));
        expect((await readAll(out.body)).bytes.equals(big)).toBe(true);
        if (name === "node:http") {
          // Its own client was closed when the download ended: no keep-alive socket is left.
          expect(await eventually(async () => (await server.openConnections()) === 0)).toBe(true);
        }
      } finally {
        await server.close();
      }
    });

    it(`the downloadLayer function (${name} entry) closes its own client when the download fails or is cancelled`, async ({ expect }) => {
      const server = await fakeEcr();
      try {
        const layerDigest = server.addLayer(REPO, big);
        server.setFaults([{ type: "error", code: "NoSuchKey", status: 404, match: "blob", times: 1 }]);
        const error = await thrown(() => downloadLayer({ repositoryName: REPO, layerDigest }, clientConfig(server)));
        expect(error).toBeInstanceOf(LayerDownloadError);
        expect(error.statusCode).toBe(404);
        const out = await downloadLayer({ repositoryName: REPO, layerDigest }, clientConfig(server));
        const reader = out.body.getReader();
        expect((await reader.read()).done).toBe(false);
        await reader.cancel();
        if (name === "node:http") expect(await eventually(async () => (await server.openConnections()) === 0)).toBe(true);
      } finally {
        await server.close();
      }
    });
  });
});
