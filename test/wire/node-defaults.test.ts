// Where the Node entry finds its region and credentials when the config names none:
// the environment first (as Lambda provides it, without loading the full credential
// chain), else the shared files through the AWS SDK's default chain. Each case runs the
// built package in a fresh process with a controlled environment and HOME.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_CREDENTIALS, fakeEcr, firstLayer } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";

const dist = fileURLToPath(new URL("../../dist/node.js", import.meta.url));
// Reports whether the default chain's package was ever resolved in the child.
const hook = `data:text/javascript,export async function resolve(s, c, next) { if (s.includes("credential-provider-node")) process.stderr.write("CHAIN-LOADED\\n"); return next(s, c); }`;

let ecr: FakeEcr;
let home: string;
beforeAll(async () => {
  ecr = await fakeEcr();
  home = mkdtempSync(join(tmpdir(), "ecr-layer-url-home-"));
});
afterAll(async () => {
  await ecr.close();
  rmSync(home, { recursive: true, force: true });
});

function run(env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  const script = `
    import { register } from "node:module";
    register(${JSON.stringify(hook)});
    const { getDownloadUrlForLayer } = await import(${JSON.stringify(dist)});
    try {
      const out = await getDownloadUrlForLayer(${JSON.stringify(firstLayer(ecr))}, { endpoint: ${JSON.stringify(ecr.endpoint)}, maxAttempts: 1 });
      console.log("ok", out.layerDigest);
    } catch (e) { console.log("error", e.name, e.message); }`;
  // A clean environment: nothing of the developer's AWS setup leaks in, and IMDS is off
  // so the chain never reaches for the network.
  const base = { PATH: process.env.PATH ?? "", HOME: home, AWS_EC2_METADATA_DISABLED: "true" };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--no-warnings", "--input-type=module", "-e", script], { env: { ...base, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    child.on("error", reject);
    child.on("exit", () => resolve({ stdout, stderr }));
  });
}

describe("Node defaults", () => {
  it("uses AWS_REGION and the environment's keys without loading the default credential chain", async () => {
    const { stdout, stderr } = await run({
      AWS_REGION: ecr.region,
      AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    });
    expect(stdout).toContain(`ok ${firstLayer(ecr).layerDigest}`);
    expect(stderr).not.toContain("CHAIN-LOADED");
  });

  it("falls back to AWS_DEFAULT_REGION", async () => {
    const { stdout } = await run({
      AWS_DEFAULT_REGION: ecr.region,
      AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    });
    expect(stdout).toContain("ok ");
  });

  it("reads the region from ~/.aws/config and the keys from ~/.aws/credentials through the default chain", async () => {
    mkdirSync(join(home, ".aws"), { recursive: true });
    writeFileSync(join(home, ".aws", "config"), `[default]\nregion = ${ecr.region}\n\n[profile other]\nregion = eu-west-1\n`);
    writeFileSync(
      join(home, ".aws", "credentials"),
      `[default]\naws_access_key_id = ${FAKE_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${FAKE_CREDENTIALS.secretAccessKey}\n`,
    );
    try {
      const { stdout, stderr } = await run({});
      expect(stdout).toContain("ok ");
      expect(stderr).toContain("CHAIN-LOADED");
    } finally {
      rmSync(join(home, ".aws"), { recursive: true, force: true });
    }
  });

  it("names all four places when no region is found", async () => {
    const { stdout } = await run({ AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey });
    expect(stdout).toMatch(/^error EcrConfigError No AWS region/);
    for (const place of ["region:", "AWS_REGION", "AWS_DEFAULT_REGION", "shared config file"]) expect(stdout).toContain(place);
  });

  it("says so when the default chain finds no credentials", async () => {
    const { stdout } = await run({ AWS_REGION: ecr.region });
    expect(stdout).toMatch(/^error EcrConfigError Could not load AWS credentials/);
  });
});
