import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  EcrServiceException,
  InvalidParameterException,
  InvalidResponseError,
  LayerInaccessibleException,
  LayersNotFoundException,
  RepositoryNotFoundException,
  ServerException,
  UnableToGetUpstreamLayerException,
} from "../../src/node.js";
import { apiRequests, clientConfig, FAKE_CREDENTIALS, fakeEcr, firstLayer, runtimes, thrown } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";

let ecr: FakeEcr;
beforeAll(async () => {
  ecr = await fakeEcr();
});
beforeEach(() => ecr.setFaults([]));
afterAll(() => ecr.close());

const missingDigest = "sha256:" + "0".repeat(64);

describe.each(runtimes)("service errors over $name", ({ Client }) => {
  it("answers an unknown repository with RepositoryNotFoundException, not retried", async () => {
    const client = new Client(clientConfig(ecr));
    const before = apiRequests(ecr).length;
    const error = await thrown(() => client.getDownloadUrlForLayer({ repositoryName: "no-such-repo", layerDigest: missingDigest }));
    expect(error).toBeInstanceOf(RepositoryNotFoundException);
    expect(error).toBeInstanceOf(EcrServiceException);
    expect(error.name).toBe("RepositoryNotFoundException");
    expect(error.message).toContain("no-such-repo");
    expect(error.$fault).toBe("client");
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 1, totalRetryDelay: 0 });
    expect(error.$metadata.requestId).toMatch(/\S/);
    expect(error.$retryable).toBeUndefined();
    expect(apiRequests(ecr).length - before).toBe(1);
  });

  it("answers an unknown digest with LayersNotFoundException, not retried", async () => {
    const client = new Client(clientConfig(ecr));
    const before = apiRequests(ecr).length;
    const error = await thrown(() => client.getDownloadUrlForLayer({ repositoryName: "cluster-autoscaler", layerDigest: missingDigest }));
    expect(error).toBeInstanceOf(LayersNotFoundException);
    expect(error.$metadata.attempts).toBe(1);
    expect(apiRequests(ecr).length - before).toBe(1);
  });

  it.each([
    ["InvalidParameterException", InvalidParameterException, 400, "client"],
    ["LayerInaccessibleException", LayerInaccessibleException, 400, "client"],
    ["UnableToGetUpstreamLayerException", UnableToGetUpstreamLayerException, 400, "client"],
  ] as const)("maps %s to its class, not retried", async (code, Class, status, fault) => {
    ecr.setFaults([{ type: "error", code, status, message: `the ${code} text` }]);
    const client = new Client(clientConfig(ecr));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error).toBeInstanceOf(Class);
    expect(error.name).toBe(code);
    expect(error.message).toBe(`the ${code} text`);
    expect(error.$fault).toBe(fault);
    expect(error.$metadata).toMatchObject({ httpStatusCode: status, attempts: 1 });
  });

  it("maps ServerException to its class and retries it", async () => {
    ecr.setFaults([{ type: "error", code: "ServerException", status: 500, message: "internal" }]);
    const client = new Client(clientConfig(ecr, { maxAttempts: 2 }));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error).toBeInstanceOf(ServerException);
    expect(error.$fault).toBe("server");
    expect(error.$retryable).toEqual({ throttling: false });
    expect(error.$metadata).toMatchObject({ httpStatusCode: 500, attempts: 2 });
  });

  it.each([
    ["AccessDeniedException", 400, "User: arn:aws:iam::123456789012:user/x is not authorized to perform: ecr:GetDownloadUrlForLayer"],
    ["ExpiredTokenException", 400, "The security token included in the request is expired"],
    ["ValidationException", 400, "1 validation error detected"],
  ])("gives an unmodeled %s as EcrServiceException named by its code", async (code, status, message) => {
    ecr.setFaults([{ type: "error", code, status, message }]);
    const client = new Client(clientConfig(ecr));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error.constructor).toBe(EcrServiceException);
    expect(error.name).toBe(code);
    expect(error.message).toBe(message);
    expect(error.$fault).toBe("client");
    expect(error.$metadata.attempts).toBe(1);
  });

  it("gives an unknown access key as UnrecognizedClientException (the server's own check)", async () => {
    const client = new Client(clientConfig(ecr, { credentials: { accessKeyId: "AKIANOTKNOWN00000000", secretAccessKey: "x".repeat(40) } }));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error.constructor).toBe(EcrServiceException);
    expect(error.name).toBe("UnrecognizedClientException");
  });

  it("gives a wrong secret key as InvalidSignatureException (the server's own verifier)", async () => {
    const client = new Client(clientConfig(ecr, { credentials: { ...FAKE_CREDENTIALS, secretAccessKey: "w".repeat(40) } }));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error.name).toBe("InvalidSignatureException");
    expect(error.message).toContain("The request signature we calculated does not match");
    expect(error.$metadata.attempts).toBe(1);
  });

  it.each(["__type", "code", "header", "namespaced", "uri"] as const)("reads the error code from the %s form", async (form) => {
    ecr.setFaults([{ type: "error", code: "LayerInaccessibleException", status: 400, form }]);
    const client = new Client(clientConfig(ecr));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error).toBeInstanceOf(LayerInaccessibleException);
  });

  it("turns an HTML 503 from a proxy into a typed error with the status, after retries", async () => {
    ecr.setFaults([{ type: "status", status: 503, headers: { "content-type": "text/html" }, body: "<html><body>Service Unavailable</body></html>" }]);
    const client = new Client(clientConfig(ecr));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error).toBeInstanceOf(EcrServiceException);
    expect(error.name).toBe("UnknownError");
    expect(error.message).toContain("503");
    expect(error.$fault).toBe("server");
    expect(error.$metadata).toMatchObject({ httpStatusCode: 503, attempts: 3 });
  });

  it("turns an empty error body into a typed error with the status", async () => {
    ecr.setFaults([{ type: "status", status: 403, body: "" }]);
    const client = new Client(clientConfig(ecr));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error.name).toBe("UnknownError");
    expect(error.$metadata).toMatchObject({ httpStatusCode: 403, attempts: 1 });
  });

  it.each([
    ["truncated JSON", '{"downloadUrl":"htt'],
    ["an empty body", ""],
    ["a body without downloadUrl", '{"layerDigest":"sha256:ab"}'],
    ["a downloadUrl of the wrong type", '{"downloadUrl":42}'],
  ])("refuses a 200 with %s as InvalidResponseError", async (_what, body) => {
    ecr.setFaults([{ type: "status", status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body }]);
    const client = new Client(clientConfig(ecr, { maxAttempts: 2 }));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.name).toBe("InvalidResponseError");
    expect(error.$metadata).toMatchObject({ httpStatusCode: 200, attempts: 2 });
  });
});
