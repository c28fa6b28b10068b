import { createHash } from "node:crypto";

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import {
  FAKE_CREDENTIALS,
  FAKE_SESSION_CREDENTIALS,
  GET_DOWNLOAD_URL_FOR_LAYER_TARGET,
  digestOf,
  signSigV4,
  startFakeEcr,
  type FakeEcr,
} from "../../src/testing/index.js";
import { callApi, downloadUrlOf, rawRequest, xmlElement } from "./fake-ecr-calls.js";

const LAYER = "0123456789abcdefghijklmnopqrstuvwxyzABCD"; // 40 bytes
const LAYER_DIGEST = digestOf(Buffer.from(LAYER));
const REPO = "team/app";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let ecr: FakeEcr;

beforeAll(async () => {
  ecr = await startFakeEcr({
    credentials: [FAKE_CREDENTIALS, FAKE_SESSION_CREDENTIALS],
    repositories: { [REPO]: [LAYER], empty: [] },
  });
});

afterAll(async () => {
  await ecr.close();
});

afterEach(() => {
  ecr.setFaults([]);
  ecr.setClockSkew(0);
  ecr.requests.length = 0;
});

describe("GetDownloadUrlForLayer", () => {
  it("answers a signed call with a download URL on the same server", async () => {
    const call = await callApi(ecr, { repositoryName: REPO, layerDigest: LAYER_DIGEST });
    expect(call.status).toBe(200);
    expect(call.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(call.headers.get("x-amzn-requestid")).toMatch(UUID);
    expect(call.json).toEqual({ downloadUrl: expect.any(String), layerDigest: LAYER_DIGEST });

    const url = new URL(call.json!.downloadUrl as string);
    expect(`${url.origin}${url.pathname}`).toBe(`${ecr.endpoint}/blobs/123456789012/team/app/${LAYER_DIGEST}`);
    expect([...url.searchParams.keys()]).toEqual([
      "X-Amz-Algorithm",
      "X-Amz-Credential",
      "X-Amz-Date",
      "X-Amz-Expires",
      "X-Amz-SignedHeaders",
      "X-Amz-Security-Token",
      "X-Amz-Signature",
    ]);
    expect(url.searchParams.get("X-Amz-Algorithm")).toBe("AWS4-HMAC-SHA256");
    expect(url.searchParams.get("X-Amz-Credential")).toMatch(/^ASIA[A-Z0-9]{16}\/\d{8}\/us-east-1\/s3\/aws4_request$/);
    expect(url.search).toContain("X-Amz-Credential=ASIAFAKELAYERBUCKET0%2F");
    expect(url.searchParams.get("X-Amz-Expires")).toBe("3600");
    expect(url.searchParams.get("X-Amz-SignedHeaders")).toBe("host");
    expect(url.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
    const signedAt = url.searchParams.get("X-Amz-Date")!;
    expect(Math.abs(Date.parse(signedAt.replace(/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/, "$1-$2-$3T$4:$5:$6Z")) - Date.now())).toBeLessThan(5000);

    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/octet-stream");
    expect(download.headers.get("content-length")).toBe(String(LAYER.length));
    expect(download.headers.get("accept-ranges")).toBe("bytes");
    expect(download.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await download.text()).toBe(LAYER);
  });

  it("records every request in order", async () => {
    const url = await downloadUrlOf(ecr, REPO, LAYER_DIGEST);
    await (await fetch(url)).arrayBuffer();
    await fetch(`${ecr.endpoint}/`, { method: "OPTIONS" });
    await (await fetch(`${ecr.endpoint}/elsewhere`)).arrayBuffer();

    expect(ecr.requests.map((r) => [r.kind, r.method, r.status, r.signature])).toEqual([
      ["api", "POST", 200, "valid"],
      ["blob", "GET", 200, "valid"],
      ["preflight", "OPTIONS", 204, "not-checked"],
      ["other", "GET", 404, "not-checked"],
    ]);
    const [api, blob] = ecr.requests;
    expect(api).toMatchObject({
      url: "/",
      target: GET_DOWNLOAD_URL_FOR_LAYER_TARGET,
      hasAuthorization: true,
      body: JSON.stringify({ repositoryName: REPO, layerDigest: LAYER_DIGEST }),
    });
    expect(api!.headers["x-amz-target"]).toBe(GET_DOWNLOAD_URL_FOR_LAYER_TARGET);
    expect(api!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAFAKEEXAMPLE12345\//);
    expect(blob).toMatchObject({ hasAuthorization: false, url: url.slice(ecr.endpoint.length) });
    expect(blob!.fault).toBeUndefined();
  });

  it("stores layers added later and reports them", async () => {
    const digest = ecr.addLayer("later/repo", new Uint8Array([1, 2, 3]));
    expect(digest).toBe(`sha256:${createHash("sha256").update(new Uint8Array([1, 2, 3])).digest("hex")}`);
    expect(ecr.layers).toContainEqual({ repositoryName: "later/repo", layerDigest: digest, size: 3 });
    expect(ecr.layers).toContainEqual({ repositoryName: REPO, layerDigest: LAYER_DIGEST, size: 40 });
    const call = await callApi(ecr, { repositoryName: "later/repo", layerDigest: digest, registryId: "123456789012" });
    expect(call.status).toBe(200);
  });

  describe("checks the signature first", () => {
    const input = { repositoryName: REPO, layerDigest: LAYER_DIGEST };

    it("answers a missing signature with MissingAuthenticationTokenException", async () => {
      const call = await callApi(ecr, input, { unsigned: true });
      expect(call.status).toBe(400);
      expect(call.json).toEqual({ __type: "MissingAuthenticationTokenException", message: "Missing Authentication Token" });
      expect(ecr.requests[0]).toMatchObject({ signature: "missing", errorCode: "MissingAuthenticationTokenException", hasAuthorization: false });
    });

    it("answers an unknown key with UnrecognizedClientException", async () => {
      const call = await callApi(ecr, input, { credentials: { accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "x".repeat(40) } });
      expect(call.status).toBe(400);
      expect(call.json).toEqual({ __type: "UnrecognizedClientException", message: "The security token included in the request is invalid." });
      expect(ecr.requests[0]!.signature).toBe("unknown-key");
    });

    it("answers a wrong secret with InvalidSignatureException quoting the canonical request, token line and all", async () => {
      const credentials = { ...FAKE_SESSION_CREDENTIALS, secretAccessKey: "y".repeat(40) };
      const call = await callApi(ecr, input, { credentials });
      expect(call.status).toBe(400);
      expect(call.json?.__type).toBe("InvalidSignatureException");
      const message = call.json?.message as string;
      expect(message).toMatch(
        /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'POST\n\/\n\n[^']*'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}\/us-east-1\/ecr\/aws4_request\n[0-9a-f]{64}'\n$/,
      );
      expect(message).toContain(`\nx-amz-security-token:${FAKE_SESSION_CREDENTIALS.sessionToken}\n`);
      expect(message).toContain("\ncontent-type;host;x-amz-date;x-amz-security-token;x-amz-target\n");
      expect(ecr.requests[0]!.signature).toBe("invalid");
    });

    it("refuses a body changed after signing", async () => {
      const call = await callApi(ecr, input, { signedBody: JSON.stringify({ ...input, repositoryName: "other" }) });
      expect(call.json?.__type).toBe("InvalidSignatureException");
      const hash = createHash("sha256").update(JSON.stringify(input)).digest("hex");
      expect(call.json?.message).toContain(`\n${hash}'\n`);
    });

    it("wants the key's session token, and wants it signed", async () => {
      const wrong = await callApi(ecr, input, { credentials: { ...FAKE_SESSION_CREDENTIALS, sessionToken: "not-the-token" } });
      expect(wrong.json).toEqual({ __type: "UnrecognizedClientException", message: "The security token included in the request is invalid." });
      const unsigned = await callApi(ecr, input, { credentials: FAKE_SESSION_CREDENTIALS, leaveTokenUnsigned: true });
      expect(unsigned.json?.__type).toBe("InvalidSignatureException");
      expect(ecr.requests.map((r) => r.signature)).toEqual(["bad-token", "unsigned-token"]);
      expect((await callApi(ecr, input, { credentials: FAKE_SESSION_CREDENTIALS })).status).toBe(200);
    });

    it("checks the credential scope's region and service", async () => {
      const region = await callApi(ecr, input, { region: "eu-west-1" });
      expect(region.json).toEqual({ __type: "InvalidSignatureException", message: "Credential should be scoped to a valid region." });
      const service = await callApi(ecr, input, { service: "ecr-public" });
      expect(service.json).toEqual({ __type: "InvalidSignatureException", message: "Credential should be scoped to correct service: 'ecr'." });
    });

    it("refuses a request signed more than 5 minutes before or after the server's clock", async () => {
      const now = ecr.now().getTime();
      const stale = await callApi(ecr, input, { time: now - 10 * 60_000 });
      expect(stale.json?.__type).toBe("InvalidSignatureException");
      expect(stale.json?.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
      const early = await callApi(ecr, input, { time: now + 10 * 60_000 });
      expect(early.json?.message).toMatch(/^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/);
      expect(ecr.requests.map((r) => r.signature)).toEqual(["expired", "expired"]);
      expect((await callApi(ecr, input, { time: now - 4 * 60_000 })).status).toBe(200);
    });

    it("judges expiry by its own, skewed, clock", async () => {
      ecr.setClockSkew(60 * 60_000);
      const realTime = await callApi(ecr, input, { time: Date.now() });
      expect(realTime.json?.message).toMatch(/^Signature expired/);
      expect((await callApi(ecr, input)).status).toBe(200); // signed at ecr.now()
    });
  });

  describe("validates the input after the signature", () => {
    it("reports pattern and length violations as ECR does", async () => {
      const call = await callApi(ecr, { repositoryName: "Bad_Name", layerDigest: LAYER_DIGEST });
      expect(call.status).toBe(400);
      expect(call.json).toEqual({
        __type: "ValidationException",
        message:
          "1 validation error detected: Value 'Bad_Name' at 'repositoryName' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
          "^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$",
      });
      const several = await callApi(ecr, { repositoryName: "a", registryId: "12", layerDigest: "nodigest" });
      expect(several.json?.message).toBe(
        "3 validation errors detected: " +
          "Value '12' at 'registryId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9]{12}$; " +
          "Value 'a' at 'repositoryName' failed to satisfy constraint: Member must have length greater than or equal to 2; " +
          "Value 'nodigest' at 'layerDigest' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+$",
      );
      const missing = await callApi(ecr, { repositoryName: REPO });
      expect(missing.json?.message).toBe("1 validation error detected: Value null at 'layerDigest' failed to satisfy constraint: Member must not be null");
      const long = await callApi(ecr, { repositoryName: "a".repeat(257), layerDigest: LAYER_DIGEST });
      expect(long.json?.message).toContain("Member must have length less than or equal to 256");
    });

    it("checks the signature before the input", async () => {
      const call = await callApi(ecr, { repositoryName: "Bad_Name" }, { unsigned: true });
      expect(call.json?.__type).toBe("MissingAuthenticationTokenException");
    });

    it("answers unknown repositories, registries and layers", async () => {
      const repo = await callApi(ecr, { repositoryName: "nope", layerDigest: LAYER_DIGEST });
      expect(repo.json).toEqual({
        __type: "RepositoryNotFoundException",
        message: "The repository with name 'nope' does not exist in the registry with id '123456789012'",
      });
      const registry = await callApi(ecr, { repositoryName: REPO, layerDigest: LAYER_DIGEST, registryId: "999999999999" });
      expect(registry.json).toEqual({
        __type: "RepositoryNotFoundException",
        message: "The repository with name 'team/app' does not exist in the registry with id '999999999999'",
      });
      const other = `sha256:${"0".repeat(64)}`;
      const layer = await callApi(ecr, { repositoryName: "empty", layerDigest: other });
      expect(layer.status).toBe(400);
      expect(layer.json?.__type).toBe("LayersNotFoundException");
      expect(layer.json?.message).toContain(other);
      expect(layer.json?.message).toContain("'empty'");
      const short = await callApi(ecr, { repositoryName: REPO, layerDigest: "sha256:abc" });
      expect(short.json?.__type).toBe("InvalidParameterException");
    });

    it("answers malformed bodies with SerializationException and other targets with UnknownOperationException", async () => {
      expect((await callApi(ecr, "{not json")).json?.__type).toBe("SerializationException");
      expect((await callApi(ecr, "[1]")).json?.__type).toBe("SerializationException");
      const number = await callApi(ecr, { repositoryName: 5, layerDigest: LAYER_DIGEST });
      expect(number.json?.__type).toBe("SerializationException");
      const target = await callApi(ecr, {}, { target: "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories" });
      expect(target.status).toBe(400);
      expect(target.json?.__type).toBe("UnknownOperationException");
      expect(ecr.requests.map((r) => r.errorCode)).toEqual(["SerializationException", "SerializationException", "SerializationException", "UnknownOperationException"]);
    });
  });
});

describe("layer downloads", () => {
  it("serves byte ranges as S3 does", async () => {
    const url = await downloadUrlOf(ecr, REPO, LAYER_DIGEST);
    const range = async (header: string) => {
      const response = await fetch(url, { headers: { range: header } });
      return { status: response.status, contentRange: response.headers.get("content-range"), length: response.headers.get("content-length"), text: await response.text() };
    };
    expect(await range("bytes=2-5")).toEqual({ status: 206, contentRange: "bytes 2-5/40", length: "4", text: LAYER.slice(2, 6) });
    expect(await range("bytes=30-")).toEqual({ status: 206, contentRange: "bytes 30-39/40", length: "10", text: LAYER.slice(30) });
    expect(await range("bytes=-4")).toEqual({ status: 206, contentRange: "bytes 36-39/40", length: "4", text: LAYER.slice(-4) });
    expect(await range("bytes=35-100")).toEqual({ status: 206, contentRange: "bytes 35-39/40", length: "5", text: LAYER.slice(35) });
    expect(await range("bytes=5-2")).toMatchObject({ status: 200, contentRange: null, text: LAYER });
    const unsatisfiable = await range("bytes=40-");
    expect(unsatisfiable).toMatchObject({ status: 416, contentRange: "bytes */40" });
    expect(xmlElement(unsatisfiable.text, "Code")).toBe("InvalidRange");
  });

  it("answers HEAD with the headers only", async () => {
    const url = await downloadUrlOf(ecr, REPO, LAYER_DIGEST);
    const head = await rawRequest(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers["content-length"]).toBe("40");
    expect(head.body.length).toBe(0);
  });

  it("refuses an expired URL with S3's AccessDenied", async () => {
    const url = await downloadUrlOf(ecr, REPO, LAYER_DIGEST);
    ecr.setClockSkew(3601 * 1000);
    const response = await fetch(url);
    expect(response.status).toBe(403);
    const xml = await response.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
    expect(xmlElement(xml, "X-Amz-Expires")).toBe("3600");
    expect(ecr.requests.at(-1)).toMatchObject({ kind: "blob", signature: "expired", status: 403, errorCode: "AccessDenied" });

    const old = ecr.downloadUrl(REPO, LAYER_DIGEST, { signedAt: Date.now() - 2 * 3600_000 });
    expect((await fetch(old)).status).toBe(403);
    ecr.setClockSkew(0);
    expect((await fetch(ecr.downloadUrl(REPO, LAYER_DIGEST, { ttlSeconds: 60 }))).status).toBe(200);
  });

  it("refuses an edited URL with SignatureDoesNotMatch", async () => {
    const url = await downloadUrlOf(ecr, REPO, LAYER_DIGEST);
    const edits = [
      url.replace("X-Amz-Expires=3600", "X-Amz-Expires=7200"),
      url.replace(LAYER_DIGEST, `sha256:${"1".repeat(64)}`),
      `${url}&extra=1`,
      url.replace(/X-Amz-Signature=[0-9a-f]{4}/, "X-Amz-Signature=0000"),
    ];
    for (const edited of edits) {
      const response = await fetch(edited);
      expect(response.status).toBe(403);
      expect(xmlElement(await response.text(), "Code")).toBe("SignatureDoesNotMatch");
    }
    const unsigned = await fetch(url.replace(/&X-Amz-Signature=[0-9a-f]+/, ""));
    expect(xmlElement(await unsigned.text(), "Code")).toBe("AccessDenied");
    expect(ecr.requests.filter((r) => r.kind === "blob").map((r) => r.signature)).toEqual(["invalid", "invalid", "invalid", "invalid", "missing"]);

    const other = await startFakeEcr({ repositories: { [REPO]: [LAYER] } });
    try {
      const foreign = (await downloadUrlOf(other, REPO, LAYER_DIGEST)).replace(other.endpoint, ecr.endpoint);
      expect((await fetch(foreign)).status).toBe(403);
    } finally {
      await other.close();
    }
  });

  it("refuses (and records) an Authorization header on a download, as S3 does", async () => {
    const url = await downloadUrlOf(ecr, REPO, LAYER_DIGEST);
    const response = await fetch(url, { headers: { authorization: "AWS4-HMAC-SHA256 Credential=x" } });
    expect(response.status).toBe(400);
    expect(xmlElement(await response.text(), "Code")).toBe("InvalidArgument");
    expect(ecr.requests.at(-1)).toMatchObject({ kind: "blob", hasAuthorization: true });
  });
});

describe("CORS, Date and request ids on every response", () => {
  it("answers a preflight on any path", async () => {
    for (const path of ["/", "/blobs/123456789012/team/app/x"]) {
      const response = await fetch(`${ecr.endpoint}${path}`, {
        method: "OPTIONS",
        headers: { origin: "http://app.example", "access-control-request-method": "POST", "access-control-request-headers": "authorization,x-amz-date,x-amz-target" },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-allow-methods")).toBe("GET, HEAD, POST, OPTIONS");
      expect(response.headers.get("access-control-allow-headers")).toBe("*, authorization,x-amz-date,x-amz-target");
      expect(Number(response.headers.get("access-control-max-age"))).toBeGreaterThan(0);
    }
  });

  it("stamps every response with the skewed clock's Date, a request id and CORS headers", async () => {
    const skew = -3 * 24 * 3600_000;
    ecr.setClockSkew(skew);
    const url = ecr.downloadUrl(REPO, LAYER_DIGEST);
    const responses: Response[] = [];
    const ok = await callApi(ecr, { repositoryName: REPO, layerDigest: LAYER_DIGEST });
    expect(ok.status).toBe(200);
    const error = await callApi(ecr, {}, { unsigned: true });
    expect(error.status).toBe(400);
    responses.push(await fetch(url), await fetch(`${ecr.endpoint}/`, { method: "OPTIONS" }), await fetch(`${ecr.endpoint}/x`));
    ecr.setFaults([{ type: "status", status: 502, body: "<html>bad gateway</html>" }]);
    const faulted = await callApi(ecr, {});
    expect(faulted.status).toBe(502);

    for (const headers of [ok.headers, error.headers, faulted.headers, ...responses.map((r) => r.headers)]) {
      const date = Date.parse(headers.get("date")!);
      expect(Math.abs(date - (Date.now() + skew))).toBeLessThan(5000);
      expect(headers.get("x-amzn-requestid")).toMatch(UUID);
      expect(headers.get("access-control-allow-origin")).toBe("*");
      expect(headers.get("access-control-expose-headers")).toContain("x-amzn-requestid");
    }
    await Promise.all(responses.map((r) => r.arrayBuffer()));
  });
});

describe("faults", () => {
  const input = { repositoryName: REPO, layerDigest: LAYER_DIGEST };

  it("answers raw statuses, then goes back to normal when used up", async () => {
    ecr.setFaults([
      { type: "status", status: 502, body: "<html><body>502 Bad Gateway</body></html>", times: 1 },
      { type: "status", status: 200, body: "", times: 1 },
      { type: "status", status: 200, body: '{"downloadUrl":"htt', times: 1 },
      { type: "status", status: 504, body: "timeout", headers: { "Content-Type": "text/plain" }, times: 1 },
    ]);
    const html = await callApi(ecr, input);
    expect(html).toMatchObject({ status: 502, text: "<html><body>502 Bad Gateway</body></html>" });
    expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await callApi(ecr, input)).toMatchObject({ status: 200, text: "" });
    const truncated = await callApi(ecr, input);
    expect(truncated).toMatchObject({ status: 200, text: '{"downloadUrl":"htt' });
    expect(truncated.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    const plain = await callApi(ecr, input);
    expect(plain.headers.get("content-type")).toBe("text/plain");
    expect((await callApi(ecr, input)).status).toBe(200);
    expect(ecr.requests.map((r) => r.fault?.type ?? "none")).toEqual(["status", "status", "status", "status", "none"]);
    // The request itself was fine; the record says so even though the fault answered.
    expect(ecr.requests.every((r) => r.signature === "valid")).toBe(true);
  });

  it("applies rules in order, each for its times, a rule without times for good", async () => {
    ecr.setFaults([
      { type: "status", status: 503, times: 2 },
      { type: "error", code: "ThrottlingException" },
    ]);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await callApi(ecr, input)).status);
    expect(statuses).toEqual([503, 503, 400, 400]);
    expect(ecr.requests.map((r) => r.errorCode)).toEqual([undefined, undefined, "ThrottlingException", "ThrottlingException"]);
  });

  it("applies a rule with a probability to about that share of requests, each request drawn on its own", async () => {
    ecr.setFaults([{ type: "status", status: 503, probability: 0.25 }]);
    const statuses: number[] = [];
    for (let i = 0; i < 400; i++) statuses.push((await callApi(ecr, input)).status);
    const failed = statuses.filter((s) => s === 503).length;
    // Binomial(400, 0.25): mean 100, sd 8.7; this range is about 6 sd wide on each side.
    expect(failed).toBeGreaterThan(48);
    expect(failed).toBeLessThan(152);
    expect(statuses.filter((s) => s !== 503 && s !== 200)).toEqual([]);
  });

  it("passes over a rule its probability skips, to the next rule; times counts only the requests it applied to", async () => {
    ecr.setFaults([
      { type: "status", status: 503, probability: 0 },
      { type: "status", status: 502, probability: 1, times: 2 },
    ]);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await callApi(ecr, input)).status);
    expect(statuses).toEqual([502, 502, 200]);
  });

  it.each([-0.1, 1.5, Number.NaN, "0.5"])("refuses probability %s", (probability) => {
    expect(() => ecr.setFaults([{ type: "status", status: 503, probability: probability as number }])).toThrow(RangeError);
  });

  it("matches API calls by default and blob downloads when asked", async () => {
    const url = await downloadUrlOf(ecr, REPO, LAYER_DIGEST);
    ecr.setFaults([{ type: "error", code: "SlowDown", match: "blob", message: "Please reduce your request rate." }]);
    expect((await callApi(ecr, input)).status).toBe(200);
    const response = await fetch(url);
    expect(response.status).toBe(503);
    const xml = await response.text();
    expect(xmlElement(xml, "Code")).toBe("SlowDown");
    expect(xmlElement(xml, "Message")).toBe("Please reduce your request rate.");
  });

  it("puts an error's code where its form says", async () => {
    const forms = [
      ["__type", { __type: "ThrottlingException" }, null],
      ["code", { code: "ThrottlingException" }, null],
      ["header", {}, "ThrottlingException"],
      ["namespaced", { __type: "aws.ecr#ThrottlingException" }, null],
      ["uri", { __type: "ThrottlingException:http://internal.amazon.com/coral/com.amazonaws.ecr/" }, null],
    ] as const;
    for (const [form, body, header] of forms) {
      ecr.setFaults([{ type: "error", code: "ThrottlingException", message: "Rate exceeded", form }]);
      const call = await callApi(ecr, input);
      expect(call.status).toBe(400);
      expect(call.json).toEqual({ ...body, message: "Rate exceeded" });
      expect(call.headers.get("x-amzn-errortype")).toBe(header);
    }
    ecr.setFaults([{ type: "error", code: "ServerException", retryAfterSeconds: 2 }]);
    const server = await callApi(ecr, input);
    expect(server.status).toBe(500);
    expect(server.headers.get("retry-after")).toBe("2");
    expect(server.headers.get("x-amz-retry-after")).toBe("2000");
    ecr.setFaults([{ type: "error", code: "AccessDeniedException", status: 403 }]);
    expect((await callApi(ecr, input)).status).toBe(403);
  });

  it("delays the answer", async () => {
    ecr.setFaults([{ type: "delay", ms: 300, times: 1 }]);
    const started = Date.now();
    const call = await callApi(ecr, input);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(call.status).toBe(200);
    expect(ecr.requests[0]!.fault).toEqual({ type: "delay", ms: 300, times: 1 });
  });

  it("drops the connection before any headers", async () => {
    ecr.setFaults([{ type: "drop-before-headers", times: 1 }]);
    await expect(callApi(ecr, input)).rejects.toThrow();
    expect(ecr.requests[0]).toMatchObject({ status: 0, fault: { type: "drop-before-headers" }, body: JSON.stringify(input) });
    expect((await callApi(ecr, input)).status).toBe(200);
  });

  it("drops the connection halfway through an API body", async () => {
    ecr.setFaults([{ type: "drop-mid-body" }]);
    const body = JSON.stringify(input);
    const signed = signSigV4(
      { method: "POST", url: `${ecr.endpoint}/`, headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": GET_DOWNLOAD_URL_FOR_LAYER_TARGET }, body },
      { credentials: FAKE_CREDENTIALS, region: ecr.region, service: "ecr", time: ecr.now() },
    );
    const raw = await rawRequest(`${ecr.endpoint}/`, { method: "POST", headers: signed.headers, body });
    expect(raw.status).toBe(200);
    const length = Number(raw.headers["content-length"]);
    expect(length).toBeGreaterThan(100);
    expect(raw.complete).toBe(false);
    expect(raw.body.length).toBe(Math.floor(length / 2));
    await expect(callApi(ecr, input)).rejects.toThrow(); // fetch sees the cut too
  });

  it("drops the connection halfway through a layer", async () => {
    const url = await downloadUrlOf(ecr, REPO, LAYER_DIGEST);
    ecr.setFaults([{ type: "drop-mid-body", match: "blob" }]);
    const raw = await rawRequest(url);
    expect(raw).toMatchObject({ status: 200, complete: false });
    expect(raw.headers["content-length"]).toBe("40");
    expect(raw.body.toString()).toBe(LAYER.slice(0, 20));
  });

  it("drips a body slowly, whole", async () => {
    const url = await downloadUrlOf(ecr, REPO, LAYER_DIGEST);
    ecr.setFaults([{ type: "slow-drip", match: "blob", chunkBytes: 8, intervalMs: 40 }]);
    const raw = await rawRequest(url);
    expect(raw).toMatchObject({ status: 200, complete: true });
    expect(raw.body.toString()).toBe(LAYER);
    expect(raw.elapsedMs).toBeGreaterThanOrEqual(4 * 40 - 10);
    expect(raw.chunks).toBeGreaterThanOrEqual(3);
  });

  it("streams a huge error body of exactly the size asked, with or without a length", async () => {
    const bytes = 10 * 1024 * 1024;
    ecr.setFaults([{ type: "huge-error", bytes, times: 1 }, { type: "huge-error", bytes: 300_000, chunked: true, times: 1 }]);
    const response = await fetch(`${ecr.endpoint}/`, { method: "POST", body: "{}" });
    expect(response.status).toBe(500);
    expect(response.headers.get("content-length")).toBe(String(bytes));
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.length).toBe(bytes);
    expect(body.subarray(0, 40).toString()).toBe('{"__type":"ServerException","message":"x');
    expect(body.subarray(-3).toString()).toBe('x"}');

    const chunked = await rawRequest(`${ecr.endpoint}/`, { method: "POST", body: "{}" });
    expect(chunked.headers["content-length"]).toBeUndefined();
    expect(chunked.headers["transfer-encoding"]).toBe("chunked");
    expect(chunked.body.length).toBe(300_000);
    expect(ecr.requests.map((r) => r.errorCode)).toEqual(["ServerException", "ServerException"]);
  });

  it("stops streaming a huge error when the client stops reading", async () => {
    ecr.setFaults([{ type: "huge-error", bytes: 200 * 1024 * 1024 }]);
    const raw = await rawRequest(`${ecr.endpoint}/`, { method: "POST", body: "{}", stopAfterBytes: 1 });
    expect(raw.complete).toBe(false);
    expect(raw.body.length).toBeLessThan(200 * 1024 * 1024);
    ecr.setFaults([]);
    expect((await callApi(ecr, input)).status).toBe(200);
  });
});

describe("close()", () => {
  it("ends keep-alive and in-flight connections and delayed answers at once, leaving nothing running", async () => {
    const count = (list: string[]) => list.reduce<Record<string, number>>((acc, name) => ({ ...acc, [name]: (acc[name] ?? 0) + 1 }), {});
    const baseline = count(process.getActiveResourcesInfo());

    const server = await startFakeEcr({ repositories: { [REPO]: [LAYER] } });
    // A finished keep-alive exchange, a pending delay, and a pending slow drip.
    expect((await callApi(server, { repositoryName: REPO, layerDigest: LAYER_DIGEST })).status).toBe(200);
    server.setFaults([
      { type: "delay", ms: 60_000 },
      { type: "slow-drip", match: "blob", chunkBytes: 1, intervalMs: 60_000 },
    ]);
    const delayed = callApi(server, { repositoryName: REPO, layerDigest: LAYER_DIGEST });
    const dripping = rawRequest(server.downloadUrl(REPO, LAYER_DIGEST));
    while (server.requests.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));

    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(delayed).rejects.toThrow();
    expect(await dripping).toMatchObject({ complete: false });
    await server.close(); // twice is fine
    await expect(fetch(`${server.endpoint}/`)).rejects.toThrow();

    // No server, socket or timer of ours is left to keep the process alive.
    await new Promise((resolve) => setImmediate(resolve));
    const after = count(process.getActiveResourcesInfo());
    for (const kind of ["TCPServerWrap", "TCPSocketWrap", "Timeout"]) expect(after[kind] ?? 0).toBeLessThanOrEqual(baseline[kind] ?? 0);
  });

  it("accepts one credential object and the default options", async () => {
    const server = await startFakeEcr({ credentials: FAKE_SESSION_CREDENTIALS, registryId: "210987654321", region: "eu-west-1", urlTtlSeconds: 60 });
    try {
      expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.credentials).toEqual([FAKE_SESSION_CREDENTIALS]);
      const digest = server.addLayer("r1", "x");
      const call = await callApi(server, { repositoryName: "r1", layerDigest: digest }, { credentials: FAKE_SESSION_CREDENTIALS });
      expect(call.status).toBe(200);
      const url = new URL(call.json!.downloadUrl as string);
      expect(url.pathname).toBe(`/blobs/210987654321/r1/${digest}`);
      expect(url.searchParams.get("X-Amz-Expires")).toBe("60");
      expect(url.searchParams.get("X-Amz-Credential")).toContain("/eu-west-1/s3/aws4_request");
      expect((await callApi(server, { repositoryName: "r1", layerDigest: digest })).json?.__type).toBe("UnrecognizedClientException");
    } finally {
      await server.close();
    }
  });
});
