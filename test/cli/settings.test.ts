/**
 * Where the CLI's settings come from, observed from outside: the region in the credential
 * scope the fake received, which fake (endpoint) was called, which keys signed, which
 * output format was printed; plus the global options that are accepted, refused or
 * informational (--version, --help).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  apiRequests,
  cleanupTemps,
  credentialScope,
  FAKE_CREDENTIALS,
  fakeEcr,
  formatOf,
  getUrlArgs,
  keyEnv,
  layerDigestOf,
  PACKAGE_VERSION,
  requireBuiltCli,
  runCli,
  tempDir,
  type FakeEcr,
  type Format,
} from "./cli-helpers.js";

/** A second key pair, only in the temporary credentials file's `[dev]` profile. */
const DEV = { accessKeyId: "AKIADEVPROFILEKEY001", secretAccessKey: "devProfileSecretKeyForCliSettings/Test+0" };

const servers: FakeEcr[] = [];
async function server(options: Parameters<typeof fakeEcr>[0] = {}): Promise<FakeEcr> {
  const ecr = await fakeEcr({ credentials: [FAKE_CREDENTIALS, DEV], ...options });
  servers.push(ecr);
  return ecr;
}

/** A shared config file in a temporary directory. */
function configFile(text: string): string {
  const path = join(tempDir(), "config");
  writeFileSync(path, text);
  return path;
}

beforeAll(() => {
  requireBuiltCli();
  expect(DEV.accessKeyId).toHaveLength(20);
  expect(DEV.secretAccessKey).toHaveLength(40);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  cleanupTemps();
});

describe("region: --region > AWS_REGION > AWS_DEFAULT_REGION > profile region", () => {
  const config = "[default]\nregion = ap-south-1\n\n[profile dev]\nregion = sa-east-1\n";
  const cases: Array<{ name: string; args: string[]; env: Record<string, string>; expected: string }> = [
    {
      name: "--region wins over everything",
      args: ["--region", "eu-west-3"],
      env: { AWS_REGION: "us-west-2", AWS_DEFAULT_REGION: "eu-central-1" },
      expected: "eu-west-3",
    },
    { name: "AWS_REGION over AWS_DEFAULT_REGION and the profile", args: [], env: { AWS_REGION: "us-west-2", AWS_DEFAULT_REGION: "eu-central-1" }, expected: "us-west-2" },
    { name: "AWS_DEFAULT_REGION over the profile", args: [], env: { AWS_DEFAULT_REGION: "eu-central-1" }, expected: "eu-central-1" },
    { name: "the [default] profile's region", args: [], env: {}, expected: "ap-south-1" },
    { name: "the [profile dev] region when AWS_PROFILE=dev", args: [], env: { AWS_PROFILE: "dev" }, expected: "sa-east-1" },
    { name: "AWS_REGION over AWS_PROFILE=dev's region", args: [], env: { AWS_PROFILE: "dev", AWS_REGION: "us-west-2" }, expected: "us-west-2" },
  ];
  it.each(cases)("$name ($expected)", async ({ args, env, expected }) => {
    const ecr = await server({ region: expected });
    const result = await runCli([...getUrlArgs(ecr), ...args], {
      env: { ...keyEnv(), AWS_CONFIG_FILE: configFile(config), AWS_ENDPOINT_URL_ECR: ecr.endpoint, ...env },
    });
    const [request] = apiRequests(ecr);
    expect(request, result.stderr).toBeDefined();
    expect(credentialScope(request!)?.region).toBe(expected);
    expect(request!.signature).toBe("valid");
    expect(result.code, result.stderr).toBe(0);
  });
});

describe("credentials: --profile beats the environment's keys, AWS_PROFILE does not", () => {
  let ecr: FakeEcr;
  let env: Record<string, string>;
  beforeAll(async () => {
    ecr = await server();
    const dir = tempDir();
    writeFileSync(join(dir, "config"), "[profile dev]\nregion = us-east-1\n");
    writeFileSync(join(dir, "credentials"), `[dev]\naws_access_key_id = ${DEV.accessKeyId}\naws_secret_access_key = ${DEV.secretAccessKey}\n`);
    env = { AWS_CONFIG_FILE: join(dir, "config"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"), ...keyEnv() };
  });
  afterEach(() => {
    ecr.requests.length = 0;
  });

  it("--profile dev signs with the profile's keys even when AWS_ACCESS_KEY_ID/SECRET are set", async () => {
    const result = await runCli([...getUrlArgs(ecr), "--profile", "dev", "--endpoint-url", ecr.endpoint], { env });
    expect(result.code, result.stderr).toBe(0);
    const [request] = apiRequests(ecr);
    expect(credentialScope(request!)?.accessKeyId).toBe(DEV.accessKeyId);
    expect(request!.signature).toBe("valid");
  });

  it("AWS_PROFILE=dev with the environment's keys set signs with the environment's keys", async () => {
    const result = await runCli([...getUrlArgs(ecr), "--endpoint-url", ecr.endpoint], { env: { ...env, AWS_PROFILE: "dev" } });
    expect(result.code, result.stderr).toBe(0);
    const [request] = apiRequests(ecr);
    expect(credentialScope(request!)?.accessKeyId).toBe(FAKE_CREDENTIALS.accessKeyId);
    expect(request!.signature).toBe("valid");
  });

  it("AWS_PROFILE=dev without keys in the environment signs with the profile's keys", async () => {
    const result = await runCli([...getUrlArgs(ecr), "--endpoint-url", ecr.endpoint], {
      env: { ...env, AWS_PROFILE: "dev", AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(credentialScope(apiRequests(ecr)[0]!)?.accessKeyId).toBe(DEV.accessKeyId);
  });

  it.each([
    { how: "--profile nope", args: ["--profile", "nope"], extra: {} },
    { how: "AWS_PROFILE=nope", args: [], extra: { AWS_PROFILE: "nope" } },
  ])("a profile that does not exist ($how): exit 255, 'The config profile (nope) could not be found'", async ({ args, extra }) => {
    const result = await runCli([...getUrlArgs(ecr), "--region", ecr.region, "--endpoint-url", ecr.endpoint, ...args], { env: { ...env, ...extra } });
    expect(result.code).toBe(255);
    expect(result.stderr.trim()).toBe("The config profile (nope) could not be found");
    expect(result.stdout).toBe("");
    expect(apiRequests(ecr)).toHaveLength(0);
  });
});

describe("output: --output > AWS_DEFAULT_OUTPUT > profile output", () => {
  let ecr: FakeEcr;
  let config: string;
  beforeAll(async () => {
    ecr = await server();
    config = configFile("[default]\noutput = table\n");
  });
  const cases: Array<{ name: string; args: string[]; env: Record<string, string>; expected: Format }> = [
    { name: "--output text over AWS_DEFAULT_OUTPUT=yaml and the profile's table", args: ["--output", "text"], env: { AWS_DEFAULT_OUTPUT: "yaml" }, expected: "text" },
    { name: "AWS_DEFAULT_OUTPUT=yaml over the profile's table", args: [], env: { AWS_DEFAULT_OUTPUT: "yaml" }, expected: "yaml" },
    { name: "the profile's output = table", args: [], env: {}, expected: "table" },
    { name: "--output json over the profile's table", args: ["--output", "json"], env: {}, expected: "json" },
  ];
  it.each(cases)("$name", async ({ args, env, expected }) => {
    const result = await runCli([...getUrlArgs(ecr), "--region", ecr.region, "--endpoint-url", ecr.endpoint, ...args], {
      env: { ...keyEnv(), AWS_CONFIG_FILE: config, ...env },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(formatOf(result.stdout), result.stdout).toBe(expected);
    expect(result.stdout).toContain(layerDigestOf(ecr));
  });

  it("json is the default with no setting anywhere", async () => {
    const result = await runCli([...getUrlArgs(ecr), "--region", ecr.region, "--endpoint-url", ecr.endpoint], { env: keyEnv() });
    expect(result.code, result.stderr).toBe(0);
    const value = JSON.parse(result.stdout) as Record<string, string>;
    expect(Object.keys(value).sort()).toEqual(["downloadUrl", "layerDigest"]);
    expect(value.layerDigest).toBe(layerDigestOf(ecr));
    expect(value.downloadUrl!.startsWith(`${ecr.endpoint}/blobs/`)).toBe(true);
  });

  it("an invalid AWS_DEFAULT_OUTPUT: exit 255, 'Unknown output type: bad'", async () => {
    const result = await runCli([...getUrlArgs(ecr), "--region", ecr.region, "--endpoint-url", ecr.endpoint], {
      env: { ...keyEnv(), AWS_DEFAULT_OUTPUT: "bad" },
    });
    expect(result.code).toBe(255);
    expect(result.stderr.trim()).toBe("Unknown output type: bad");
    expect(result.stdout).toBe("");
  });
});

describe("endpoint: --endpoint-url > AWS_ENDPOINT_URL_ECR > AWS_ENDPOINT_URL > profile endpoint_url", () => {
  // Four servers, one per source, to see which was called.
  let byOption: FakeEcr;
  let byEcrVariable: FakeEcr;
  let byVariable: FakeEcr;
  let byProfile: FakeEcr;
  let all: FakeEcr[];
  beforeAll(async () => {
    [byOption, byEcrVariable, byVariable, byProfile] = await Promise.all([server(), server(), server(), server()]);
    all = [byOption, byEcrVariable, byVariable, byProfile];
  });
  afterEach(() => {
    for (const s of all) s.requests.length = 0;
  });

  function configWith(extra = ""): string {
    return configFile(`[default]\nregion = us-east-1\nendpoint_url = ${byProfile.endpoint}\n${extra}`);
  }

  /** Which of the four servers got API calls, by name, with how many. */
  function called(): Record<string, number> {
    const names = ["option", "AWS_ENDPOINT_URL_ECR", "AWS_ENDPOINT_URL", "profile"];
    const out: Record<string, number> = {};
    all.forEach((s, i) => {
      const n = apiRequests(s).length;
      if (n > 0) out[names[i]!] = n;
    });
    return out;
  }

  async function call(args: string[], env: Record<string, string>, config = configWith()) {
    // The layer digest is the same on every server: the same blob under the same name.
    return runCli([...getUrlArgs(byOption), ...args], { env: { ...keyEnv(), AWS_CONFIG_FILE: config, ...env } });
  }

  it("--endpoint-url wins over both variables and the profile", async () => {
    const result = await call(["--endpoint-url", byOption.endpoint], {
      AWS_ENDPOINT_URL_ECR: byEcrVariable.endpoint,
      AWS_ENDPOINT_URL: byVariable.endpoint,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(called()).toEqual({ option: 1 });
  });

  it("AWS_ENDPOINT_URL_ECR wins over AWS_ENDPOINT_URL and the profile", async () => {
    const result = await call([], { AWS_ENDPOINT_URL_ECR: byEcrVariable.endpoint, AWS_ENDPOINT_URL: byVariable.endpoint });
    expect(result.code, result.stderr).toBe(0);
    expect(called()).toEqual({ AWS_ENDPOINT_URL_ECR: 1 });
  });

  it("AWS_ENDPOINT_URL wins over the profile", async () => {
    const result = await call([], { AWS_ENDPOINT_URL: byVariable.endpoint });
    expect(result.code, result.stderr).toBe(0);
    expect(called()).toEqual({ AWS_ENDPOINT_URL: 1 });
  });

  it("the profile's endpoint_url when nothing else is set", async () => {
    const result = await call([], {});
    expect(result.code, result.stderr).toBe(0);
    expect(called()).toEqual({ profile: 1 });
  });

  it("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true keeps --endpoint-url", async () => {
    const result = await call(["--endpoint-url", byOption.endpoint], {
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true",
      AWS_ENDPOINT_URL_ECR: byEcrVariable.endpoint,
      AWS_ENDPOINT_URL: byVariable.endpoint,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(called()).toEqual({ option: 1 });
  });

  // With every configured endpoint ignored the call goes to ECR's own endpoint for the
  // region; a made-up region makes that a host that does not resolve, and the AWS CLI's
  // connection error names the URL it tried.
  const DEFAULT_HOST = "api.ecr.xx-fake-1.amazonaws.com";
  const offline = ["--region", "xx-fake-1", "--cli-connect-timeout", "5", "--cli-read-timeout", "5"];

  it("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores the variables and the profile", async () => {
    const result = await call(offline, {
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true",
      AWS_ENDPOINT_URL_ECR: byEcrVariable.endpoint,
      AWS_ENDPOINT_URL: byVariable.endpoint,
      AWS_MAX_ATTEMPTS: "1",
    });
    expect(called()).toEqual({});
    expect(result.code).toBe(255);
    expect(result.stderr).toContain(DEFAULT_HOST);
  });

  it("the profile's ignore_configured_endpoint_urls = true does the same", async () => {
    const result = await call(offline, { AWS_ENDPOINT_URL: byVariable.endpoint, AWS_MAX_ATTEMPTS: "1" }, configWith("ignore_configured_endpoint_urls = true\n"));
    expect(called()).toEqual({});
    expect(result.code).toBe(255);
    expect(result.stderr).toContain(DEFAULT_HOST);
  });
});

describe("other settings and global options", () => {
  let ecr: FakeEcr;
  let base: string[];
  beforeAll(async () => {
    ecr = await server();
    base = [...getUrlArgs(ecr), "--region", ecr.region, "--endpoint-url", ecr.endpoint];
  });
  afterEach(() => {
    ecr.setFaults([]);
    ecr.requests.length = 0;
  });

  it("AWS_MAX_ATTEMPTS=1: a ServerException makes exactly one API request and no 'reached max retries'", async () => {
    ecr.setFaults([{ type: "error", code: "ServerException" }]);
    const result = await runCli(base, { env: { ...keyEnv(), AWS_MAX_ATTEMPTS: "1" } });
    expect(result.code).toBe(254);
    expect(apiRequests(ecr)).toHaveLength(1);
    expect(result.stderr).toContain("An error occurred (ServerException) when calling the GetDownloadUrlForLayer operation: ");
    expect(result.stderr).not.toContain("reached max retries");
  });

  it("without AWS_MAX_ATTEMPTS the same fault is tried 3 times and says 'reached max retries: 2'", async () => {
    ecr.setFaults([{ type: "error", code: "ServerException" }]);
    const result = await runCli(base, { env: keyEnv() });
    expect(result.code).toBe(254);
    expect(apiRequests(ecr)).toHaveLength(3);
    expect(result.stderr).toContain("An error occurred (ServerException) when calling the GetDownloadUrlForLayer operation (reached max retries: 2): ");
  });

  it("--cli-read-timeout 0 is accepted (no limit)", async () => {
    ecr.setFaults([{ type: "delay", ms: 300, times: 1 }]);
    const result = await runCli([...base, "--cli-read-timeout", "0"], { env: keyEnv() });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).layerDigest).toBe(layerDigestOf(ecr));
  });

  it("--cli-read-timeout x: exit 255", async () => {
    const result = await runCli([...base, "--cli-read-timeout", "x"], { env: keyEnv() });
    expect(result.code).toBe(255);
    expect(result.stderr.trim()).not.toBe("");
    expect(result.stdout).toBe("");
  });

  it("--no-sign-request sends no Authorization, X-Amz-Date or X-Amz-Security-Token and needs no credentials", async () => {
    // No keys anywhere: a signed call would stop at "Unable to locate credentials" (see the next test).
    const result = await runCli([...base, "--no-sign-request"], { env: {} });
    const api = apiRequests(ecr);
    expect(api, result.stderr).toHaveLength(1);
    expect(api[0]!.headers.authorization).toBeUndefined();
    expect(api[0]!.headers["x-amz-date"]).toBeUndefined();
    expect(api[0]!.headers["x-amz-security-token"]).toBeUndefined();
    expect(api[0]!.hasAuthorization).toBe(false);
    expect(result.stderr).not.toContain("Unable to locate credentials");
    // The fake, like ECR, refuses an unsigned call: a service error, not a local failure.
    expect(result.code).toBe(254);
    expect(result.stderr).toMatch(/^\nAn error occurred \(\w+\) when calling the GetDownloadUrlForLayer operation/);
  });

  it("--no-sign-request sends no signature even when keys and a session token are in the environment", async () => {
    const result = await runCli([...base, "--no-sign-request"], { env: { ...keyEnv(), AWS_SESSION_TOKEN: "SomeSessionTokenValueForTheTest0123456789" } });
    const api = apiRequests(ecr);
    expect(api, result.stderr).toHaveLength(1);
    expect(api[0]!.headers.authorization).toBeUndefined();
    expect(api[0]!.headers["x-amz-date"]).toBeUndefined();
    expect(api[0]!.headers["x-amz-security-token"]).toBeUndefined();
    expect(result.code).toBe(254);
  });

  it("without --no-sign-request and with no credentials anywhere: exit 253 and nothing sent", async () => {
    const result = await runCli(base, { env: {} });
    expect(result.code).toBe(253);
    expect(result.stderr).toContain("Unable to locate credentials");
    expect(apiRequests(ecr)).toHaveLength(0);
  });

  it("--cli-auto-prompt: exit 252, saying it is not supported", async () => {
    const result = await runCli([...base, "--cli-auto-prompt"], { env: keyEnv() });
    expect(result.code).toBe(252);
    expect(result.stderr).toMatch(/not supported/i);
    expect(result.stderr).toContain("--cli-auto-prompt");
    expect(apiRequests(ecr)).toHaveLength(0);
  });

  it.each([{ option: ["--no-paginate"] }, { option: ["--cli-binary-format", "base64"] }, { option: ["--no-cli-auto-prompt"] }])(
    "$option is accepted: exit 0, the same output as without it",
    async ({ option }) => {
      // The URL's signature and date change from call to call; everything else must not.
      const normalize = (text: string) => text.replace(/\?[^"\s]*/g, "?<query>");
      const plain = await runCli(base, { env: keyEnv() });
      const withOption = await runCli([...base, ...option], { env: keyEnv() });
      expect(plain.code, plain.stderr).toBe(0);
      expect(withOption.code, withOption.stderr).toBe(0);
      expect(withOption.stderr).toBe("");
      expect(normalize(withOption.stdout)).toBe(normalize(plain.stdout));
      expect(JSON.parse(withOption.stdout).layerDigest).toBe(layerDigestOf(ecr));
      expect(apiRequests(ecr)).toHaveLength(2);
    },
  );
});

describe("--version and help", () => {
  it("--version prints one line, ecr-layer-url/<version> Node.js/..., exit 0", async () => {
    const result = await runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.startsWith(`ecr-layer-url/${PACKAGE_VERSION} Node.js/`)).toBe(true);
    expect(result.stdout.endsWith("\n")).toBe(true);
    expect(result.stdout.split("\n")).toHaveLength(2);
  });

  const helps: Array<{ args: string[]; sections: string[] }> = [
    { args: ["--help"], sections: ["SYNOPSIS", "COMMANDS", "EXIT CODES"] },
    { args: ["help"], sections: ["SYNOPSIS", "COMMANDS", "EXIT CODES"] },
    { args: ["get-download-url-for-layer", "help"], sections: ["SYNOPSIS", "OPTIONS", "EXAMPLE", "EXIT CODES"] },
    { args: ["get-download-url-for-layer", "--help"], sections: ["SYNOPSIS", "OPTIONS", "EXAMPLE", "EXIT CODES"] },
    { args: ["download-layer", "--help"], sections: ["SYNOPSIS", "OPTIONS", "EXAMPLE", "EXIT CODES"] },
    { args: ["download-layer", "help"], sections: ["SYNOPSIS", "OPTIONS", "EXAMPLE", "EXIT CODES"] },
  ];
  it.each(helps)("$args prints help ($sections), exit 0", async ({ args, sections }) => {
    const result = await runCli(args);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    for (const section of sections) expect(result.stdout).toMatch(new RegExp(`^${section}\\b`, "m"));
    // Each command's help names its own options.
    if (args[0] === "download-layer") expect(result.stdout).toContain("--output-file");
    if (args[0] === "get-download-url-for-layer") expect(result.stdout).toContain("--layer-digest");
  });
});
