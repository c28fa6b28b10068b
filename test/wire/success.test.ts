import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcrInputError, getDownloadUrlForLayer } from "../../src/node.js";
import { clientConfig, DIGEST_PATTERN, FAKE_CREDENTIALS, fakeEcr, firstLayer, runtimes, thrown } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";

let ecr: FakeEcr;
beforeAll(async () => {
  ecr = await fakeEcr();
});
afterAll(() => ecr.close());

describe.each(runtimes)("a successful call over $name", ({ name, Client }) => {
  it("returns the URL, the digest, the expiry and the metadata", async () => {
    const client = new Client(clientConfig(ecr));
    const layer = firstLayer(ecr);
    const before = ecr.requests.length;
    const out = await client.getDownloadUrlForLayer(layer);
    const request = ecr.requests[before]!;
    expect(request.kind).toBe("api");
    expect(request.signature).toBe("valid");
    expect(out.layerDigest).toBe(layer.layerDigest);
    expect(out.layerDigest).toMatch(DIGEST_PATTERN);
    const url = new URL(out.downloadUrl);
    expect(url.origin).toBe(ecr.endpoint);
    // expiresAt is read from the URL the server signed: X-Amz-Date + X-Amz-Expires.
    const date = url.searchParams.get("X-Amz-Date")!;
    const signedAt = Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8), +date.slice(9, 11), +date.slice(11, 13), +date.slice(13, 15));
    expect(out.expiresAt?.getTime()).toBe(signedAt + Number(url.searchParams.get("X-Amz-Expires")) * 1000);
    expect(out.$metadata).toMatchObject({ httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 });
    // The fake answers with a UUID in x-amzn-RequestId.
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    client.destroy();
  });

  it("sends the AWS JSON 1.1 request the AWS CLI sends", async () => {
    const client = new Client(clientConfig(ecr, { userAgentAppId: "my-mirror" }));
    const layer = firstLayer(ecr, "team/app");
    const before = ecr.requests.length;
    await client.getDownloadUrlForLayer({ ...layer, registryId: ecr.registryId });
    const request = ecr.requests[before]!;
    expect(request.method).toBe("POST");
    expect(new URL(request.url, "http://x").pathname).toBe("/");
    expect(request.headers["content-type"]).toBe("application/x-amz-json-1.1");
    expect(request.headers["x-amz-target"]).toBe("AmazonEC2ContainerRegistry_V20150921.GetDownloadUrlForLayer");
    // Model order, only the given members.
    expect(request.body).toBe(`{"registryId":"${ecr.registryId}","repositoryName":"team/app","layerDigest":"${layer.layerDigest}"}`);
    const authorization = request.headers.authorization as string;
    expect(authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${FAKE_CREDENTIALS.accessKeyId}/\\d{8}/${ecr.region}/ecr/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$`));
    expect(authorization).toContain("x-amz-target");
    const agent = (name === "fetch" ? request.headers["x-amz-user-agent"] : request.headers["user-agent"]) as string;
    expect(agent).toMatch(/^ecr-layer-url\/\d+\.\d+\.\d+ app\/my-mirror$/);
    expect(request.signature).toBe("valid");
    client.destroy();
  });

  it("signs with a session token, sending it as X-Amz-Security-Token", async () => {
    const session = { accessKeyId: "ASIAFAKESESSION00001", secretAccessKey: "sessionSecretKey0000000000000000000000000", sessionToken: "FwoGZXIvYXdzEXAMPLE//session+token=" };
    const tokenEcr = await fakeEcr({ credentials: [FAKE_CREDENTIALS, session] });
    try {
      const client = new Client(clientConfig(tokenEcr, { credentials: session }));
      await client.getDownloadUrlForLayer(firstLayer(tokenEcr));
      const request = tokenEcr.requests.at(-1)!;
      expect(request.headers["x-amz-security-token"]).toBe(session.sessionToken);
      expect(request.headers.authorization).toContain("x-amz-security-token");
      expect(request.signature).toBe("valid");
      // The server holds the token to the key: the wrong token is refused.
      const wrong = new Client(clientConfig(tokenEcr, { credentials: { ...session, sessionToken: "not-the-token" }, maxAttempts: 1 }));
      expect((await thrown(() => wrong.getDownloadUrlForLayer(firstLayer(tokenEcr)))).name).toBe("UnrecognizedClientException");
      client.destroy();
      wrong.destroy();
    } finally {
      await tokenEcr.close();
    }
  });

  it("takes credentials from an async provider, resolving it once for many calls", async () => {
    let calls = 0;
    const client = new Client(clientConfig(ecr, { credentials: async () => (calls++, FAKE_CREDENTIALS) }));
    await Promise.all([1, 2, 3].map(() => client.getDownloadUrlForLayer(firstLayer(ecr))));
    await client.getDownloadUrlForLayer(firstLayer(ecr));
    expect(calls).toBe(1);
    client.destroy();
  });

  it("sends nothing when the input is invalid", async () => {
    const client = new Client(clientConfig(ecr));
    const before = ecr.requests.length;
    const error = await thrown(() => client.getDownloadUrlForLayer({ repositoryName: "Bad Name", layerDigest: "sha256:ab" }));
    expect(error).toBeInstanceOf(EcrInputError);
    expect(error.field).toBe("repositoryName");
    expect(error.$metadata.attempts).toBe(0);
    expect(ecr.requests.length).toBe(before);
    client.destroy();
  });

  it("hands out a URL that serves the layer's bytes", async () => {
    const client = new Client(clientConfig(ecr));
    const { downloadUrl } = await client.getDownloadUrlForLayer(firstLayer(ecr, "team/app"));
    expect(await (await fetch(downloadUrl)).text()).toBe("app layer");
    client.destroy();
  });
});

describe("the getDownloadUrlForLayer function", () => {
  it("shares one default client between calls without config (found through the environment)", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_REGION: ecr.region,
      AWS_ENDPOINT_URL_ECR: ecr.endpoint,
      AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    });
    delete process.env.AWS_PROFILE;
    ecr.setClockSkew(10 * 60_000);
    try {
      // The first call learns the server's clock (2 attempts); a shared client remembers it
      // (1 attempt when asked to skip the URL cache), and its URL cache (no attempt at all).
      expect((await getDownloadUrlForLayer(firstLayer(ecr))).$metadata.attempts).toBe(2);
      expect((await getDownloadUrlForLayer(firstLayer(ecr), { requestTimeoutMs: 5000, refresh: true })).$metadata.attempts).toBe(1);
      expect((await getDownloadUrlForLayer(firstLayer(ecr))).$metadata).toMatchObject({ attempts: 0, fromCache: true });
      // A call with config has its own client, which must learn the clock again.
      expect((await getDownloadUrlForLayer(firstLayer(ecr), { maxAttempts: 3 })).$metadata.attempts).toBe(2);
    } finally {
      ecr.setClockSkew(0);
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  it("gives a call with config a client of its own, and closes its connection afterwards", async () => {
    const own = await fakeEcr();
    try {
      let calls = 0;
      const credentials = async () => (calls++, FAKE_CREDENTIALS);
      const options = { region: own.region, endpoint: own.endpoint, credentials };
      const out = await getDownloadUrlForLayer(firstLayer(own), options);
      expect(out.$metadata.httpStatusCode).toBe(200);
      // A kept client would leave its keep-alive socket open; a closed one is gone at once.
      for (let i = 0; i < 50 && (await own.openConnections()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await own.openConnections()).toBe(0);
      await getDownloadUrlForLayer(firstLayer(own), options);
      expect(calls).toBe(2);
    } finally {
      await own.close();
    }
  });

  it("rejects (never throws synchronously) on bad options", async () => {
    const result = getDownloadUrlForLayer(firstLayer(ecr), { maxAttempts: 0 });
    expect(result).toBeInstanceOf(Promise);
    await expect(result).rejects.toMatchObject({ name: "EcrConfigError" });
  });
});

describe("a user-supplied request handler", () => {
  it("sends through any smithy HttpHandler, with the client's timeout still in force", async () => {
    const { FetchHttpHandler } = await import("@smithy/fetch-http-handler");
    const { EcrLayerClient, TimeoutError } = await import("../../src/node.js");
    const client = new EcrLayerClient(clientConfig(ecr, { requestHandler: new FetchHttpHandler(), maxAttempts: 1 }));
    const before = ecr.requests.length;
    const out = await client.getDownloadUrlForLayer(firstLayer(ecr));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(ecr.requests[before]!.signature).toBe("valid");
    ecr.setFaults([{ type: "delay", ms: 10_000, times: 1 }]);
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr), { requestTimeoutMs: 200, refresh: true }));
    expect(error).toBeInstanceOf(TimeoutError);
  });
});
