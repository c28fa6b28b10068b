/**
 * Memory stays flat while downloading: a 1 GiB layer through the built package, in a child
 * process of its own (the fake server, holding the blob, runs here), with peak RSS growth
 * under 64 MiB. Node's file download (node:http, node:crypto), and the runtime-agnostic
 * stream (fetch, the pure-JS SHA-256) read to the end.
 */
import { randomFillSync } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIST, FAKE_CREDENTIALS, fixture, requireBuild, resultOf, run, startEcr } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";

const GIB = 1024 ** 3;
const LIMIT = 64 * 1024 ** 2;

let ecr: FakeEcr;
let layerDigest: string;
let dir: string;
beforeAll(async () => {
  requireBuild();
  ecr = await startEcr();
  // 1 GiB that does not repeat in any way a hash could shortcut: 1 MiB of random bytes,
  // each copy stamped with its index.
  const blob = Buffer.allocUnsafe(GIB);
  randomFillSync(blob, 0, 1024 ** 2);
  for (let mib = 1; mib < 1024; mib++) {
    blob.copy(blob, mib * 1024 ** 2, 0, 1024 ** 2);
    blob.writeUInt32BE(mib, mib * 1024 ** 2);
  }
  layerDigest = ecr.addLayer("big/layer", blob);
  dir = mkdtempSync(join(tmpdir(), "ecr-layer-url-memory-"));
}, 60_000);
afterAll(async () => {
  await ecr?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("memory while downloading a 1 GiB layer", () => {
  it.each([
    ["downloadLayerToFile (Node build)", "file", DIST.node],
    ["downloadLayer's stream read to the end (agnostic build: fetch, pure-JS SHA-256)", "stream", DIST.agnostic],
  ])("%s grows peak RSS by less than 64 MiB", async (_name, mode, module) => {
    const path = join(dir, `layer-${mode}`);
    const args = { module, mode, endpoint: ecr.endpoint, region: ecr.region, credentials: FAKE_CREDENTIALS, repositoryName: "big/layer", layerDigest, path };
    const result = resultOf<{ bytes: number; growth: number; seconds: number }>(
      await run(process.execPath, ["--expose-gc", fixture("download-memory.mjs"), JSON.stringify(args)], { timeoutMs: 110_000 }),
    );
    console.log(`${mode}: ${(result.growth / 1024 ** 2).toFixed(1)} MiB peak RSS growth, ${(GIB / 1024 ** 2 / result.seconds).toFixed(0)} MiB/s`);
    expect(result.bytes).toBe(GIB);
    if (mode === "file") expect(statSync(path).size).toBe(GIB);
    expect(result.growth).toBeLessThan(LIMIT);
    rmSync(path, { force: true });
  }, 120_000);
});
