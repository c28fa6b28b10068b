// Chromium (Debian's /usr/bin/chromium, driven by playwright-core) runs a browser bundle of
// the package, made by esbuild for the browser platform, on a page served from
// http://127.0.0.1 by a small server here. The fake ECR listens on another port, so
// another origin: the browser sends a CORS preflight, which the fake answers, before each
// signed call. The bundle must hold the agnostic build only: no `node:` import and no
// credential-provider code. Needs /usr/bin/chromium (apt-get install -y chromium); `npm test`
// lists this suite as not run when it is missing, and CI=true fails then.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { available } from "../support/system-suites.js";
import { apiRequestsFrom, buildOf, bundle, callArgument, expectWorkingDownload, firstLayer, fixture, requireBuild, startEcr, tamperNextBlob } from "./helpers.js";
import type { Bundle, FakeEcr } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

let browserBundle: Bundle;
beforeAll(async () => {
  requireBuild();
  browserBundle = await bundle({ entryPoints: [fixture("browser.mjs")], platform: "browser", format: "esm" });
});

describe("the browser bundle", () => {
  it("holds the agnostic build, no Node build, no node: import and no credential-provider code", () => {
    const { inputs, externalImports, code } = browserBundle;
    expect(inputs).toContain("dist/index.js");
    expect(inputs).not.toContain("dist/node.js");
    expect(inputs.filter((i) => i.startsWith("node:") || i.includes("credential-provider"))).toEqual([]);
    expect(externalImports).toEqual([]);
    expect(code).not.toMatch(/["']node:/);
    expect(code).not.toMatch(/credential-provider|defaultProvider|fromInstanceMetadata|AWS_SHARED_CREDENTIALS_FILE/);
  });
});

describe.skipIf(!available(CHROMIUM))("in Chromium", () => {
  let ecr: FakeEcr;
  let site: Server;
  let origin: string;
  let userDataDir: string;
  let context: BrowserContext | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const siteRequests: string[] = [];

  beforeAll(async () => {
    ecr = await startEcr();
    // The page's own origin: same host, another port than the fake ECR.
    site = createServer((req, res) => {
      siteRequests.push(`${req.method} ${req.url}`);
      if (req.url === "/") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end('<!doctype html><title>ecr-layer-url</title><script type="module" src="/bundle.js"></script>');
      } else if (req.url === "/bundle.js") {
        res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
        res.end(browserBundle.code);
      } else if (req.url === "/favicon.ico") {
        res.writeHead(204).end();
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

    userDataDir = await mkdtemp(join(tmpdir(), "ecr-layer-url-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 30_000 });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    page.on("console", (message) => {
      // Chromium logs every 4xx as "Failed to load resource"; the missing digest's 400 is expected.
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) pageErrors.push(message.text());
    });
    await page.goto(`${origin}/`, { timeout: 15_000 });
    await page.waitForFunction(() => typeof (globalThis as { runEcr?: unknown }).runEcr === "function", undefined, { timeout: 15_000 });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
    await ecr?.close();
  });

  it("downloads the layer with downloadLayer across origins, verified by the pure-JS SHA-256, and refuses a tampered one", async () => {
    const tamper = tamperNextBlob(ecr);
    const config = { ...(JSON.parse(callArgument(ecr, "chromium-download")) as object), ...tamper };
    const out = await page.evaluate((c) => (globalThis as unknown as { runDownload(c: unknown): Promise<Record<string, any>> }).runDownload(c), config);
    expectWorkingDownload(ecr, out, tamper);
  });

  it("does not follow a redirect with the signed request (the browser reports it as status 0)", async () => {
    // The redirect points at the page's own server, which would answer anything the browser sent.
    ecr.setFaults([{ type: "status", status: 307, body: "", headers: { location: `${origin}/elsewhere` }, times: 2 }]);
    const before = apiRequestsFrom(ecr, "chromium-redirect").length;
    const config = JSON.parse(callArgument(ecr, "chromium-redirect")) as unknown;
    const out = await page.evaluate((c) => (globalThis as unknown as { runFailingCall(c: unknown): Promise<any> }).runFailingCall(c), config);
    ecr.setFaults([]);
    expect(siteRequests.filter((r) => r.includes("/elsewhere"))).toEqual([]);
    expect(out).toMatchObject({ name: "UnknownError", status: 0, attempts: 1 });
    expect(out.message).toContain("a redirect: not followed");
    expect(apiRequestsFrom(ecr, "chromium-redirect").length - before).toBe(1);
  }, 30_000);

  it("calls the fake ECR across origins, after a CORS preflight, and downloads the layer", async () => {
    expect(new URL(origin).port).not.toBe(new URL(ecr.endpoint).port);
    const layer = firstLayer(ecr);
    const config = JSON.parse(callArgument(ecr, "chromium")) as unknown;
    const out = await page.evaluate((c) => (globalThis as unknown as { runEcr(c: unknown): Promise<Record<string, any>> }).runEcr(c), config);

    expect(out.origin).toBe(origin);
    expect(out.layerDigest).toBe(layer.layerDigest);
    expect(new URL(out.downloadUrl).origin).toBe(ecr.endpoint);
    expect(Date.parse(out.expiresAt)).toBeGreaterThan(Date.now());
    expect(out.attempts).toBe(1);
    expect(out.missing).toEqual({ name: "LayersNotFoundException", modeled: true, status: 400 });
    expect(out.blobStatus).toBe(200);
    expect(out.blobDigest).toBe(layer.layerDigest);

    // The preflight the browser sent before the signed POST, and the POSTs themselves.
    const preflight = ecr.requests.find((r) => r.kind === "preflight" && r.headers.origin === origin);
    expect(preflight).toBeDefined();
    expect(preflight!.headers["access-control-request-method"]).toBe("POST");
    const asked = preflight!.headers["access-control-request-headers"]!.split(",").map((h) => h.trim());
    expect(asked).toEqual(expect.arrayContaining(["authorization", "x-amz-date", "x-amz-target", "x-amz-user-agent"]));
    expect(preflight!.status).toBe(204);

    const calls = apiRequestsFrom(ecr, "chromium");
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.signature).toBe("valid");
      expect(call.headers.origin).toBe(origin);
      // Browsers refuse to set User-Agent: the agnostic build sends x-amz-user-agent.
      expect(buildOf(call)).toBe("agnostic");
    }
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
