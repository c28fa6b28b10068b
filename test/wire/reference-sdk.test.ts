// The official AWS SDK (@aws-sdk/client-ecr) is the reference: sent to the same fake ECR,
// it must send the same request and reach the same outcome as we do.
import { ECRClient, GetDownloadUrlForLayerCommand } from "@aws-sdk/client-ecr";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EcrLayerClient } from "../../src/node.js";
import { apiRequests, clientConfig, FAKE_CREDENTIALS, fakeEcr, firstLayer } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";

let ecr: FakeEcr;
let sdk: ECRClient;
let ours: EcrLayerClient;
beforeAll(async () => {
  ecr = await fakeEcr();
  sdk = new ECRClient({ region: ecr.region, endpoint: ecr.endpoint, credentials: FAKE_CREDENTIALS });
  // The SDK has no URL cache: ours must send every call too, for the outcomes to compare.
  ours = new EcrLayerClient(clientConfig(ecr, { urlCache: false }));
});
beforeEach(() => ecr.setFaults([]));
afterAll(async () => {
  sdk.destroy();
  ours.destroy();
  await ecr.close();
});

async function both<T>(call: (via: "sdk" | "ours") => Promise<T>) {
  const before = apiRequests(ecr).length;
  const sdkResult = await call("sdk").catch((e: Error) => e);
  const sdkRequests = apiRequests(ecr).slice(before);
  const middle = apiRequests(ecr).length;
  const ourResult = await call("ours").catch((e: Error) => e);
  return { sdkResult, ourResult, sdkRequests, ourRequests: apiRequests(ecr).slice(middle) };
}

const input = (registryId?: string) => ({ ...firstLayer(ecr, "team/app"), ...(registryId ? { registryId } : {}) });
const call = (i: ReturnType<typeof input>) => (via: "sdk" | "ours"): Promise<unknown> =>
  via === "sdk" ? sdk.send(new GetDownloadUrlForLayerCommand(i)) : ours.getDownloadUrlForLayer(i);

describe("against the official AWS SDK (@aws-sdk/client-ecr)", () => {
  it.each([undefined, "123456789012"])("sends the same target, content type and body (registryId %s)", async (registryId) => {
    const { sdkResult, ourResult, sdkRequests, ourRequests } = await both(call(input(registryId)));
    expect(sdkResult).not.toBeInstanceOf(Error);
    expect(ourResult).not.toBeInstanceOf(Error);
    const [theirs, mine] = [sdkRequests[0]!, ourRequests[0]!];
    for (const name of ["x-amz-target", "content-type", "content-length"]) expect(mine.headers[name]).toBe(theirs.headers[name]);
    // The SDK writes members in the caller's key order; we write the model's order, as the
    // AWS CLI does. So the same members and values, the same length.
    expect(JSON.parse(mine.body)).toEqual(JSON.parse(theirs.body));
    expect(mine.method).toBe(theirs.method);
    expect(mine.url).toBe(theirs.url);
    expect(mine.signature).toBe("valid");
    expect(theirs.signature).toBe("valid");
  });

  it("reads the same answer", async () => {
    const { sdkResult, ourResult } = await both(call(input()));
    const theirs = sdkResult as { downloadUrl: string; layerDigest: string };
    const mine = ourResult as { downloadUrl: string; layerDigest: string };
    expect(mine.layerDigest).toBe(theirs.layerDigest);
    // Same blob, same parameters; only the signing second may differ.
    const strip = (u: string) => new URL(u).origin + new URL(u).pathname + [...new URL(u).searchParams.keys()].join(",");
    expect(strip(mine.downloadUrl)).toBe(strip(theirs.downloadUrl));
  });

  it.each([
    ["InvalidParameterException", 400],
    ["LayerInaccessibleException", 400],
    ["LayersNotFoundException", 400],
    ["RepositoryNotFoundException", 400],
    ["UnableToGetUpstreamLayerException", 400],
    ["AccessDeniedException", 400],
    ["ExpiredTokenException", 403],
  ])("gives %s the same name, fault, class and attempt count", async (code, status) => {
    ecr.setFaults([{ type: "error", code, status, message: "m" }]);
    const { sdkResult, ourResult } = await both(call(input()));
    const [theirs, mine] = [sdkResult as any, ourResult as any];
    expect(mine.name).toBe(theirs.name);
    expect(mine.$fault).toBe(theirs.$fault);
    expect(mine.message).toBe(theirs.message);
    expect(mine.constructor.name).toBe(theirs.constructor.name === "ECRServiceException" ? "EcrServiceException" : theirs.constructor.name);
    expect(mine.$metadata.attempts).toBe(theirs.$metadata.attempts);
    expect(mine.$metadata.httpStatusCode).toBe(theirs.$metadata.httpStatusCode);
  });

  it.each([
    ["ThrottlingException", 400],
    ["ServerException", 500],
  ])("retries %s as often as the SDK does (maxAttempts 3)", async (code, status) => {
    ecr.setFaults([{ type: "error", code, status }]);
    const { sdkResult, ourResult, sdkRequests, ourRequests } = await both(call(input()));
    expect((ourResult as Error).name).toBe((sdkResult as Error).name);
    expect(ourRequests.length).toBe(sdkRequests.length);
    expect((ourResult as any).$metadata.attempts).toBe((sdkResult as any).$metadata.attempts);
  }, 20_000);

  it("reads every error-code form the way the SDK does", async () => {
    for (const form of ["__type", "code", "header", "namespaced", "uri"] as const) {
      ecr.setFaults([{ type: "error", code: "LayersNotFoundException", status: 400, form }]);
      const { sdkResult, ourResult } = await both(call(input()));
      expect([form, (ourResult as Error).name]).toEqual([form, (sdkResult as Error).name]);
    }
  });

  it("recovers from a skewed server clock like the SDK", async () => {
    ecr.setClockSkew(10 * 60_000);
    try {
      const freshSdk = new ECRClient({ region: ecr.region, endpoint: ecr.endpoint, credentials: FAKE_CREDENTIALS });
      const freshOurs = new EcrLayerClient(clientConfig(ecr));
      const theirs = await freshSdk.send(new GetDownloadUrlForLayerCommand(input()));
      const mine = await freshOurs.getDownloadUrlForLayer(input());
      expect(mine.$metadata.attempts).toBe(theirs.$metadata.attempts);
      freshSdk.destroy();
      freshOurs.destroy();
    } finally {
      ecr.setClockSkew(0);
    }
  });
});
