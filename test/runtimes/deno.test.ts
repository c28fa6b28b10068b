// Deno, from its npm package (devDependency `deno`), runs the built ESM package against the
// fake ECR with explicit credentials. The script lives inside the project and Deno resolves
// "ecr-layer-url" itself: with `--node-modules-dir=manual` it reads package.json and
// node_modules as Node does (the name resolves to this package by self-reference), and
// downloads nothing.
//
// Which build: Deno matches the `exports`' `node` condition, so it gets the NODE build
// (dist/node.js, on Deno's node:http and node:crypto). The agnostic build (fetch, WebCrypto
// SHA-256), which a bundler targeting Deno without `node` would pick, is run too, by its file.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, callArgument, childEnv, DIST, expectWorkingCall, fixture, killChildren, requireBuild, resultOf, ROOT, run, startEcr } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";

const DENO = join(BIN, "deno");

let ecr: FakeEcr;
beforeAll(async () => {
  requireBuild();
  ecr = await startEcr();
});
afterAll(async () => {
  killChildren();
  await ecr?.close();
});

function deno(argument: string) {
  const args = [
    "run",
    "--node-modules-dir=manual",
    "--no-lock",
    "--no-prompt",
    // The fake ECR is on loopback; the package reads AWS_* variables, and modules are read from the project.
    "--allow-net=127.0.0.1",
    "--allow-env",
    `--allow-read=${ROOT}`,
    fixture("call.mjs"),
    argument,
  ];
  return run(DENO, args, { env: childEnv({ DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" }), timeoutMs: 15_000 });
}

describe("Deno", () => {
  it('import "ecr-layer-url" gets the Node build and calls ECR; the URL downloads the layer', async () => {
    const result = await deno(callArgument(ecr, "deno-package"));
    const out = resultOf(result);
    expect(result.code, result.stderr).toBe(0);
    expect(out.runtime).toMatch(/^deno \d+\.\d+/);
    expect(out.resolved).toBe(pathToFileURL(DIST.node).href);
    expectWorkingCall(ecr, out, { appId: "deno-package", build: "node", downloaded: true });
  }, 20_000);

  it("the agnostic build (dist/index.js) works in Deno too", async () => {
    const module = pathToFileURL(DIST.agnostic).href;
    const result = await deno(callArgument(ecr, "deno-agnostic", module));
    const out = resultOf(result);
    expect(result.code, result.stderr).toBe(0);
    expect(out.resolved).toBe(module);
    expectWorkingCall(ecr, out, { appId: "deno-agnostic", build: "agnostic", downloaded: true });
  }, 20_000);
});
