// Bun, from its npm package (devDependency `bun`), runs the built ESM package against the
// fake ECR with explicit credentials.
//
// Which build: Bun resolves "ecr-layer-url" itself, through the package's `exports`, and
// matches their `node` condition, so it gets the NODE build (dist/node.js, on Bun's
// node:http and node:crypto). The agnostic build (fetch, WebCrypto SHA-256), which a bundler
// targeting Bun without `node` would pick, is run too, by its file.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, callArgument, DIST, expectWorkingCall, fixture, killChildren, requireBuild, resultOf, run, startEcr } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";

const BUN = join(BIN, "bun");

let ecr: FakeEcr;
beforeAll(async () => {
  requireBuild();
  ecr = await startEcr();
});
afterAll(async () => {
  killChildren();
  await ecr?.close();
});

function bun(argument: string) {
  return run(BUN, [fixture("call.mjs"), argument], { timeoutMs: 15_000 });
}

describe("Bun", () => {
  it('import "ecr-layer-url" gets the Node build and calls ECR; the URL downloads the layer', async () => {
    const result = await bun(callArgument(ecr, "bun-package"));
    const out = resultOf(result);
    expect(result.code, result.stderr).toBe(0);
    expect(out.runtime).toMatch(/^bun \d+\.\d+/);
    expect(out.resolved).toBe(pathToFileURL(DIST.node).href);
    expectWorkingCall(ecr, out, { appId: "bun-package", build: "node", downloaded: true });
  }, 20_000);

  it("the agnostic build (dist/index.js) works in Bun too", async () => {
    const module = pathToFileURL(DIST.agnostic).href;
    const result = await bun(callArgument(ecr, "bun-agnostic", module));
    const out = resultOf(result);
    expect(result.code, result.stderr).toBe(0);
    expect(out.resolved).toBe(module);
    expectWorkingCall(ecr, out, { appId: "bun-agnostic", build: "agnostic", downloaded: true });
  }, 20_000);
});
