import { describe, expect, it } from "vitest";
import { EcrInputError } from "../src/errors.js";
import { parseOutput, serializeInput, validateInput } from "../src/operation.js";

const digest = "sha256:6171c7451a50945f8ddd72f7732cc04d7a0d1f48138a426b2e64387fdeb834ed";

function rejection(input: unknown): EcrInputError {
  try {
    validateInput(input);
  } catch (error) {
    expect(error).toBeInstanceOf(EcrInputError);
    return error as EcrInputError;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe("input validation (ECR model, full-match patterns)", () => {
  it.each([
    "ab",
    "cluster-autoscaler",
    "team/app",
    "a.b_c__d---e/f9",
    "0a/1b/2c",
    "x".repeat(256),
  ])("accepts the repository name %j", (repositoryName) => {
    expect(validateInput({ repositoryName, layerDigest: digest }).repositoryName).toBe(repositoryName);
  });

  it.each([
    ["a", "shorter than 2 characters"],
    ["x".repeat(257), "longer than 256 characters"],
    ["Upper", "does not match the pattern"],
    ["-leading", "does not match the pattern"],
    ["trailing-", "does not match the pattern"],
    ["a..b", "does not match the pattern"],
    ["a___b", "does not match the pattern"],
    ["a//b", "does not match the pattern"],
    ["/abs", "does not match the pattern"],
    ["../etc/passwd", "does not match the pattern"],
    ["a b", "does not match the pattern"],
    ["ab\n", "does not match the pattern"],
    ["déjà", "does not match the pattern"],
  ])("rejects the repository name %j (%s)", (repositoryName, rule) => {
    const error = rejection({ repositoryName, layerDigest: digest });
    expect(error.field).toBe("repositoryName");
    expect(error.message).toContain("repositoryName");
    expect(error.message).toContain(rule);
    expect(error.message).toContain(JSON.stringify(repositoryName.length > 80 ? repositoryName.slice(0, 60) + "…" : repositoryName));
  });

  it.each([digest, "sha512:" + "ab".repeat(64), "a:0", "x-_+.y:DEADbeef"])("accepts the digest %j", (layerDigest) => {
    expect(validateInput({ repositoryName: "repo", layerDigest }).layerDigest).toBe(layerDigest);
  });

  it.each(["sha256", "sha256:", ":abc", "sha256:xyz", "sha 256:ab", "sha256:ab\n", "sha256:ab:cd", ""])("rejects the digest %j", (layerDigest) => {
    const error = rejection({ repositoryName: "repo", layerDigest });
    expect(error.field).toBe("layerDigest");
    expect(error.message).toContain("[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+");
  });

  it.each(["123456789012", "000000000000"])("accepts the registry id %j", (registryId) => {
    expect(validateInput({ repositoryName: "repo", layerDigest: digest, registryId }).registryId).toBe(registryId);
  });

  it.each(["12345678901", "1234567890123", "12345678901a", " 123456789012", ""])("rejects the registry id %j", (registryId) => {
    expect(rejection({ repositoryName: "repo", layerDigest: digest, registryId }).field).toBe("registryId");
  });

  it("names the missing required members", () => {
    expect(rejection({ layerDigest: digest }).message).toBe("repositoryName is required");
    expect(rejection({ repositoryName: "repo" }).message).toBe("layerDigest is required");
  });

  it.each([
    [null, "input"],
    ["repo", "input"],
    [[], "input"],
    [{ repositoryName: 42, layerDigest: digest }, "repositoryName"],
    [{ repositoryName: "repo", layerDigest: ["sha256:ab"] }, "layerDigest"],
    [{ repositoryName: "repo", layerDigest: digest, registryId: 123456789012 }, "registryId"],
    [{ repositoryName: new String("repo"), layerDigest: digest }, "repositoryName"],
  ])("rejects values of the wrong type from JavaScript callers (%#)", (input, field) => {
    const error = rejection(input);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/must be (a string|an object)/);
  });

  it("ignores inherited values and extra members", () => {
    const proto = { repositoryName: "repo", layerDigest: digest };
    expect(rejection(Object.create(proto)).field).toBe("repositoryName");
    const parsed = JSON.parse(`{"repositoryName":"repo","layerDigest":"${digest}","__proto__":{"registryId":"x"},"extra":1}`);
    expect(validateInput(parsed)).toEqual({ repositoryName: "repo", layerDigest: digest });
  });

  it("shortens a huge value in the message", () => {
    const error = rejection({ repositoryName: "x".repeat(10_000_000), layerDigest: digest });
    expect(error.message.length).toBeLessThan(200);
    expect(error.message).toContain("10000000 characters");
  });
});

describe("request body", () => {
  it("holds only the given members, in the model's order (registryId, repositoryName, layerDigest)", () => {
    expect(serializeInput({ layerDigest: digest, repositoryName: "repo" })).toBe(`{"repositoryName":"repo","layerDigest":"${digest}"}`);
    expect(serializeInput({ layerDigest: digest, repositoryName: "repo", registryId: "123456789012" })).toBe(
      `{"registryId":"123456789012","repositoryName":"repo","layerDigest":"${digest}"}`,
    );
  });
});

describe("response body", () => {
  it("reads downloadUrl and layerDigest", () => {
    expect(parseOutput(`{"layerDigest":"${digest}","downloadUrl":"https://x/y"}`, "other")).toEqual({ ok: true, downloadUrl: "https://x/y", layerDigest: digest });
  });
  it("falls back to the requested digest when the answer has none", () => {
    expect(parseOutput(`{"downloadUrl":"https://x/y"}`, digest)).toMatchObject({ ok: true, layerDigest: digest });
  });
  it.each(["", "  ", '{"downloadUrl":"htt', "null", "[]", '"s"', "{}", '{"downloadUrl":5}', '{"downloadUrl":"u","layerDigest":7}', "<html></html>"])(
    "refuses %j",
    (text) => {
      expect(parseOutput(text, digest).ok).toBe(false);
    },
  );
});
