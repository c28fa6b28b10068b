/**
 * Plain-http endpoints: a signed request in clear text hands its signature (and any session
 * token) to whoever is on the path, so only loopback is allowed without opting in. The fake
 * listens on every interface, and the "remote" endpoint is this machine's own non-loopback
 * address: real traffic over a real interface, without leaving the machine. (Without
 * one, that case is named as not run at the end of `npm test`.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcrConfigError } from "../../src/errors.js";
import { nonLoopbackAddress, noteNotRun } from "../support/system-suites.js";
import { apiRequests, clientConfig, fakeEcr, firstLayer, runtimes, thrown } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";

/** Refused before anything is sent, so it needs no route: the "documentation" range. */
const UNROUTED = "http://198.51.100.7:4566";
const address = nonLoopbackAddress();
if (address === undefined) noteNotRun("test/wire/insecure-endpoint.test.ts, sending with allowInsecureEndpoint: this machine has no non-loopback IPv4 interface");

let ecr: FakeEcr;
let remote: string;
beforeAll(async () => {
  ecr = await fakeEcr({ host: address === undefined ? "127.0.0.1" : "0.0.0.0" });
  remote = `http://${address}:${new URL(ecr.endpoint).port}`;
});
afterAll(() => ecr.close());

describe.each(runtimes)("plain-http endpoints over $name", ({ Client }) => {
  it("refuses a non-loopback http endpoint with EcrConfigError, sending nothing", async () => {
    const before = apiRequests(ecr).length;
    const client = new Client(clientConfig(ecr, { endpoint: UNROUTED, urlCache: false }));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error).toBeInstanceOf(EcrConfigError);
    expect(error.message).toContain(JSON.stringify(`${UNROUTED}/`));
    expect(error.message).toContain("allowInsecureEndpoint");
    expect(apiRequests(ecr).length).toBe(before);
  });

  it.runIf(address !== undefined)("sends to it with allowInsecureEndpoint: true", async () => {
    const client = new Client(clientConfig(ecr, { endpoint: remote, allowInsecureEndpoint: true, urlCache: false }));
    const output = await client.getDownloadUrlForLayer(firstLayer(ecr));
    expect(output.layerDigest).toBe(firstLayer(ecr).layerDigest);
    expect(apiRequests(ecr).at(-1)!.signature).toBe("valid");
    client.destroy();
  });

  it("refuses it from AWS_ENDPOINT_URL_ECR too", async () => {
    const saved = process.env.AWS_ENDPOINT_URL_ECR;
    process.env.AWS_ENDPOINT_URL_ECR = UNROUTED;
    try {
      const before = apiRequests(ecr).length;
      const { endpoint: _, ...config } = clientConfig(ecr, { urlCache: false });
      const error = await thrown(() => new Client(config).getDownloadUrlForLayer(firstLayer(ecr)));
      expect(error).toBeInstanceOf(EcrConfigError);
      expect(apiRequests(ecr).length).toBe(before);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_ECR;
      else process.env.AWS_ENDPOINT_URL_ECR = saved;
    }
  });

  it("needs no opt-in for loopback", async () => {
    const port = new URL(ecr.endpoint).port;
    for (const host of ["127.0.0.1", "localhost"]) {
      const client = new Client(clientConfig(ecr, { endpoint: `http://${host}:${port}`, urlCache: false }));
      await expect(client.getDownloadUrlForLayer(firstLayer(ecr))).resolves.toMatchObject({ layerDigest: firstLayer(ecr).layerDigest });
      client.destroy();
    }
  });
});
