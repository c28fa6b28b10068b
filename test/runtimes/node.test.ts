// Node 20 runs the built package the way a user's project does: `require("ecr-layer-url")`
// and `import "ecr-layer-url"` in a child process, resolved by Node through the package's
// `exports`. Both must get the Node build (node:http, node:crypto) and work against the
// fake ECR. Then the published types: attw and publint on the packed tarball.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, callArgument, DIST, expectWorkingCall, fixture, killChildren, requireBuild, resultOf, run, startEcr } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";

let ecr: FakeEcr;
beforeAll(async () => {
  requireBuild();
  ecr = await startEcr();
});
afterAll(async () => {
  killChildren();
  await ecr?.close();
});

describe("Node resolves the package to its Node build", () => {
  it('require("ecr-layer-url") loads dist/node.cjs and calls ECR', async () => {
    const result = await run(process.execPath, [fixture("call.cjs"), callArgument(ecr, "node-require")]);
    const out = resultOf(result);
    expect(result.code).toBe(0);
    expect(out.resolved).toBe(DIST.nodeCjs);
    // What require() actually loaded: the Node entry (and its chunks), never the agnostic one.
    expect(out.loaded).toContain(DIST.nodeCjs);
    expect(out.loaded).not.toContain(DIST.agnosticCjs);
    expect(out.loaded.every((file: string) => file.endsWith(".cjs"))).toBe(true);
    expect(out.runtime).toBe(`node ${process.versions.node}`);
    expectWorkingCall(ecr, out, { appId: "node-require", build: "node", downloaded: false });
  });

  it('import "ecr-layer-url" loads dist/node.js and calls ECR; the URL downloads the layer', async () => {
    const result = await run(process.execPath, [fixture("call.mjs"), callArgument(ecr, "node-import")]);
    const out = resultOf(result);
    expect(result.code).toBe(0);
    expect(out.resolved).toBe(pathToFileURL(DIST.node).href);
    expect(out.runtime).toBe(`node ${process.versions.node}`);
    expectWorkingCall(ecr, out, { appId: "node-import", build: "node", downloaded: true });
  });
});

describe("the packed package's types and exports", () => {
  let dir: string;
  let tarball: string;
  beforeAll(async () => {
    // `attw --pack` would run `npm pack`, whose prepack hook rebuilds dist/. Pack what is
    // built instead, without scripts, and check that tarball.
    dir = await mkdtemp(join(tmpdir(), "ecr-layer-url-pack-"));
    const packed = await run("npm", ["pack", "--ignore-scripts", "--pack-destination", dir, "--silent"], { timeoutMs: 30_000 });
    expect(packed.code, packed.stderr).toBe(0);
    const [file] = (await readdir(dir)).filter((f) => f.endsWith(".tgz"));
    if (!file) throw new Error(`npm pack made no tarball: ${packed.stdout}${packed.stderr}`);
    tarball = join(dir, file);
  }, 40_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("attw: types resolve for node16 (CJS and ESM) and bundler, to the right build", async () => {
    // The node16 profile: node16/nodenext from CJS and ESM, and bundler resolution. (It
    // skips node10, the pre-`exports` resolution, where the ./testing subpath cannot resolve.)
    const result = await run(join(BIN, "attw"), [tarball, "--profile", "node16", "--format", "json"], { timeoutMs: 30_000 });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      problems: Record<string, Array<{ resolutionKind?: string; entrypoint?: string }>>;
      analysis: { entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string }; implementationResolution?: { fileName: string } }> }> };
    };
    const problems = Object.values(report.problems ?? {})
      .flat()
      .filter((p) => p.resolutionKind !== "node10");
    expect(problems).toEqual([]);

    const where = (entrypoint: string) =>
      Object.fromEntries(
        Object.entries(report.analysis.entrypoints[entrypoint]!.resolutions)
          .filter(([kind]) => kind !== "node10")
          .map(([kind, r]) => [kind, [r.resolution?.fileName.replace(/^.*\/dist\//, "dist/"), r.implementationResolution?.fileName.replace(/^.*\/dist\//, "dist/")]]),
      );
    // Node (both module systems) gets the Node build's types and code; bundlers, which
    // don't set the `node` condition, the agnostic build's.
    expect(where(".")).toEqual({
      "node16-cjs": ["dist/node.d.cts", "dist/node.cjs"],
      "node16-esm": ["dist/node.d.ts", "dist/node.js"],
      bundler: ["dist/index.d.ts", "dist/index.js"],
    });
    expect(where("./testing")).toEqual({
      "node16-cjs": ["dist/testing/index.d.cts", "dist/testing/index.cjs"],
      "node16-esm": ["dist/testing/index.d.ts", "dist/testing/index.js"],
      bundler: ["dist/testing/index.d.ts", "dist/testing/index.js"],
    });
  }, 40_000);

  it("publint: no errors, warnings or suggestions", async () => {
    const result = await run(join(BIN, "publint"), [tarball, "--level", "suggestion", "--strict"], { timeoutMs: 30_000 });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain("All good!");
  }, 40_000);
});
