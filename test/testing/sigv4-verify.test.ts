import { describe, expect, it } from "vitest";

import { canonicalRequest, credentialScope, sha256Hex, signature, signingKey, stringToSign, type SigV4Request } from "../../src/testing/sigv4-canonical.js";
import { signSigV4 } from "../../src/testing/sigv4-sign.js";
import { verifySigV4, type SigV4Secret, type SigV4VerifyOptions } from "../../src/testing/sigv4-verify.js";
import {
  SIGV4_VECTORS,
  SUITE_CREDENTIALS,
  SUITE_REGION,
  SUITE_SERVICE,
  SUITE_SESSION_TOKEN,
  SUITE_TIME,
  type SigV4Vector,
} from "./sigv4-vectors.js";

/**
 * Reads a suite request file. A line starting with whitespace continues the previous
 * header; the suite's own expected output for get-header-value-multiline treats each
 * such line as one more value of that header, so that is how it is read here.
 */
function parseRequest(text: string): SigV4Request {
  const [requestLine = "", ...rest] = text.split("\n");
  const match = /^(\S+) (.*) HTTP\/1\.1$/.exec(requestLine);
  if (!match) throw new Error(`bad request line: ${requestLine}`);
  const [, method = "", target = ""] = match;
  const q = target.indexOf("?");
  const headers: Array<[string, string]> = [];
  let i = 0;
  for (; i < rest.length; i++) {
    const line = rest[i]!;
    if (line === "") break;
    const previous = headers[headers.length - 1];
    if (/^\s/.test(line) && previous) {
      headers.push([previous[0], line]);
      continue;
    }
    const colon = line.indexOf(":");
    headers.push([line.slice(0, colon), line.slice(colon + 1)]);
  }
  return {
    method,
    path: q < 0 ? target : target.slice(0, q),
    query: q < 0 ? "" : target.slice(q + 1),
    headers,
    body: rest.slice(i + 1).join("\n"),
  };
}

/** The signed request: the .sreq where the suite gives one, else .req plus Authorization. */
function signedRequest(vector: SigV4Vector): SigV4Request {
  return vector.sreq ? parseRequest(vector.sreq) : asSigned(vector);
}

function signedHeadersOf(authz: string): string[] {
  return /SignedHeaders=([^,]+)/.exec(authz)![1]!.split(";");
}

function suiteOptions(secret: SigV4Secret | undefined, overrides: Partial<SigV4VerifyOptions> = {}): SigV4VerifyOptions {
  return {
    lookup: (id) => (id === SUITE_CREDENTIALS.accessKeyId ? secret : undefined),
    now: SUITE_TIME,
    region: SUITE_REGION,
    service: SUITE_SERVICE,
    ...overrides,
  };
}

const plainKey: SigV4Secret = { secretAccessKey: SUITE_CREDENTIALS.secretAccessKey };
const isHeaderAfter = (vector: SigV4Vector): boolean => vector.name.endsWith("post-sts-header-after");
/** The key as the signed request (.sreq) needs it: with the case's session token. */
const keyOf = (vector: SigV4Vector): SigV4Secret => (vector.sessionToken ? { ...plainKey, sessionToken: vector.sessionToken } : plainKey);
/** The key for the request as it was signed: post-sts-header-after signed before it had a token. */
const signingKeyOf = (vector: SigV4Vector): SigV4Secret => (isHeaderAfter(vector) ? plainKey : keyOf(vector));

/** The .req with the .authz header: the request exactly as signed. */
function asSigned(vector: SigV4Vector, request: SigV4Request = parseRequest(vector.req), authorization = vector.authz): SigV4Request {
  return { ...request, headers: [...(request.headers as Array<[string, string]>), ["Authorization", authorization]] };
}

function withHeader(request: SigV4Request, name: string, change: (value: string) => string): SigV4Request {
  const pairs = request.headers as Array<[string, string]>;
  let done = false;
  const headers = pairs.map(([key, value]): [string, string] => {
    if (!done && key.toLowerCase() === name) {
      done = true;
      return [key, change(value)];
    }
    return [key, value];
  });
  if (!done) throw new Error(`no ${name} header`);
  return { ...request, headers };
}

// The signed header a tamper test changes: a case's own header where it has one.
function headerToTamper(vector: SigV4Vector): string {
  const names = signedHeadersOf(vector.authz);
  return names.find((name) => name !== "host" && name !== "x-amz-date") ?? "host";
}

describe("the AWS SigV4 test suite", () => {
  it("carries the cases it should", () => {
    const names = SIGV4_VECTORS.map((vector) => vector.name);
    expect(names).toHaveLength(31);
    for (const name of [
      "get-vanilla",
      "get-vanilla-query-order-key-case",
      "get-header-value-trim",
      "get-header-key-duplicate",
      "get-header-value-multiline",
      "normalize-path/get-space",
      "get-unreserved",
      "get-utf8",
      "post-x-www-form-urlencoded",
      "post-header-key-sort",
      "post-sts-token/post-sts-header-after",
      "post-sts-token/post-sts-header-before",
    ]) {
      expect(names).toContain(name);
    }
  });

  describe.each(SIGV4_VECTORS.map((vector) => [vector.name, vector] as const))("%s", (_name, vector) => {
    const request = parseRequest(vector.req);
    const amz = "20150830T123600Z";
    const scope = credentialScope("20150830", SUITE_REGION, SUITE_SERVICE);

    it("gives the official canonical request", () => {
      expect(canonicalRequest(request, signedHeadersOf(vector.authz))).toBe(vector.creq);
    });

    it("gives the official string to sign", () => {
      expect(stringToSign(amz, scope, vector.creq)).toBe(vector.sts);
      expect(stringToSign(amz, scope, canonicalRequest(request, signedHeadersOf(vector.authz)))).toBe(vector.sts);
    });

    it("gives the official signature", () => {
      const key = signingKey(SUITE_CREDENTIALS.secretAccessKey, "20150830", SUITE_REGION, SUITE_SERVICE);
      expect(vector.authz).toContain(`Signature=${signature(key, vector.sts)}`);
    });

    it("accepts the official signed request", () => {
      const result = verifySigV4(signedRequest(vector), suiteOptions(keyOf(vector)));
      if (isHeaderAfter(vector)) {
        // The token was added after signing; this server wants it signed (see below).
        expect(result).toMatchObject({ ok: false, outcome: "unsigned-token" });
      } else {
        expect(result).toMatchObject({ ok: true, outcome: "valid", accessKeyId: "AKIDEXAMPLE", canonicalRequest: vector.creq, stringToSign: vector.sts });
      }
    });

    it("rejects it with one byte of the body changed", () => {
      const signed = asSigned(vector);
      expect(verifySigV4(signed, suiteOptions(signingKeyOf(vector)))).toMatchObject({ ok: true });
      const body = String(signed.body);
      const tampered = body === "" ? "x" : `${body.slice(0, -1)}${body.endsWith("1") ? "2" : "1"}`;
      const result = verifySigV4({ ...signed, body: tampered }, suiteOptions(signingKeyOf(vector)));
      expect(result).toMatchObject({ ok: false, code: "InvalidSignatureException", outcome: "invalid" });
    });

    it("rejects it with a signed header changed", () => {
      const name = headerToTamper(vector);
      const tampered = asSigned(vector, withHeader(parseRequest(vector.req), name, (value) => `${value}x`));
      const result = verifySigV4(tampered, suiteOptions(signingKeyOf(vector)));
      if (name === "x-amz-security-token") {
        expect(result).toMatchObject({ ok: false, code: "UnrecognizedClientException", outcome: "bad-token" });
      } else {
        expect(result).toMatchObject({ ok: false, code: "InvalidSignatureException", outcome: "invalid" });
        expect(result.ok ? "" : result.canonicalRequest).not.toBe(vector.creq);
      }
    });

    it("rejects it with the signature changed", () => {
      const sig = /Signature=([0-9a-f]+)/.exec(vector.authz)![1]!;
      const flipped = `${sig.slice(0, 10)}${sig[10] === "0" ? "1" : "0"}${sig.slice(11)}`;
      const result = verifySigV4(asSigned(vector, undefined, vector.authz.replace(sig, flipped)), suiteOptions(signingKeyOf(vector)));
      expect(result).toMatchObject({ ok: false, code: "InvalidSignatureException", outcome: "invalid", canonicalRequest: vector.creq, stringToSign: vector.sts });
    });
  });

  it("post-sts-header-after: valid as signed, before the token was added", () => {
    const vector = SIGV4_VECTORS.find((v) => v.name === "post-sts-token/post-sts-header-after")!;
    expect(verifySigV4(asSigned(vector), suiteOptions(plainKey))).toMatchObject({ ok: true, canonicalRequest: vector.creq });
    // Sent with the token unsigned, to a key that has that token: refused, since a
    // client that leaves the token out of the signature is what this server is for catching.
    const sent = verifySigV4(parseRequest(vector.sreq!), suiteOptions({ ...plainKey, sessionToken: SUITE_SESSION_TOKEN }));
    expect(sent).toMatchObject({ ok: false, code: "InvalidSignatureException", outcome: "unsigned-token" });
  });

  it("post-x-www-form-urlencoded: the published .creq's erratum is only the content-length entry", () => {
    const vector = SIGV4_VECTORS.find((v) => v.name === "post-x-www-form-urlencoded")!;
    const published = vector.creq
      .replace("\ncontent-type:", "\ncontent-length:13\ncontent-type:")
      .replace("\ncontent-type;host", "\ncontent-length;content-type;host");
    expect(sha256Hex(published)).not.toBe(vector.sts.split("\n")[3]);
    expect(sha256Hex(vector.creq)).toBe(vector.sts.split("\n")[3]);
  });
});

describe("verifySigV4 failures", () => {
  const tokenCase = SIGV4_VECTORS.find((v) => v.name === "post-sts-token/post-sts-header-before")!;
  const signed = (): SigV4Request => signedRequest(tokenCase);
  const withToken = { ...plainKey, sessionToken: SUITE_SESSION_TOKEN };

  it("quotes the canonical request, session token line included, in AWS's message shape", () => {
    const result = verifySigV4({ ...signed(), body: "{}" }, suiteOptions(withToken));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const expectedCreq = tokenCase.creq.replace(/\n[0-9a-f]{64}$/, `\n${sha256Hex("{}")}`);
    expect(result.message).toBe(
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. " +
        "Consult the service documentation for details.\n\n" +
        `The Canonical String for this request should have been\n'${expectedCreq}'\n\n` +
        `The String-to-Sign should have been\n'${result.stringToSign}'\n`,
    );
    expect(result.message).toContain(`\nx-amz-security-token:${SUITE_SESSION_TOKEN}\n`);
  });

  it("answers a missing Authorization header with MissingAuthenticationTokenException", () => {
    const request = parseRequest(tokenCase.req);
    expect(verifySigV4(request, suiteOptions(withToken))).toEqual({
      ok: false,
      outcome: "missing",
      code: "MissingAuthenticationTokenException",
      message: "Missing Authentication Token",
    });
  });

  it("answers an unknown access key with UnrecognizedClientException", () => {
    const result = verifySigV4(signed(), suiteOptions(undefined));
    expect(result).toMatchObject({ ok: false, outcome: "unknown-key", code: "UnrecognizedClientException", message: "The security token included in the request is invalid." });
  });

  it("wants the key's own session token, present and signed", () => {
    const other = verifySigV4(signed(), suiteOptions({ ...plainKey, sessionToken: "another-token" }));
    expect(other).toMatchObject({ ok: false, outcome: "bad-token", code: "UnrecognizedClientException" });
    const unexpected = verifySigV4(signed(), suiteOptions(plainKey));
    expect(unexpected).toMatchObject({ ok: false, outcome: "bad-token", code: "UnrecognizedClientException" });
    const vanillaPost = SIGV4_VECTORS.find((v) => v.name === "post-vanilla")!;
    const missing = verifySigV4(signedRequest(vanillaPost), suiteOptions(withToken));
    expect(missing).toMatchObject({ ok: false, outcome: "bad-token", code: "UnrecognizedClientException" });
  });

  it("checks the credential scope's region and service", () => {
    expect(verifySigV4(signed(), suiteOptions(withToken, { region: "eu-west-1" }))).toMatchObject({
      ok: false,
      outcome: "wrong-scope",
      code: "InvalidSignatureException",
      message: "Credential should be scoped to a valid region.",
    });
    expect(verifySigV4(signed(), suiteOptions(withToken, { service: "ecr" }))).toMatchObject({
      ok: false,
      outcome: "wrong-scope",
      code: "InvalidSignatureException",
      message: "Credential should be scoped to correct service: 'ecr'.",
    });
  });

  it("refuses a request more than 5 minutes from the server's clock, either way", () => {
    const fiveMinutes = 5 * 60 * 1000;
    expect(verifySigV4(signed(), suiteOptions(withToken, { now: SUITE_TIME + fiveMinutes }))).toMatchObject({ ok: true });
    expect(verifySigV4(signed(), suiteOptions(withToken, { now: SUITE_TIME - fiveMinutes }))).toMatchObject({ ok: true });
    expect(verifySigV4(signed(), suiteOptions(withToken, { now: SUITE_TIME + fiveMinutes + 1000 }))).toMatchObject({
      ok: false,
      outcome: "expired",
      code: "InvalidSignatureException",
      message: "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T124101Z - 5 min.)",
    });
    expect(verifySigV4(signed(), suiteOptions(withToken, { now: SUITE_TIME - fiveMinutes - 1000 }))).toMatchObject({
      ok: false,
      outcome: "expired",
      code: "InvalidSignatureException",
      message: "Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T123059Z + 5 min.)",
    });
  });

  it("reads a malformed Authorization header as IncompleteSignatureException", () => {
    const request = parseRequest(tokenCase.req);
    const bad = (authorization: string) =>
      verifySigV4({ ...request, headers: [...(request.headers as Array<[string, string]>), ["Authorization", authorization]] }, suiteOptions(withToken));
    expect(bad("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request")).toMatchObject({
      ok: false,
      outcome: "malformed",
      code: "IncompleteSignatureException",
    });
    expect(bad("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1, SignedHeaders=host, Signature=00")).toMatchObject({
      code: "IncompleteSignatureException",
      message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/us-east-1'",
    });
    expect(bad("Bearer abc")).toMatchObject({ code: "IncompleteSignatureException", outcome: "malformed" });
  });

  it("wants the scope's day to be the request's", () => {
    const request = withHeader(signed(), "x-amz-date", () => "20150831T000000Z");
    expect(verifySigV4(request, suiteOptions(withToken, { now: Date.UTC(2015, 7, 31) }))).toMatchObject({
      ok: false,
      outcome: "wrong-scope",
      code: "InvalidSignatureException",
      message:
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150830' != '20150831', from '20150831T000000Z'.",
    });
  });

  it("falls back to the Date header when there is no X-Amz-Date", () => {
    const request: SigV4Request = {
      method: "GET",
      path: "/",
      query: "",
      headers: [
        ["Host", "example.amazonaws.com"],
        ["Date", "Sun, 30 Aug 2015 12:36:00 GMT"],
      ],
      body: "",
    };
    const creq = canonicalRequest(request, ["date", "host"]);
    const sts = stringToSign("20150830T123600Z", credentialScope("20150830", SUITE_REGION, SUITE_SERVICE), creq);
    const sig = signature(signingKey(SUITE_CREDENTIALS.secretAccessKey, "20150830", SUITE_REGION, SUITE_SERVICE), sts);
    const authorization = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=date;host, Signature=${sig}`;
    const headers = [...(request.headers as Array<[string, string]>), ["Authorization", authorization] as [string, string]];
    expect(verifySigV4({ ...request, headers }, suiteOptions(plainKey))).toMatchObject({ ok: true });
    const undated = headers.filter(([name]) => name !== "Date");
    expect(verifySigV4({ ...request, headers: undated }, suiteOptions(plainKey))).toMatchObject({
      ok: false,
      code: "IncompleteSignatureException",
      message: expect.stringContaining("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."),
    });
  });

  it("double-encodes a percent-encoded path, as non-S3 services do", () => {
    const request: SigV4Request = { method: "GET", path: "/a%20b/c", query: "x=%2F&y=a%20b", headers: [["host", "h"]], body: "" };
    expect(canonicalRequest(request, ["host"]).split("\n").slice(1, 3)).toEqual(["/a%2520b/c", "x=%2F&y=a%20b"]);
  });
});

describe("signSigV4", () => {
  it("produces requests the verifier accepts, and that vary with every input", () => {
    const credentials = { ...SUITE_CREDENTIALS, sessionToken: "token" };
    const input = { method: "POST", url: "http://127.0.0.1:1234/?a=1", headers: { "Content-Type": "application/x-amz-json-1.1" }, body: "{}" };
    const out = signSigV4(input, { credentials, region: "us-east-1", service: "ecr", time: SUITE_TIME });
    const request: SigV4Request = { method: "POST", path: "/", query: "a=1", headers: { ...out.headers, host: "127.0.0.1:1234" }, body: "{}" };
    const options = { lookup: () => ({ secretAccessKey: credentials.secretAccessKey, sessionToken: "token" }), now: SUITE_TIME, region: "us-east-1", service: "ecr" };
    expect(verifySigV4(request, options)).toMatchObject({ ok: true, signedHeaders: ["content-type", "host", "x-amz-date", "x-amz-security-token"] });
    expect(out.headers).not.toHaveProperty("host");
    expect(verifySigV4({ ...request, query: "a=2" }, options)).toMatchObject({ outcome: "invalid" });
    expect(verifySigV4({ ...request, headers: { ...request.headers, host: "127.0.0.1:1235" } }, options)).toMatchObject({ outcome: "invalid" });

    const unsigned = signSigV4(input, { credentials, region: "us-east-1", service: "ecr", time: SUITE_TIME, leaveTokenUnsigned: true });
    expect(unsigned.headers.authorization).toContain("SignedHeaders=content-type;host;x-amz-date,");
    expect(verifySigV4({ ...request, headers: { ...unsigned.headers, host: "127.0.0.1:1234" } }, options)).toMatchObject({ outcome: "unsigned-token" });
  });
});
