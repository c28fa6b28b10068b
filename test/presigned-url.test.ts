import { describe, expect, it } from "vitest";
import { expiresAt } from "../src/presigned-url.js";
import { redactUrl } from "../src/redact-url.js";
import { redact } from "../src/redact.js";

// The shape of a real ECR answer (S3 pre-signed URL, query-string SigV4).
const url =
  "https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/abcd-602401143452-1a2b/" +
  "3f4e5d6c-aaaa-bbbb-cccc-000000000000?X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLETOKEN%2F%2Babc%3D" +
  "&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261127T031500Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600" +
  "&X-Amz-Credential=ASIAEXAMPLEKEYID1234%2F20261127%2Fus-east-1%2Fs3%2Faws4_request" +
  "&X-Amz-Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

describe("pre-signed URL", () => {
  it("expires at X-Amz-Date + X-Amz-Expires", () => {
    expect(expiresAt(url)?.toISOString()).toBe("2026-11-27T04:15:00.000Z");
  });

  it.each([
    "https://example.com/blob",
    "https://example.com/blob?X-Amz-Date=20261127T031500Z",
    "https://example.com/blob?X-Amz-Expires=60",
    "https://example.com/blob?X-Amz-Date=2026-11-27&X-Amz-Expires=60",
    "https://example.com/blob?X-Amz-Date=20261127T031500Z&X-Amz-Expires=-5",
    "not a url",
  ])("has no expiry when it doesn't say: %s", (u) => {
    expect(expiresAt(u)).toBeUndefined();
  });

  it("redacts the signature, credential and session token, keeping the rest", () => {
    const shown = redactUrl(url);
    expect(shown).not.toContain("0123456789abcdef");
    expect(shown).not.toContain("ASIAEXAMPLEKEYID1234");
    expect(shown).not.toContain("IQoJb3JpZ2luX2VjEXAMPLETOKEN");
    expect(shown).toContain("X-Amz-Signature=REDACTED");
    expect(shown).toContain("X-Amz-Credential=REDACTED");
    expect(shown).toContain("X-Amz-Security-Token=REDACTED");
    expect(shown).toContain("X-Amz-Date=20261127T031500Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600");
  });
});

describe("redaction of service messages", () => {
  it("removes the session token line of a quoted canonical request, and known secrets anywhere", () => {
    const message =
      "The request signature we calculated does not match the signature you provided.\n\nThe Canonical String for this request should have been\n" +
      "'POST\n/\n\ncontent-type:application/x-amz-json-1.1\nhost:api.ecr.us-east-1.amazonaws.com\nx-amz-date:20261127T031500Z\n" +
      "x-amz-security-token:FwoGZXIvYXdzEXAMPLESESSIONTOKEN==\nx-amz-target:AmazonEC2ContainerRegistry_V20150921.GetDownloadUrlForLayer\n'";
    const out = redact(message + " also wJalrXUtnFEMI/K7MDENG", ["wJalrXUtnFEMI/K7MDENG"]);
    expect(out).not.toContain("FwoGZXIvYXdzEXAMPLESESSIONTOKEN");
    expect(out).not.toContain("wJalrXUtnFEMI/K7MDENG");
    expect(out).toContain("x-amz-security-token:REDACTED");
    expect(out).toContain("x-amz-target:AmazonEC2ContainerRegistry_V20150921.GetDownloadUrlForLayer");
  });

  it("removes an Authorization signature", () => {
    expect(redact("Authorization: AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host, Signature=" + "ab".repeat(32))).toContain("Signature=REDACTED");
  });
});

describe("redaction of error chains", () => {
  it("copies a cause chain with secrets redacted and extra properties dropped", async () => {
    const { redactError } = await import("../src/redact.js");
    const auth = "AWS4-HMAC-SHA256 Credential=AKID/20261127/us-east-1/ecr/aws4_request, SignedHeaders=host, Signature=" + "cd".repeat(32);
    const inner = Object.assign(new TypeError(`Headers.append: "${auth}" is an invalid header value.`), { code: "ERR_INVALID_CHAR" });
    const outer = new TypeError("fetch failed", { cause: inner });
    const clean = redactError(outer, ["SeSsIoNtOkEnSeSsIoNtOkEn"]) as Error & { cause: Error & { code: string } };
    expect(clean).not.toBe(outer);
    expect(clean.name).toBe("TypeError");
    expect(clean.cause.code).toBe("ERR_INVALID_CHAR");
    expect(clean.cause.message).toContain("Signature=REDACTED");
    expect(JSON.stringify([clean.cause.message, clean.cause.stack])).not.toContain("cd".repeat(32));
    // Only name, message, code, stack and cause survive: never a property a transport hung on it.
    const laden = Object.assign(new Error("socket hang up"), { code: "ECONNRESET", request: { headers: { authorization: auth } } });
    const copy = redactError(laden) as Error & Record<string, unknown>;
    expect(copy.message).toBe("socket hang up");
    expect(copy.code).toBe("ECONNRESET");
    expect(copy.request).toBeUndefined();
  });
});

describe("expiresAt reads only the query's own parameters", () => {
  it("not a look-alike in the path, inside another value, or in the fragment", () => {
    const query = "X-Amz-Date=20261127T000000Z&X-Amz-Expires=60";
    expect(expiresAt(`https://b.s3.amazonaws.com/a&X-Amz-Date=20200101T000000Z/x?${query}`)?.toISOString()).toBe("2026-11-27T00:01:00.000Z");
    expect(expiresAt(`https://b.s3.amazonaws.com/x?note=a?${query}`)).toBeUndefined();
    expect(expiresAt(`https://b.s3.amazonaws.com/x#?${query}`)).toBeUndefined();
  });
});

describe("redaction of what credential providers quote", () => {
  // AWS's documented example key: 40 base64 characters, mixed case, digits and '/'.
  const KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  it.each([
    [`aws_secret_access_key = ${KEY}`, "aws_secret_access_key = REDACTED"],
    [`AWS_SESSION_TOKEN=${KEY}x AWS_REGION=eu-west-1`, "AWS_SESSION_TOKEN=REDACTED AWS_REGION=eu-west-1"],
    [`{"SecretAccessKey": "${KEY}", "Version": 1}`, `{"SecretAccessKey": "REDACTED", "Version": 1}`],
    [`<Credentials><SessionToken>${KEY}</SessionToken></Credentials>`, "<Credentials><SessionToken>REDACTED</SessionToken></Credentials>"],
  ])("redacts a key quoted by name: %s", (text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it("redacts a bare key only when asked to (provider text), by its shape", () => {
    expect(redact(`the key ${KEY} was refused`, [], true)).toBe("the key REDACTED was refused");
    expect(redact(`the key ${KEY} was refused`)).toContain(KEY);
  });

  it.each([
    "User: arn:aws:sts::123456789012:assumed-role/x is not authorized on arn:aws:iam::123456789012:role/CrossAccountReadOnlyAccessForLayerScanning",
    "ENOENT: no such file or directory, open '/root/.aws/sso/cache/0123456789abcdef0123456789abcdef01234567.json'",
    "    at file:///work/app/node_modules/@aws-sdk/credential-provider-node/dist-cjs/index.js:41:13",
    "digest sha256:6171b7c6b8a37a7e3e3a0e7c6b8a37a7e3e3a0e7c6b8a37a7e3e3a0e7c6b8a37a",
    "ThisIsAVeryLongRoleNameWithoutAnyDigitsOrSlashesInIt",
  ])("keeps what only looks long: %s", (text) => {
    expect(redact(text, [], true)).toBe(text);
  });

  it("handles runs of millions of characters without overflowing the regex engine's stack", () => {
    for (const text of ["A".repeat(10_000_000), `Signature=${"a".repeat(10_000_000)}`, `x ${"aB1".repeat(3_000_000)}`]) {
      expect(() => redact(text, [], true)).not.toThrow();
    }
    expect(redact(`Signature=${"a".repeat(1_000_000)}`)).toBe("Signature=REDACTED");
  });
});
