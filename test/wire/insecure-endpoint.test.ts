/**
 * Plain-http endpoints: a signed request in clear text hands its signature (and any session
 * token) to whoever is on the path, so only loopback is allowed without opting in. The fake
 * listens on every interface, and the "remote" endpoint is this machine's own non-loopback
 * address: real traffic over a real interface, without leaving the machine.
 */
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcrConfigError } from "../../src/errors.js";
import { apiRequests, clientConfig, fakeEcr, firstLayer, runtimes, thrown } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";

function nonLoopbackAddress(): string {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((i) => i !== undefined && !i.internal && i.family === "IPv4")?.address;
  if (address === undefined) throw new Error("this test needs a non-loopback IPv4 interface (it sends to this machine's own address)");
  return address;
}

let ecr: FakeEcr;
let remote: string;
beforeAll(async () => {
  ecr = await fakeEcr({ host: "0.0.0.0" });
  remote = `http://${nonLoopbackAddress()}:${new URL(ecr.endpoint).port}`;
});
afterAll(() => ecr.close());

describe.each(runtimes)("plain-http endpoints over $name", ({ Client }) => {
  it("refuses a non-loopback http endpoint with EcrConfigError, sending nothing", async () => {
    const before = apiRequests(ecr).length;
    const client = new Client(clientConfig(ecr, { endpoint: remote, urlCache: false }));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error).toBeInstanceOf(EcrConfigError);
    expect(error.message).toContain(JSON.stringify(`${remote}/`));
    expect(error.message).toContain("allowInsecureEndpoint");
    expect(apiRequests(ecr).length).toBe(before);
  });

  it("sends to it with allowInsecureEndpoint: true", async () => {
    const client = new Client(clientConfig(ecr, { endpoint: remote, allowInsecureEndpoint: true, urlCache: false }));
    const output = await client.getDownloadUrlForLayer(firstLayer(ecr));
    expect(output.layerDigest).toBe(firstLayer(ecr).layerDigest);
    expect(apiRequests(ecr).at(-1)!.signature).toBe("valid");
    client.destroy();
  });

  it("refuses it from AWS_ENDPOINT_URL_ECR too", async () => {
    const saved = process.env.AWS_ENDPOINT_URL_ECR;
    process.env.AWS_ENDPOINT_URL_ECR = remote;
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
