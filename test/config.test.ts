// Config problems are EcrConfigError, raised before anything is sent, naming the bad
// value and the rule. No server is needed: none of these may reach the network.
import { describe, expect, it } from "vitest";
import { EcrLayerClient as FetchClient } from "../src/index.js";
import { EcrConfigError, EcrLayerClient } from "../src/node.js";

const layer = { repositoryName: "repo", layerDigest: "sha256:ab" };
const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
// Port 9 on loopback (discard): if a request were sent by mistake it would fail fast, not leave the machine.
const endpoint = "http://127.0.0.1:9";

async function configError(make: () => EcrLayerClient | FetchClient): Promise<EcrConfigError> {
  let error: unknown;
  try {
    await make().getDownloadUrlForLayer(layer);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(EcrConfigError);
  expect((error as EcrConfigError).name).toBe("EcrConfigError");
  expect((error as EcrConfigError).$metadata.attempts).toBe(0);
  return error as EcrConfigError;
}

describe("config errors", () => {
  it.each([
    [{ maxAttempts: 0 }, "maxAttempts must be a finite number >= 1, got 0"],
    [{ maxAttempts: 2.5 }, "maxAttempts must be a whole number, got 2.5"],
    [{ requestTimeoutMs: -1 }, "requestTimeoutMs must be a finite number >= 0, got -1"],
    [{ requestTimeoutMs: "5000" }, 'requestTimeoutMs must be a finite number >= 0, got "5000"'],
    [{ systemClockOffset: Number.NaN }, "systemClockOffset must be a finite number"],
  ])("rejects %j at construction", (config, message) => {
    expect(() => new EcrLayerClient({ region: "us-east-1", credentials, ...(config as object) })).toThrow(message);
  });

  it.each([
    ["us-east-1.evil.com", "Invalid region \"us-east-1.evil.com\""],
    ["us-east-1/x", "Invalid region"],
    ["a@b", "Invalid region"],
    ["US-EAST-1", "lower case"],
  ])("rejects the region %j, naming it and the rule", async (region, message) => {
    const error = await configError(() => new EcrLayerClient({ region, credentials }));
    expect(error.message).toContain(message);
    expect(error.message).toContain("host label");
  });

  it("rejects FIPS or dual-stack with a custom endpoint", async () => {
    expect((await configError(() => new EcrLayerClient({ region: "us-east-1", credentials, endpoint, useFipsEndpoint: true }))).message).toBe(
      "Invalid Configuration: FIPS and custom endpoint are not supported",
    );
    expect((await configError(() => new EcrLayerClient({ region: "us-east-1", credentials, endpoint, useDualstackEndpoint: true }))).message).toBe(
      "Invalid Configuration: Dualstack and custom endpoint are not supported",
    );
  });

  it("rejects a non-http endpoint", async () => {
    expect((await configError(() => new EcrLayerClient({ region: "us-east-1", credentials, endpoint: "file:///etc/passwd" }))).message).toContain("http: or https:");
  });

  it("tells browser and edge users that credentials must be passed", async () => {
    const error = await configError(() => new FetchClient({ region: "us-east-1", endpoint }));
    expect(error.message).toMatch(/No AWS credentials: outside Node there is no default chain; pass \{ credentials/);
  });

  it.each([["a string", "AKID:secret"], ["null", null]])("rejects credentials given as %s", async (_what, value) => {
    const error = await configError(() => new EcrLayerClient({ region: "us-east-1", endpoint, credentials: value as never }));
    expect(error.message).toMatch(/credentials must be an object/);
    expect(error.message).not.toContain("secret");
  });

  it("tries the config again on the next call after a failure", async () => {
    const saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    const client = new FetchClient({ credentials, endpoint, maxAttempts: 1, requestTimeoutMs: 2000 });
    try {
      expect((await configError(() => client)).message).toMatch(/^No AWS region/);
      process.env.AWS_REGION = "us-west-2";
      // Now the region resolves and the call gets as far as the (closed) endpoint.
      await expect(client.getDownloadUrlForLayer(layer)).rejects.toMatchObject({ name: "NetworkError" });
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
