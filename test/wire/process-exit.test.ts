// A Node process must exit as soon as its call settles: no timer, socket or listener may
// keep the event loop alive. This runs the built package in a child process.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientConfig, fakeEcr, firstLayer } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";

const dist = fileURLToPath(new URL("../../dist/node.js", import.meta.url));

let ecr: FakeEcr;
beforeAll(async () => {
  if (!existsSync(dist)) throw new Error("dist/node.js is missing: npm test builds it first (npm run build)");
  ecr = await fakeEcr();
});
afterAll(() => ecr.close());

/** Run one call in a fresh process; return how long the process lived after the call settled. */
function run(options: object, layer: object, callOptions = "{}", extraConfig = "{}"): Promise<{ code: number | null; output: string; lingerMs: number }> {
  const script = `
    const { EcrLayerClient, NodeHttpHandler } = await import(${JSON.stringify(dist)});
    const client = new EcrLayerClient({ ...${JSON.stringify(options)}, ...${extraConfig} });
    try { const out = await client.getDownloadUrlForLayer(${JSON.stringify(layer)}, ${callOptions}); console.log("ok", out.$metadata.attempts); }
    catch (e) { console.log("error", e.name, e.$metadata?.attempts); }
    console.log("settled", Date.now());`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(killer);
      const settled = Number(/settled (\d+)/.exec(output)?.[1]);
      resolve({ code, output, lingerMs: Date.now() - settled });
    });
  });
}

describe("a Node process exits right after a call", () => {
  it("after a success (keep-alive socket still open)", async () => {
    ecr.setFaults([]);
    const { code, output, lingerMs } = await run(clientConfig(ecr), firstLayer(ecr));
    expect(output).toContain("ok 1");
    expect(code).toBe(0);
    expect(lingerMs).toBeLessThan(3000);
  });

  it("after retries and a final error", async () => {
    ecr.setFaults([{ type: "status", status: 503, body: "" }]);
    const { output, lingerMs } = await run(clientConfig(ecr), firstLayer(ecr));
    ecr.setFaults([]);
    expect(output).toContain("error UnknownError 3");
    expect(lingerMs).toBeLessThan(3000);
  });

  it("after an abort during the back-off sleep", async () => {
    ecr.setFaults([{ type: "status", status: 503, body: "", headers: { "x-amz-retry-after": "5000" } }]);
    const { output, lingerMs } = await run(clientConfig(ecr), firstLayer(ecr), "{ abortSignal: AbortSignal.timeout(200) }");
    ecr.setFaults([]);
    expect(output).toContain("error AbortError 1");
    expect(lingerMs).toBeLessThan(3000);
  });

  it("after an abort while credentials are still loading", async () => {
    const { output, lingerMs } = await run(clientConfig(ecr), firstLayer(ecr), "{ abortSignal: AbortSignal.timeout(200) }", "{ credentials: () => new Promise(() => {}) }");
    expect(output).toContain("error AbortError 0");
    expect(lingerMs).toBeLessThan(3000);
  });

  it("after a timeout with a handler that ignores the abort signal and answers late", async () => {
    // The late answer's socket must be freed, or keep-alive holds the process for seconds.
    ecr.setFaults([{ type: "delay", ms: 600, times: 1 }]);
    const deaf = "{ requestHandler: { inner: new NodeHttpHandler(), handle(request) { return this.inner.handle(request); } }, requestTimeoutMs: 200, maxAttempts: 1 }";
    const { output, lingerMs } = await run(clientConfig(ecr), firstLayer(ecr), "{}", deaf);
    ecr.setFaults([]);
    expect(output).toContain("error TimeoutError 1");
    expect(lingerMs).toBeLessThan(3000);
  });

  it("after a timeout, while the server still holds the request", async () => {
    ecr.setFaults([{ type: "delay", ms: 10_000 }]);
    const { output, lingerMs } = await run(clientConfig(ecr, { requestTimeoutMs: 200, maxAttempts: 1 }), firstLayer(ecr));
    ecr.setFaults([]);
    expect(output).toContain("error TimeoutError 1");
    expect(lingerMs).toBeLessThan(3000);
  });
});
