// The AWS CLI v2 is the reference for what the wire should carry: run it and us against
// the same fake ECR and compare requests and outcomes. Needs /usr/bin/aws (apt-get
// install awscli); `npm test` lists this suite as not run when it is missing.
import { execFile } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EcrLayerClient } from "../../src/node.js";
import { available } from "../support/system-suites.js";
import { apiRequests, clientConfig, FAKE_CREDENTIALS, fakeEcr, firstLayer, thrown } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";

const AWS = "/usr/bin/aws";

let ecr: FakeEcr;
beforeAll(async () => {
  ecr = await fakeEcr();
});
beforeEach(() => ecr.setFaults([]));
afterAll(() => ecr?.close());

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // A clean environment: no profile, config or credentials of the machine's.
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: "/nonexistent",
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    AWS_REGION: ecr.region,
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_PAGER: "",
  };
  return new Promise((resolve) => {
    execFile(AWS, ["ecr", "get-download-url-for-layer", "--endpoint-url", ecr.endpoint, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.skipIf(!available(AWS))("against the AWS CLI v2", () => {
  it("sends the same request: target, content type, members in the same order", async () => {
    const layer = firstLayer(ecr, "team/app");
    const before = apiRequests(ecr).length;
    const result = await cli(["--repository-name", layer.repositoryName, "--layer-digest", layer.layerDigest, "--registry-id", ecr.registryId]);
    expect(result.code).toBe(0);
    const client = new EcrLayerClient(clientConfig(ecr));
    await client.getDownloadUrlForLayer({ ...layer, registryId: ecr.registryId });
    client.destroy();
    const [theirs, mine] = apiRequests(ecr).slice(before);
    expect(theirs!.signature).toBe("valid");
    expect(mine!.signature).toBe("valid");
    expect(mine!.headers["x-amz-target"]).toBe(theirs!.headers["x-amz-target"]);
    expect(mine!.headers["content-type"]).toBe(theirs!.headers["content-type"]);
    // The CLI writes `", "` separators; the members, values and their order are what count.
    expect(Object.entries(JSON.parse(mine!.body))).toEqual(Object.entries(JSON.parse(theirs!.body)));
  });

  it("reads the same answer", async () => {
    const layer = firstLayer(ecr);
    const result = await cli(["--repository-name", layer.repositoryName, "--layer-digest", layer.layerDigest]);
    const theirs = JSON.parse(result.stdout) as { downloadUrl: string; layerDigest: string };
    const client = new EcrLayerClient(clientConfig(ecr));
    const mine = await client.getDownloadUrlForLayer(layer);
    client.destroy();
    expect(mine.layerDigest).toBe(theirs.layerDigest);
    expect(new URL(mine.downloadUrl).pathname).toBe(new URL(theirs.downloadUrl).pathname);
  });

  it.each([
    ["LayersNotFoundException", 400],
    ["RepositoryNotFoundException", 400],
    ["AccessDeniedException", 400],
  ])("names %s with the code and message the CLI prints", async (code, status) => {
    ecr.setFaults([{ type: "error", code, status, message: `text of ${code}` }]);
    const layer = firstLayer(ecr);
    const result = await cli(["--repository-name", layer.repositoryName, "--layer-digest", layer.layerDigest]);
    const printed = /An error occurred \((\w+)\) when calling the GetDownloadUrlForLayer operation: (.*)/.exec(result.stderr);
    expect(printed, result.stderr).not.toBeNull();
    const client = new EcrLayerClient(clientConfig(ecr));
    const error = await thrown(() => client.getDownloadUrlForLayer(layer));
    expect([error.name, error.message]).toEqual([printed![1], printed![2]]);
  });

  it("tries a 503 as often as the CLI's standard retry mode", async () => {
    ecr.setFaults([{ type: "status", status: 503, body: "" }]);
    const layer = firstLayer(ecr);
    const before = apiRequests(ecr).length;
    await cli(["--repository-name", layer.repositoryName, "--layer-digest", layer.layerDigest, "--cli-read-timeout", "5"]);
    const cliAttempts = apiRequests(ecr).length - before;
    const client = new EcrLayerClient(clientConfig(ecr));
    const error = await thrown(() => client.getDownloadUrlForLayer(layer));
    expect(error.$metadata.attempts).toBe(cliAttempts);
  }, 60_000);
});
