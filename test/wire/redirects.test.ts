/**
 * A signed request goes to the endpoint it was signed for and nowhere else. `fetch`
 * follows redirects by default, keeping Authorization on same-origin ones (and the body on
 * 307/308), so a redirect answer must end the call instead. The "elsewhere" server answers
 * like ECR would: a followed redirect would show up as a success.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcrServiceException } from "../../src/errors.js";
import { apiRequests, clientConfig, fakeEcr, firstLayer, runtimes, thrown } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";

let ecr: FakeEcr;
const elsewhere: Array<{ url: string; authorization?: string }> = [];
const other = createServer((req, res) => {
  elsewhere.push({ url: req.url ?? "", authorization: req.headers.authorization });
  res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
  res.end(JSON.stringify({ downloadUrl: "http://127.0.0.1:1/blob", layerDigest: firstLayer(ecr).layerDigest }));
});
let otherOrigin: string;

beforeAll(async () => {
  ecr = await fakeEcr();
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await ecr.close();
  other.closeAllConnections();
  await new Promise((resolve) => other.close(resolve));
});

describe.each(runtimes)("redirects over $name", ({ Client }) => {
  it.each([301, 302, 303, 307, 308])("does not follow a %i to another origin; the call fails once, not retried", async (status) => {
    elsewhere.length = 0;
    ecr.setFaults([{ type: "status", status, body: "", headers: { location: `${otherOrigin}/` } }]);
    const before = apiRequests(ecr).length;
    const client = new Client(clientConfig(ecr, { urlCache: false }));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    ecr.setFaults([]);
    expect(elsewhere).toEqual([]);
    expect(apiRequests(ecr).length - before).toBe(1);
    expect(error).toBeInstanceOf(EcrServiceException);
    expect(error.$metadata.httpStatusCode).toBe(status);
    expect(error.message).toContain("redirect");
    expect(error.message).toContain("not followed");
    client.destroy();
  });

  it("does not follow a same-origin redirect either (fetch would keep Authorization on it)", async () => {
    ecr.setFaults([{ type: "status", status: 307, body: "", headers: { location: `${ecr.endpoint}/elsewhere` } }]);
    const client = new Client(clientConfig(ecr, { urlCache: false }));
    const before = ecr.requests.length;
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    ecr.setFaults([]);
    expect(error).toBeInstanceOf(EcrServiceException);
    expect(ecr.requests.slice(before).map((r) => `${r.method} ${r.url}`)).toEqual(["POST /"]);
    client.destroy();
  });
});
