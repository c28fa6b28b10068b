// AWS Lambda, as far as it can be reproduced here: examples/lambda/handler.mjs bundled with
// the esbuild command its header documents (platform node, minified, `@aws-sdk/*` external),
// then invoked in a child Node process whose environment is only what Lambda provides:
// region, the role's temporary credentials, the function name, plus AWS_ENDPOINT_URL_ECR to
// reach the fake ECR and an empty HOME.
//
// The handler passes no credentials, so they must come from the environment, and the full
// credential chain (@aws-sdk/credential-provider-node) must never load. A preloaded module
// logs every module the process asks for (ES module resolutions and CommonJS loads);
// `@aws-sdk/*` is resolvable next to the bundle, as Lambda's runtime provides it, so a load
// would succeed and be logged. The same bundle without keys in the environment shows that
// the log does catch the chain when it loads.
import { mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, buildOf, describeMetafile, FAKE_SESSION_CREDENTIALS, firstLayer, fixture, killChildren, MISSING_DIGEST, requireBuild, resultOf, ROOT, run, startEcr } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";

const HANDLER = "examples/lambda/handler.mjs";
const FUNCTION_NAME = "layer-url";

let ecr: FakeEcr;
let dir: string;
let bundleFile: string;
let bundleInputs: string[];
let bundleExternals: string[];
let bundleCode: string;

/** The bundling command from the handler's header comment, as a user would copy it. */
async function documentedCommand(): Promise<string[]> {
  const source = await readFile(join(ROOT, HANDLER), "utf8");
  const line = /^\/\/\s+npx esbuild (.+)$/m.exec(source);
  if (!line) throw new Error(`${HANDLER} documents no "npx esbuild" command`);
  return line[1]!.trim().split(/\s+/).map((arg) => arg.replace(/^'(.*)'$/, "$1"));
}

beforeAll(async () => {
  requireBuild();
  // Lambda sessions sign with temporary credentials: the server accepts only those.
  ecr = await startEcr({ credentials: [FAKE_SESSION_CREDENTIALS] });
  dir = await mkdtemp(join(tmpdir(), "ecr-layer-url-lambda-"));
  await mkdir(join(dir, "home"));
  await mkdir(join(dir, "task"));
  // Lambda's runtime provides @aws-sdk/*: make it resolvable from the bundle.
  await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");

  bundleFile = join(dir, "task", "index.js");
  const metafile = join(dir, "meta.json");
  const args = (await documentedCommand()).filter((arg) => !arg.startsWith("--outfile="));
  expect(args).toEqual(expect.arrayContaining(["--bundle", "--platform=node", "--minify", "--external:@aws-sdk/*"]));
  const built = await run(join(BIN, "esbuild"), [...args, `--outfile=${bundleFile}`, `--metafile=${metafile}`, "--log-level=warning"], { timeoutMs: 30_000 });
  if (built.code !== 0) throw new Error(`esbuild failed:\n${built.stderr}`);
  // A warning here is one every user bundling the package would see.
  expect(built.stderr).toBe("");
  ({ inputs: bundleInputs, externalImports: bundleExternals } = describeMetafile(JSON.parse(await readFile(metafile, "utf8"))));
  bundleCode = await readFile(bundleFile, "utf8");
}, 40_000);

afterAll(async () => {
  killChildren();
  await ecr?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Invokes the bundle's handler with each event, in one process, logging the modules it loads. */
async function invoke(env: Record<string, string>, events: unknown[]) {
  const moduleLog = join(dir, `modules-${Math.random().toString(36).slice(2)}.log`);
  const result = await run(
    process.execPath,
    ["--import", pathToFileURL(fixture("module-log.mjs")).href, fixture("lambda-invoke.mjs"), bundleFile, JSON.stringify(events), `--module-log=${moduleLog}`],
    { cwd: join(dir, "task"), env, timeoutMs: 20_000 },
  );
  const out = resultOf<{ env: string[]; outcomes: Array<{ ok: boolean; value?: Record<string, any>; error?: { name: string; message: string } }> }>(result);
  const modules = (await readFile(moduleLog, "utf8")).split("\n").filter(Boolean);
  return { ...out, modules, stdout: result.stdout, code: result.code };
}

function lambdaEnv(): Record<string, string> {
  return {
    AWS_REGION: ecr.region,
    AWS_ACCESS_KEY_ID: FAKE_SESSION_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_SESSION_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: FAKE_SESSION_CREDENTIALS.sessionToken!,
    AWS_LAMBDA_FUNCTION_NAME: FUNCTION_NAME,
    AWS_ENDPOINT_URL_ECR: ecr.endpoint,
    HOME: join(dir, "home"),
  };
}

describe("the Lambda bundle", () => {
  it("holds the Node build, with @aws-sdk/credential-provider-node left as an external dynamic import", () => {
    expect(bundleInputs).toContain("dist/node.js");
    expect(bundleInputs).not.toContain("dist/index.js");
    expect(bundleInputs.filter((i) => i.includes("@aws-sdk/"))).toEqual([]);
    expect(bundleExternals).toContain("@aws-sdk/credential-provider-node");
    expect(bundleCode).toMatch(/\bimport\(\s*["']@aws-sdk\/credential-provider-node["']\s*\)/);
  });
});

describe("invoked with Lambda's environment", () => {
  it("answers with the layer's URL, 404 and 400, signing with the session credentials, and never loads the credential chain", async () => {
    const layer = firstLayer(ecr);
    const { env, outcomes, modules, stdout, code } = await invoke(lambdaEnv(), [
      layer,
      { repositoryName: layer.repositoryName, layerDigest: MISSING_DIGEST },
      { repositoryName: layer.repositoryName, layerDigest: "latest" },
    ]);
    expect(code).toBe(0);
    expect(env).toEqual(Object.keys(lambdaEnv()).sort());

    const [found, missing, invalid] = outcomes;
    expect(found!.ok, JSON.stringify(found)).toBe(true);
    expect(found!.value).toMatchObject({ statusCode: 200, layerDigest: layer.layerDigest });
    expect(new URL(found!.value!.downloadUrl).origin).toBe(ecr.endpoint);
    expect(Date.parse(found!.value!.expiresAt)).toBeGreaterThan(Date.now());
    expect(missing).toMatchObject({ ok: true, value: { statusCode: 404, error: "LayersNotFoundException" } });
    expect(invalid).toMatchObject({ ok: true, value: { statusCode: 400, error: "EcrInputError" } });

    // Two calls went out (the invalid input none), signed with the environment's session credentials.
    const calls = ecr.requests.filter((r) => r.kind === "api");
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.signature).toBe("valid");
      expect(call.headers.authorization).toContain(`Credential=${FAKE_SESSION_CREDENTIALS.accessKeyId}/`);
      expect(call.headers["x-amz-security-token"]).toBe(FAKE_SESSION_CREDENTIALS.sessionToken);
      expect(buildOf(call)).toBe("node");
    }

    // The handler's log line carries the URL redacted.
    const signature = new URL(found!.value!.downloadUrl).searchParams.get("X-Amz-Signature")!;
    expect(stdout).toContain(`"layerDigest":"${layer.layerDigest}"`);
    expect(stdout.split("\n").filter((l) => !l.startsWith("RESULT ")).join("\n")).not.toContain(signature);

    // The log saw the bundle load, so it works; and nothing of the credential chain.
    expect(modules).toContain(`require ${bundleFile}`);
    expect(modules.filter((m) => m.includes("credential-provider"))).toEqual([]);
  }, 30_000);

  it("(control) without keys in the environment, the same bundle loads the credential chain, and the log shows it", async () => {
    const env = lambdaEnv();
    delete (env as Record<string, string | undefined>).AWS_ACCESS_KEY_ID;
    delete (env as Record<string, string | undefined>).AWS_SECRET_ACCESS_KEY;
    delete (env as Record<string, string | undefined>).AWS_SESSION_TOKEN;
    // Nothing for the chain to find, and no instance metadata service to wait for.
    const before = ecr.requests.length;
    const { outcomes, modules } = await invoke({ ...env, AWS_EC2_METADATA_DISABLED: "true" }, [firstLayer(ecr)]);
    expect(modules).toContain("import @aws-sdk/credential-provider-node");
    expect(modules.some((m) => m.startsWith("require ") && m.includes("/node_modules/@aws-sdk/credential-provider-node/"))).toBe(true);
    // It found nothing, so the invocation failed before sending anything.
    expect(outcomes[0]).toMatchObject({ ok: false, error: { name: "EcrConfigError" } });
    expect(ecr.requests.length).toBe(before);
  }, 30_000);
});
