/**
 * The CLI's transport, from outside: what `--debug` prints (and never prints), TLS to an
 * HTTPS endpoint with and without a CA bundle, and the connect timeout.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as net from "node:net";
import { join } from "node:path";
import * as tls from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FAKE_SESSION_CREDENTIALS } from "../../src/testing/index.js";
import { nonLoopbackAddress, noteNotRun } from "../support/system-suites.js";
import {
  apiRequests,
  blobRequests,
  cleanupTemps,
  fakeEcr,
  getUrlArgs,
  keyEnv,
  layerDigestOf,
  requireBuiltCli,
  runCli,
  signatureHex,
  tempDir,
  type FakeEcr,
} from "./cli-helpers.js";

const TARGET = "AmazonEC2ContainerRegistry_V20150921.GetDownloadUrlForLayer";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTemps());

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** Every form a secret might be printed in: as is, URL-encoded, and a distinctive inner slice. */
function forms(secret: string): string[] {
  const out = new Set([secret, encodeURIComponent(secret)]);
  if (secret.length >= 40) out.add(secret.slice(Math.floor(secret.length / 2) - 12, Math.floor(secret.length / 2) + 12));
  return [...out];
}

function expectAbsent(stderr: string, what: string, secret: string | undefined): void {
  expect(secret, `${what} should be known`).toBeTruthy();
  for (const form of forms(secret!)) expect(stderr.includes(form), `${what} (${form}) printed on stderr`).toBe(false);
}

describe("--debug", () => {
  let ecr: FakeEcr;
  const env = keyEnv(FAKE_SESSION_CREDENTIALS);
  beforeAll(async () => {
    // Temporary keys: the fake then insists on exactly this (long, distinctive) session token.
    ecr = await fakeEcr({ credentials: [FAKE_SESSION_CREDENTIALS] });
    expect(FAKE_SESSION_CREDENTIALS.sessionToken!.length).toBeGreaterThan(100);
    expect(env.AWS_SESSION_TOKEN).toBe(FAKE_SESSION_CREDENTIALS.sessionToken);
  });
  afterEach(() => {
    ecr.setFaults([]);
    ecr.requests.length = 0;
  });
  afterAll(async () => ecr?.close());

  it("prints each attempt's request and response headers on stderr (two attempts after one ServerException)", async () => {
    ecr.setFaults([{ type: "error", code: "ServerException", times: 1 }]);
    const result = await runCli([...getUrlArgs(ecr), "--region", ecr.region, "--endpoint-url", ecr.endpoint, "--debug"], { env });
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    expect(JSON.parse(result.stdout).layerDigest).toBe(layerDigestOf(ecr));
    const api = apiRequests(ecr);
    expect(api).toHaveLength(2);
    expect(api.map((r) => r.status)).toEqual([500, 200]);
    expect(api.every((r) => r.signature === "valid")).toBe(true);

    // Request headers: the target header once per attempt, and each attempt's own X-Amz-Date.
    expect(occurrences(result.stderr, TARGET)).toBeGreaterThanOrEqual(2);
    for (const request of api) {
      expect(request.headers["x-amz-date"]).toMatch(/^\d{8}T\d{6}Z$/);
      expect(result.stderr).toContain(request.headers["x-amz-date"]!);
      expect(result.stderr).toContain(request.headers["content-type"]!);
    }
    // Response headers: each answer's own request id (a fresh UUID per answer).
    const ids = new Set([...result.stderr.matchAll(/x-amzn-requestid\W{1,4}([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/gi)].map((m) => m[1]));
    expect(ids.size).toBeGreaterThanOrEqual(2);
    expect(result.stderr).toMatch(/\b500\b/);
    expect(result.stderr).toMatch(/\b200\b/);
  });

  it("never prints the secret key, the session token or the Authorization signature", async () => {
    ecr.setFaults([{ type: "error", code: "ServerException", times: 1 }]);
    const result = await runCli([...getUrlArgs(ecr), "--region", ecr.region, "--endpoint-url", ecr.endpoint, "--debug"], { env });
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    expect(result.stderr.length).toBeGreaterThan(200); // it did print debug output
    expectAbsent(result.stderr, "the secret access key", FAKE_SESSION_CREDENTIALS.secretAccessKey);
    expectAbsent(result.stderr, "the session token", FAKE_SESSION_CREDENTIALS.sessionToken);
    const api = apiRequests(ecr);
    expect(api).toHaveLength(2);
    for (const request of api) {
      // The token was sent (so it was there to leak), and must not be printed.
      expect(request.headers["x-amz-security-token"]).toBe(FAKE_SESSION_CREDENTIALS.sessionToken);
      expectAbsent(result.stderr, "the Authorization signature", signatureHex(request));
    }
  });

  it("a service message quoting the session token, raw or percent-encoded, is printed redacted", async () => {
    const token = FAKE_SESSION_CREDENTIALS.sessionToken!;
    const message = `denied for ${token} (in a URL: ?X-Amz-Security-Token=${encodeURIComponent(token)}&x=${encodeURIComponent(token)})`;
    expect(encodeURIComponent(token)).not.toBe(token); // the encoded form is a different string
    ecr.setFaults([{ type: "error", code: "AccessDeniedException", message, times: 1 }]);
    const result = await runCli([...getUrlArgs(ecr), "--region", ecr.region, "--endpoint-url", ecr.endpoint], { env });
    expect(result.code).toBe(254);
    expect(result.stderr).toContain("An error occurred (AccessDeniedException)");
    expectAbsent(result.stderr, "the session token", token);
    expectAbsent(result.stderr, "the percent-encoded session token", encodeURIComponent(token));
  });

  it("download-layer --debug never prints the blob URL's X-Amz-Signature, X-Amz-Credential or X-Amz-Security-Token", async () => {
    const path = join(tempDir(), "layer.bin");
    const digest = layerDigestOf(ecr);
    const result = await runCli(
      ["download-layer", "--repository-name", "cluster-autoscaler", "--layer-digest", digest, "--output-file", path, "--region", ecr.region, "--endpoint-url", ecr.endpoint, "--debug"],
      { env },
    );
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    expect(readFileSync(path, "utf8")).toBe("layer one");
    expect(result.stderr.length).toBeGreaterThan(200);
    const blobs = blobRequests(ecr);
    expect(blobs.length).toBeGreaterThanOrEqual(1);
    for (const blob of blobs) {
      const query = new URL(blob.url, "http://x").searchParams;
      for (const name of ["X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token"]) {
        expectAbsent(result.stderr, `the download URL's ${name}`, query.get(name) ?? undefined);
      }
    }
    expectAbsent(result.stderr, "the secret access key", FAKE_SESSION_CREDENTIALS.secretAccessKey);
    expectAbsent(result.stderr, "the session token", FAKE_SESSION_CREDENTIALS.sessionToken);
    for (const request of apiRequests(ecr)) expectAbsent(result.stderr, "the Authorization signature", signatureHex(request));
  });
});

const OPENSSL = "/usr/bin/openssl";
const hasOpenssl = existsSync(OPENSSL);
if (!hasOpenssl) console.warn(`SKIPPED: the TLS tests need ${OPENSSL} to make a self-signed certificate, and it is missing`);

describe.skipIf(!hasOpenssl)(`TLS through a TLS-terminating proxy (needs ${OPENSSL})`, () => {
  let ecr: FakeEcr;
  let proxy: tls.Server;
  const sockets = new Set<net.Socket>();
  let certPath: string;
  let httpsEndpoint: string;
  let args: string[];

  beforeAll(async () => {
    const dir = tempDir();
    certPath = join(dir, "cert.pem");
    const keyPath = join(dir, "key.pem");
    execFileSync(
      OPENSSL,
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", keyPath, "-out", certPath],
      { stdio: "ignore" },
    );
    ecr = await fakeEcr();
    const upstream = new URL(ecr.endpoint);
    proxy = tls.createServer({ key: readFileSync(keyPath), cert: readFileSync(certPath) }, (client) => {
      const server = net.connect(Number(upstream.port), upstream.hostname);
      sockets.add(client).add(server);
      client.on("close", () => sockets.delete(client));
      server.on("close", () => sockets.delete(server));
      client.on("error", () => server.destroy());
      server.on("error", () => client.destroy());
      client.pipe(server).pipe(client);
    });
    proxy.on("tlsClientError", () => {}); // the client that refuses our certificate
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    httpsEndpoint = `https://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
    args = [...getUrlArgs(ecr), "--region", ecr.region, "--endpoint-url", httpsEndpoint];
  });
  afterEach(() => {
    ecr.requests.length = 0;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
    await ecr?.close();
  });

  it("without a CA bundle: exit 255 and an SSL validation failure, nothing reaches the server", async () => {
    const result = await runCli(args, { env: { ...keyEnv(), AWS_MAX_ATTEMPTS: "1" } });
    expect(result.code).toBe(255);
    expect(result.stderr).toContain(`SSL validation failed for ${httpsEndpoint}/`);
    expect(result.stdout).toBe("");
    expect(apiRequests(ecr)).toHaveLength(0);
  });

  it("--ca-bundle cert.pem: exit 0, through the proxy", async () => {
    const result = await runCli([...args, "--ca-bundle", certPath], { env: keyEnv() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout).layerDigest).toBe(layerDigestOf(ecr));
    const api = apiRequests(ecr);
    expect(api).toHaveLength(1);
    expect(api[0]!.headers.host).toBe(new URL(httpsEndpoint).host);
    expect(api[0]!.signature).toBe("valid");
  });

  it("AWS_CA_BUNDLE=cert.pem: exit 0", async () => {
    const result = await runCli(args, { env: { ...keyEnv(), AWS_CA_BUNDLE: certPath } });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).layerDigest).toBe(layerDigestOf(ecr));
    expect(apiRequests(ecr)).toHaveLength(1);
  });

  it("--no-verify-ssl: exit 0, with a warning on stderr", async () => {
    const result = await runCli([...args, "--no-verify-ssl"], { env: keyEnv() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning/i);
    expect(JSON.parse(result.stdout).layerDigest).toBe(layerDigestOf(ecr));
    expect(apiRequests(ecr)).toHaveLength(1);
  });
});

describe("--cli-connect-timeout", () => {
  // The brief suggested 10.255.255.1:9, but this sandbox answers connections to it at once
  // (it connected in a few ms when probed), so a local server that never accepts stands in:
  // a child process listens with a backlog of 1 and blocks its event loop, and two
  // connections from here fill the accept queue. Further SYNs are dropped: the connect hangs.
  let child: ChildProcess | undefined;
  const fillers: net.Socket[] = [];
  let port = 0;

  beforeAll(async () => {
    child = spawn(
      process.execPath,
      [
        "-e",
        `const s = require("node:net").createServer(() => {});
         s.listen(0, "127.0.0.1", 1, () => process.stdout.write(s.address().port + "\\n", () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)));`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    port = await new Promise<number>((resolve, reject) => {
      child!.stdout!.once("data", (data: Buffer) => resolve(Number(String(data).trim())));
      child!.once("error", reject);
    });
    // Fill the queue until a connect no longer completes within 500 ms.
    for (let i = 0; i < 8; i++) {
      const socket = net.connect(port, "127.0.0.1");
      socket.on("error", () => {});
      fillers.push(socket);
      const connected = await new Promise<boolean>((resolve) => {
        socket.once("connect", () => resolve(true));
        setTimeout(() => resolve(false), 500);
      });
      if (!connected) return;
    }
    throw new Error("could not fill the listen backlog of the never-accepting server");
  });
  afterAll(() => {
    for (const socket of fillers) socket.destroy();
    if (child && child.exitCode === null) child.kill("SIGKILL");
  });

  it("--cli-connect-timeout 1 against a server that never accepts: exit 255, 'Connect timeout on endpoint URL'", async () => {
    const ecr = await fakeEcr();
    try {
      const endpoint = `http://127.0.0.1:${port}`;
      const result = await runCli([...getUrlArgs(ecr), "--region", ecr.region, "--endpoint-url", endpoint, "--cli-connect-timeout", "1"], {
        env: keyEnv(),
        timeoutMs: 40_000,
      });
      expect(result.code, result.stderr).toBe(255);
      expect(result.stderr).toBe(`\nConnect timeout on endpoint URL: "${endpoint}/"\n`);
      // 1 s per attempt (3 attempts, with backoff), far below the 60 s default.
      expect(result.elapsedMs).toBeLessThan(20_000);
      expect(result.elapsedMs).toBeGreaterThanOrEqual(900);
    } finally {
      await ecr.close();
    }
  }, 45_000);
});

const address = nonLoopbackAddress();
if (address === undefined) noteNotRun("test/cli/transport.test.ts, --endpoint-url http:// to a non-loopback host: this machine has no non-loopback IPv4 interface");

describe("a plain-http endpoint that is not loopback", () => {
  // The library refuses one unless told otherwise; `--endpoint-url http://…` is the telling,
  // as in the AWS CLI. The fake listens on every interface and is reached through this
  // machine's own non-loopback address.
  let ecr: FakeEcr;
  let remote: string;
  beforeAll(async () => {
    ecr = await fakeEcr({ host: address === undefined ? "127.0.0.1" : "0.0.0.0" });
    remote = `http://${address}:${new URL(ecr.endpoint).port}`;
  });
  afterAll(() => ecr.close());

  it.runIf(address !== undefined)("--endpoint-url http://… is used, as the AWS CLI uses it", async () => {
    const before = apiRequests(ecr).length;
    const result = await runCli([...getUrlArgs(ecr), "--endpoint-url", remote, "--region", ecr.region], { env: keyEnv() });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).layerDigest).toBe(layerDigestOf(ecr));
    expect(apiRequests(ecr).length - before).toBe(1);
  });
});
