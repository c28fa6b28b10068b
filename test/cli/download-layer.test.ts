/**
 * `ecr-layer-url download-layer`, run as a child process against the fake ECR: the bytes
 * written, what it prints, how a tampered blob fails, and what it sends. Every expected
 * byte and digest is computed here with node:crypto, never by the code under test.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  apiRequests,
  blobRequests,
  cleanupTemps,
  fakeEcr,
  keyEnv,
  requireBuiltCli,
  runCli,
  tempDir,
  type FakeEcr,
} from "./cli-helpers.js";

const REPOSITORY = "team/layers";
/** Binary, not a multiple of any chunk size, big enough for several reads. */
const BLOB = randomBytes(256 * 1024 + 7);
const HEX = createHash("sha256").update(BLOB).digest("hex");
const DIGEST = `sha256:${HEX}`;
/** A larger blob for the progress test, delivered slowly so a progress line would have time to appear. */
const BIG = randomBytes(2 * 1024 * 1024 + 3);
const BIG_DIGEST = `sha256:${createHash("sha256").update(BIG).digest("hex")}`;
/**
 * The digest of BLOB as the `corrupt` fault serves it (its documented change: the middle
 * byte XORed with 0xff), so a message can be checked for both digests.
 */
const TAMPERED_DIGEST = (() => {
  const copy = Buffer.from(BLOB);
  const middle = Math.floor(copy.length / 2);
  copy[middle] = copy[middle]! ^ 0xff;
  return `sha256:${createHash("sha256").update(copy).digest("hex")}`;
})();

let ecr: FakeEcr;

beforeAll(async () => {
  requireBuiltCli();
  ecr = await fakeEcr({ repositories: { [REPOSITORY]: [BLOB, BIG] } });
  // The fake names layers by its own digest: make sure it is the one computed here.
  expect(ecr.layers.map((l) => l.layerDigest).sort()).toEqual([DIGEST, BIG_DIGEST].sort());
});

afterEach(() => {
  ecr.setFaults([]);
  ecr.requests.length = 0;
});

afterAll(async () => {
  await ecr?.close();
  cleanupTemps();
});

function downloadArgs(outputFile: string | undefined, extra: string[] = [], digest = DIGEST, repository = REPOSITORY): string[] {
  return [
    "download-layer",
    "--repository-name",
    repository,
    "--layer-digest",
    digest,
    ...(outputFile === undefined ? [] : ["--output-file", outputFile]),
    "--region",
    ecr.region,
    "--endpoint-url",
    ecr.endpoint,
    ...extra,
  ];
}

function run(args: string[], env: Record<string, string | undefined> = {}) {
  return runCli(args, { env: { ...keyEnv(), ...env } });
}

/** A message naming the mismatch: the digest asked for and the one the bytes have. */
function expectDigestMismatch(stderr: string): void {
  expect(stderr).toMatch(/digest|hash/i);
  expect(stderr).toContain(DIGEST);
  expect(stderr).toContain(TAMPERED_DIGEST);
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

describe("download-layer --output-file PATH", () => {
  it("writes exactly the layer's bytes and prints {layerDigest, size, outputFile} as JSON", async () => {
    const dir = tempDir();
    const path = join(dir, "layer.tar.gz");
    const result = await run(downloadArgs(path));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const written = readFileSync(path);
    expect(written.length).toBe(BLOB.length);
    expect(sha256Hex(written)).toBe(HEX);
    expect(Buffer.compare(written, BLOB)).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ layerDigest: DIGEST, size: BLOB.length, outputFile: path });
    // Only the file: no temporary file left beside it.
    expect(readdirSync(dir)).toEqual(["layer.tar.gz"]);
  });

  it("honours --output text (the AWS CLI's text format: values tab-separated in key order)", async () => {
    const dir = tempDir();
    const path = join(dir, "layer.bin");
    const result = await run(downloadArgs(path, ["--output", "text"]));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    // layerDigest < outputFile < size, as the AWS CLI's text formatter sorts a dict's keys.
    expect(result.stdout).toBe(`${DIGEST}\t${path}\t${BLOB.length}\n`);
    expect(sha256Hex(readFileSync(path))).toBe(HEX);
  });

  it("honours --query (with --output text and with JSON)", async () => {
    const dir = tempDir();
    const size = await run(downloadArgs(join(dir, "a.bin"), ["--query", "size", "--output", "text"]));
    expect(size.stderr).toBe("");
    expect(size.code).toBe(0);
    expect(size.stdout).toBe(`${BLOB.length}\n`);

    const file = await run(downloadArgs(join(dir, "b.bin"), ["--query", "outputFile"]));
    expect(file.code).toBe(0);
    expect(JSON.parse(file.stdout)).toBe(join(dir, "b.bin"));

    const digest = await run(downloadArgs(join(dir, "c.bin"), ["--query", "layerDigest", "--output", "text"]));
    expect(digest.code).toBe(0);
    expect(digest.stdout).toBe(`${DIGEST}\n`);
    for (const name of ["a.bin", "b.bin", "c.bin"]) expect(sha256Hex(readFileSync(join(dir, name)))).toBe(HEX);
  });

  it("prints no progress on stderr when stderr is not a terminal (a pipe here), even for a slow download", async () => {
    ecr.setFaults([{ type: "slow-drip", match: "blob", chunkBytes: 128 * 1024, intervalMs: 40 }]);
    const dir = tempDir();
    const path = join(dir, "big.bin");
    const result = await run(downloadArgs(path, [], BIG_DIGEST));
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(Buffer.compare(readFileSync(path), BIG)).toBe(0);
    // The fault did apply: the download really was slow enough for a progress line.
    expect(blobRequests(ecr).some((r) => r.fault?.type === "slow-drip")).toBe(true);
  });

  it("sends the API call signed and the blob GET with no Authorization header", async () => {
    const path = join(tempDir(), "layer.bin");
    const result = await run(downloadArgs(path));
    expect(result.code).toBe(0);
    const api = apiRequests(ecr);
    expect(api).toHaveLength(1);
    expect(api[0]!.signature).toBe("valid");
    expect(api[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
    const blobs = blobRequests(ecr);
    expect(blobs.length).toBeGreaterThanOrEqual(1);
    for (const blob of blobs) {
      expect(blob.method).toBe("GET");
      expect(blob.headers.authorization).toBeUndefined();
      expect(blob.hasAuthorization).toBe(false);
      expect(blob.signature).toBe("valid");
    }
  });
});

describe("download-layer --output-file -", () => {
  it("writes exactly the layer's bytes to stdout, and nothing else", async () => {
    const dir = tempDir();
    const result = await runCli(downloadArgs("-"), { env: keyEnv(), cwd: dir });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdoutBytes.length).toBe(BLOB.length);
    expect(sha256Hex(result.stdoutBytes)).toBe(HEX);
    expect(Buffer.compare(result.stdoutBytes, BLOB)).toBe(0);
    // No file named "-" (or anything else) was made in the working directory.
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a tampered blob: exit 255 and a digest mismatch on stderr", async () => {
    ecr.setFaults([{ type: "corrupt", match: "blob" }]);
    const result = await run(downloadArgs("-"));
    expect(result.code).toBe(255);
    expectDigestMismatch(result.stderr);
    expect(blobRequests(ecr).every((r) => r.fault?.type === "corrupt")).toBe(true);
  });
});

describe("download-layer failures", () => {
  it("a tampered blob: exit 255 naming the digest mismatch, no file at PATH and no .partial file", async () => {
    ecr.setFaults([{ type: "corrupt", match: "blob" }]);
    const dir = tempDir();
    const path = join(dir, "layer.bin");
    const result = await run(downloadArgs(path));
    expect(result.code).toBe(255);
    expectDigestMismatch(result.stderr);
    expect(result.stdout).toBe("");
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    // The blob really was served (tampered), so the check is what stopped it.
    expect(blobRequests(ecr).length).toBeGreaterThanOrEqual(1);
    expect(blobRequests(ecr).every((r) => r.status === 200 && r.fault?.type === "corrupt")).toBe(true);
  });

  it("a tampered blob leaves a pre-existing PATH untouched", async () => {
    ecr.setFaults([{ type: "corrupt", match: "blob" }]);
    const dir = tempDir();
    const path = join(dir, "layer.bin");
    const original = Buffer.from("the file that was here before\n");
    writeFileSync(path, original);
    const result = await run(downloadArgs(path));
    expect(result.code).toBe(255);
    expectDigestMismatch(result.stderr);
    expect(Buffer.compare(readFileSync(path), original)).toBe(0);
    expect(readdirSync(dir)).toEqual(["layer.bin"]);
  });

  it("an unknown repository leaves a pre-existing PATH untouched (exit 254)", async () => {
    const dir = tempDir();
    const path = join(dir, "layer.bin");
    const original = Buffer.from("keep me");
    writeFileSync(path, original);
    const result = await run(downloadArgs(path, [], DIGEST, "nope"));
    expect(result.code).toBe(254);
    expect(Buffer.compare(readFileSync(path), original)).toBe(0);
    expect(readdirSync(dir)).toEqual(["layer.bin"]);
  });

  it("a missing --output-file is a usage error (exit 252) and sends nothing", async () => {
    const result = await run(downloadArgs(undefined));
    expect(result.code).toBe(252);
    expect(result.stderr).toMatch(/the following arguments are required: .*--output-file/);
    expect(result.stdout).toBe("");
    expect(ecr.requests).toHaveLength(0);
  });

  it("an unknown repository: exit 254 with the AWS CLI's error line", async () => {
    const dir = tempDir();
    const path = join(dir, "layer.bin");
    const result = await run(downloadArgs(path, [], DIGEST, "nope"));
    expect(result.code).toBe(254);
    expect(result.stderr).toBe(
      "\nAn error occurred (RepositoryNotFoundException) when calling the GetDownloadUrlForLayer operation: " +
        `The repository with name 'nope' does not exist in the registry with id '${ecr.registryId}'\n`,
    );
    expect(result.stdout).toBe("");
    expect(readdirSync(dir)).toEqual([]);
    expect(blobRequests(ecr)).toHaveLength(0);
  });
});
