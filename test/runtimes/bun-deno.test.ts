// Bun and Deno, from their npm packages (devDependencies `bun`, `deno`), run the built ESM
// package against the fake ECR with explicit credentials, through fixtures/call.mjs.
//
// Which build: each resolves "ecr-layer-url" itself, through the package's `exports`, and
// matches their `node` condition, so each gets the NODE build (dist/node.js, on its own
// node:http and node:crypto). The agnostic build (fetch, WebCrypto SHA-256), which a
// bundler targeting them without `node` would pick, is run too, by its file.
//
// Deno runs the script inside the project with `--node-modules-dir=manual`: it reads
// package.json and node_modules as Node does (the name resolves to this package by
// self-reference), and downloads nothing.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, callArgument, childEnv, DIST, expectWorkingCall, expectWorkingDownload, fixture, tamperNextBlob, killChildren, requireBuild, resultOf, ROOT, run, startEcr } from "./helpers.js";
import type { Tamper } from "./helpers.js";
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

const runtimes = [
  {
    name: "Bun",
    id: "bun",
    launch: (argument: string) => run(join(BIN, "bun"), [fixture("call.mjs"), argument], { timeoutMs: 15_000 }),
  },
  {
    name: "Deno",
    id: "deno",
    launch: (argument: string) =>
      run(
        join(BIN, "deno"),
        [
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
        ],
        { env: childEnv({ DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" }), timeoutMs: 15_000 },
      ),
  },
] as const;

/** The fixture's argument, asking it for the download steps too. */
const withDownload = (argument: string, tamper: Tamper): string => JSON.stringify({ ...JSON.parse(argument), ...tamper, download: true });

describe.each(runtimes)("$name", ({ name, id, launch }) => {
  it('import "ecr-layer-url" gets the Node build and calls ECR; the URL downloads the layer; downloadLayer verifies it', async () => {
    const tamper = tamperNextBlob(ecr);
    const result = await launch(withDownload(callArgument(ecr, `${id}-package`), tamper));
    const out = resultOf(result);
    expect(result.code, result.stderr).toBe(0);
    expect(out.runtime).toMatch(new RegExp(`^${id} \\d+\\.\\d+`));
    expect(out.resolved).toBe(pathToFileURL(DIST.node).href);
    expectWorkingCall(ecr, out, { appId: `${id}-package`, build: "node", downloaded: true });
    expectWorkingDownload(ecr, out.download, tamper);
  }, 20_000);

  it(`the agnostic build (dist/index.js) works in ${name} too, its pure-JS hash included`, async () => {
    const module = pathToFileURL(DIST.agnostic).href;
    const tamper = tamperNextBlob(ecr);
    const result = await launch(withDownload(callArgument(ecr, `${id}-agnostic`, module), tamper));
    const out = resultOf(result);
    expect(result.code, result.stderr).toBe(0);
    expect(out.resolved).toBe(module);
    expectWorkingCall(ecr, out, { appId: `${id}-agnostic`, build: "agnostic", downloaded: true });
    expectWorkingDownload(ecr, out.download, tamper);
  }, 20_000);
});
