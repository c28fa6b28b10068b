// Cloudflare's workerd, through miniflare 3: a worker bundled by esbuild as for Workers
// (conditions workerd, worker, browser) runs the package against the fake ECR, with the
// endpoint and credentials passed as bindings. workerd does not set the `node` condition,
// so the bundle must hold the runtime-agnostic build (dist/index.js: fetch, WebCrypto
// SHA-256) and nothing of the Node build. No `nodejs_compat` flag: a Node built-in would
// not load.
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequestsFrom, buildOf, bundle, expectWorkingDownload, FAKE_CREDENTIALS, firstLayer, fixture, MISSING_DIGEST, requireBuild, startEcr, tamperNextBlob } from "./helpers.js";
import type { Bundle, FakeEcr } from "./helpers.js";

const WORKER_CONDITIONS = ["workerd", "worker", "browser"];

let ecr: FakeEcr;
let worker: Bundle;
let example: Bundle;
let mf: Miniflare | undefined;

beforeAll(async () => {
  requireBuild();
  ecr = await startEcr();
  const options = { format: "esm", platform: "browser", conditions: WORKER_CONDITIONS } as const;
  [worker, example] = await Promise.all([
    bundle({ entryPoints: [fixture("worker.mjs")], ...options }),
    // The README's runnable worker, as `wrangler dev examples/worker.mjs` would bundle it.
    bundle({ entryPoints: ["examples/worker.mjs"], ...options }),
  ]);
  const bindings = {
    AWS_REGION: ecr.region,
    ECR_ENDPOINT: ecr.endpoint,
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
  };
  const common = { modules: true, compatibilityDate: "2024-11-01", compatibilityFlags: [], bindings };
  mf = new Miniflare({
    workers: [
      { name: "fixture", script: worker.code, ...common },
      { name: "example", script: example.code, ...common },
    ],
  });
  await mf.ready;
}, 30_000);

afterAll(async () => {
  await mf?.dispose();
  await ecr?.close();
});

describe("the worker bundle", () => {
  it.each([
    ["fixture", () => worker],
    ["examples/worker.mjs", () => example],
  ])("%s holds the agnostic build, no Node build and no Node built-in", (_name, get) => {
    const { inputs, externalImports, code } = get();
    expect(inputs).toContain("dist/index.js");
    expect(inputs).not.toContain("dist/node.js");
    expect(inputs.filter((i) => i.includes("credential-provider"))).toEqual([]);
    expect(externalImports).toEqual([]);
    expect(code).not.toMatch(/\bfrom\s*["']node:|\b(?:import|require)\(\s*["']node:/);
  });
});

describe("in workerd", () => {
  it("calls the fake ECR with a valid signature and downloads the layer with the URL", async () => {
    const layer = firstLayer(ecr);
    const response = await mf!.dispatchFetch("http://worker.test/", { method: "POST", body: JSON.stringify(layer) });
    const out = (await response.json()) as Record<string, any>;
    expect(response.status, JSON.stringify(out)).toBe(200);
    expect(out.layerDigest).toBe(layer.layerDigest);
    expect(new URL(out.downloadUrl).origin).toBe(ecr.endpoint);
    expect(Date.parse(out.expiresAt)).toBeGreaterThan(Date.now());
    expect(out.attempts).toBe(1);
    expect(out.blobStatus).toBe(200);
    expect(out.blobDigest).toBe(layer.layerDigest);

    const [request, ...more] = apiRequestsFrom(ecr, "workerd");
    expect(more).toEqual([]);
    expect(request!.signature).toBe("valid");
    expect(buildOf(request!)).toBe("agnostic");
    expect(ecr.requests.some((r) => r.kind === "blob" && r.signature === "valid" && new URL(out.downloadUrl).pathname === r.url.split("?")[0])).toBe(true);
  });

  it("downloads the layer with downloadLayer, verified by the pure-JS SHA-256, and refuses a tampered one", async () => {
    const layer = firstLayer(ecr);
    const tamper = tamperNextBlob(ecr);
    const response = await mf!.dispatchFetch("http://worker.test/download", { method: "POST", body: JSON.stringify({ ...layer, ...tamper }) });
    const out = (await response.json()) as Record<string, any>;
    expect(response.status, JSON.stringify(out)).toBe(200);
    expectWorkingDownload(ecr, out, tamper);
  });

  it("gets the modeled LayersNotFoundException for a missing digest", async () => {
    const response = await mf!.dispatchFetch("http://worker.test/", {
      method: "POST",
      body: JSON.stringify({ repositoryName: firstLayer(ecr).repositoryName, layerDigest: MISSING_DIGEST }),
    });
    const out = (await response.json()) as Record<string, any>;
    expect(response.status, JSON.stringify(out)).toBe(404);
    expect(out).toMatchObject({ error: "LayersNotFoundException", modeled: true });
    expect(apiRequestsFrom(ecr, "workerd").at(-1)!.signature).toBe("valid");
  });

  it("examples/worker.mjs redirects a registry blob request to the layer's URL", async () => {
    const layer = firstLayer(ecr);
    // A service binding's fetcher; typed loosely here (miniflare types it with workerd's types).
    const example = (await mf!.getWorker("example")) as unknown as {
      fetch(url: string, init: { redirect: "manual" }): Promise<{ status: number; headers: Headers; json(): Promise<unknown> }>;
    };
    const before = ecr.requests.filter((r) => r.kind === "api").length;
    const response = await example.fetch(`http://worker.test/v2/${layer.repositoryName}/blobs/${layer.layerDigest}`, { redirect: "manual" });
    expect(response.status).toBe(307);
    const location = new URL(response.headers.get("location")!);
    expect(location.origin).toBe(ecr.endpoint);
    expect(location.pathname).toContain(layer.layerDigest);
    const missing = await example.fetch(`http://worker.test/v2/${layer.repositoryName}/blobs/${MISSING_DIGEST}`, { redirect: "manual" });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe("LayersNotFoundException");
    const calls = ecr.requests.filter((r) => r.kind === "api").slice(before);
    expect(calls.map((r) => [r.signature, buildOf(r)])).toEqual([
      ["valid", "agnostic"],
      ["valid", "agnostic"],
    ]);
  });
});
