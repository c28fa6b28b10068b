// Compatibility with the AWS CLI v2: `ecr-layer-url get-download-url-for-layer ARGS` must
// print what `aws ecr get-download-url-for-layer ARGS` prints, byte for byte, on stdout
// and stderr, and exit with the same code. Each case runs both CLIs with the same
// arguments and environment against the same fake ECR (a fresh one per case), with the
// same faults set before each run, and compares what they did; the expected output is
// always the real AWS CLI's, never written down here. The few places where the two must
// differ say so in the case's `difference` and are checked as that note says.
//
// Needs /usr/bin/aws (apt-get install awscli); `npm test` lists this suite as not run
// when it is missing.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { ExpectStatic } from "vitest";
import { FAKE_SESSION_CREDENTIALS, startFakeEcr } from "../../src/testing/index.js";
import type { Fault } from "../../src/testing/index.js";
import { available } from "../support/system-suites.js";
import {
  AWS,
  AWS_USAGE,
  compatEnv,
  expand,
  limiter,
  normaliseUsage,
  OUR_CLI,
  PACKAGE_VERSION,
  ROOT,
  runAgainst,
  VERSION_SHAPE,
} from "./compat-helpers.js";
import type { Outcome, Run } from "./compat-helpers.js";

/** How a case's two runs are compared when they must differ somewhere. */
interface Difference {
  /**
   * - `usage`: argparse errors; the usage block and the `PROGRAM: error: ` prefix are
   *   normalised (see normaliseUsage), all the rest compared byte for byte.
   * - `version`: `--version`; only the shape and the OS part are compared.
   * - `jmespath-detail`: a bad --query; the text up to the parser's detail is compared.
   * - `debug`: --debug; the debug text is not compared, ours is checked for secrets.
   */
  check: "usage" | "version" | "jmespath-detail" | "debug";
  why: string;
}

interface Case {
  name: string;
  /** After `get-download-url-for-layer`; `{{endpoint}}`, `{{digest}}` and `{{dir}}` are filled in. */
  args: string[];
  /** Added to the environment of both; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Set on the fake before each of the two runs. */
  faults?: Fault[];
  /** Why and where the two must differ; null: identical in every byte. */
  difference: Difference | null;
  /** Start the fake with temporary credentials (a session token) instead of the long-term pair. */
  sessionCredentials?: boolean;
}

const REPOSITORY = "team/app";
const CALL = ["--endpoint-url", "{{endpoint}}", "--repository-name", REPOSITORY, "--layer-digest", "{{digest}}"];

/**
 * A fixed pre-signed-looking URL: the fake signs its URLs at the current second, so two
 * runs would get different ones. Successful cases are answered with this instead.
 */
const FIXED_URL =
  "{{endpoint}}/blobs/123456789012/team/app/{{digest}}?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
  "&X-Amz-Credential=ASIAFAKELAYERBUCKET0%2F20250102%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20250102T030405Z" +
  "&X-Amz-Expires=3600&X-Amz-SignedHeaders=host" +
  "&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEFAKEFixedCompatToken%2Bfor%2FTests0123456789abcdefABCDEF%3D%3D" +
  "&X-Amz-Signature=5d1c0b7c8a9e3f214d6b0a7e9c2f1d3b4a5c6e7f8091a2b3c4d5e6f708192a3b";

/**
 * A successful answer with the fixed URL. `model`: the members in the model's order.
 * `reversed`: layerDigest first and an extra member the model does not know; the AWS CLI
 * prints the model's members in the model's order and drops the unknown one.
 */
function answer(order: "model" | "reversed"): Fault[] {
  const body =
    order === "model"
      ? { downloadUrl: FIXED_URL, layerDigest: "{{digest}}" }
      : { layerDigest: "{{digest}}", futureMember: { nested: ["a", 1] }, downloadUrl: FIXED_URL };
  return [{ type: "status", status: 200, body: JSON.stringify(body), times: 1 }];
}

const USAGE: Difference = {
  check: "usage",
  why: "argparse's usage block names the program and its commands: `aws ... <command> <subcommand>` there, `ecr-layer-url ... <command>` here, and the error line starts with the program's name",
};

const FORMATS = ["json", "text", "table", "yaml", "yaml-stream"] as const;
const QUERIES = [
  { what: "a scalar", query: "downloadUrl" },
  { what: "a list", query: "[downloadUrl, layerDigest]" },
  { what: "a multiselect hash", query: "{d: layerDigest, u: downloadUrl}" },
  { what: "a number", query: "length(layerDigest)" },
  // The answer has a futureMember, which the AWS CLI drops: the query yields null.
  { what: "null (a member the model does not have)", query: "futureMember" },
] as const;

const MODELED_ERRORS = [
  "InvalidParameterException",
  "LayerInaccessibleException",
  "LayersNotFoundException",
  "RepositoryNotFoundException",
  "ServerException", // retried: `(reached max retries: 2)`
  "UnableToGetUpstreamLayerException",
] as const;

const CASES: Case[] = [
  // --- Output formats -----------------------------------------------------------------
  { name: "default output (json), members in model order", args: CALL, faults: answer("model"), difference: null },
  ...FORMATS.map((format): Case => ({ name: `--output ${format}`, args: [...CALL, "--output", format], faults: answer("reversed"), difference: null })),
  { name: "output format from AWS_DEFAULT_OUTPUT=text", args: CALL, env: { AWS_DEFAULT_OUTPUT: "text" }, faults: answer("reversed"), difference: null },

  // --- --query, with each output format -----------------------------------------------
  ...QUERIES.flatMap(({ what, query }) =>
    FORMATS.map((format): Case => ({
      name: `--query ${query} (${what}) --output ${format}`,
      args: [...CALL, "--query", query, "--output", format],
      faults: answer("reversed"),
      difference: null,
    })),
  ),

  // --- --cli-input-json / --cli-input-yaml --------------------------------------------
  {
    name: "--cli-input-json inline, --registry-id overriding its member",
    args: ["--endpoint-url", "{{endpoint}}", "--cli-input-json", '{"registryId": "999999999999", "repositoryName": "team/app", "layerDigest": "{{digest}}"}', "--registry-id", "123456789012"],
    faults: answer("model"),
    difference: null,
  },
  {
    name: "--cli-input-json file://, --layer-digest overriding its member",
    args: ["--endpoint-url", "{{endpoint}}", "--cli-input-json", "file://{{dir}}/input.json", "--layer-digest", "{{digest}}"],
    faults: answer("model"),
    difference: null,
  },
  {
    name: "--cli-input-yaml inline, --repository-name overriding its member",
    args: ["--endpoint-url", "{{endpoint}}", "--cli-input-yaml", "repositoryName: other/app\nlayerDigest: '{{digest}}'\n", "--repository-name", REPOSITORY],
    faults: answer("reversed"),
    difference: null,
  },
  {
    name: "--cli-input-yaml file://, --layer-digest overriding its member",
    args: ["--endpoint-url", "{{endpoint}}", "--cli-input-yaml", "file://{{dir}}/input.yaml", "--layer-digest", "{{digest}}", "--output", "yaml"],
    faults: answer("model"),
    difference: null,
  },
  {
    name: "--cli-input-json with an unknown key",
    args: ["--endpoint-url", "{{endpoint}}", "--cli-input-json", '{"repositoryName": "team/app", "layerDigest": "{{digest}}", "bogus": 1}'],
    difference: null,
  },
  {
    name: "--cli-input-json with a wrong type",
    args: ["--endpoint-url", "{{endpoint}}", "--cli-input-json", '{"repositoryName": "team/app", "layerDigest": 5}'],
    difference: null,
  },
  { name: "--cli-input-json not a map", args: ["--endpoint-url", "{{endpoint}}", "--cli-input-json", "[1, 2]"], difference: null },
  { name: "--cli-input-json invalid JSON", args: ["--endpoint-url", "{{endpoint}}", "--cli-input-json", "{nope"], difference: null },
  {
    name: "--cli-input-json without a required member",
    args: ["--endpoint-url", "{{endpoint}}", "--cli-input-json", '{"repositoryName": "team/app"}'],
    difference: null,
  },
  {
    name: "--cli-input-json file:// of a missing file",
    args: ["--endpoint-url", "{{endpoint}}", "--cli-input-json", "file://{{dir}}/missing.json"],
    difference: null,
  },
  { name: "--cli-input-yaml invalid YAML", args: ["--endpoint-url", "{{endpoint}}", "--cli-input-yaml", "a: [b"], difference: null },
  { name: "--cli-input-yaml not a map", args: ["--endpoint-url", "{{endpoint}}", "--cli-input-yaml", "[1, 2]"], difference: null },
  {
    // argparse takes a word that starts with `-` but holds a space for a value, not an option.
    name: "--cli-input-yaml '- 1' (a YAML list: a value starting with a dash)",
    args: ["--endpoint-url", "{{endpoint}}", "--cli-input-yaml", "- 1"],
    difference: null,
  },
  {
    name: "--cli-input-json and --cli-input-yaml together",
    args: ["--endpoint-url", "{{endpoint}}", "--cli-input-json", "{}", "--cli-input-yaml", "a: b"],
    difference: null,
  },

  // --- Skeletons (nothing is sent) ----------------------------------------------------
  { name: "--generate-cli-skeleton (bare)", args: ["--endpoint-url", "{{endpoint}}", "--generate-cli-skeleton"], difference: null },
  { name: "--generate-cli-skeleton input", args: ["--endpoint-url", "{{endpoint}}", "--generate-cli-skeleton", "input"], difference: null },
  { name: "--generate-cli-skeleton yaml-input", args: ["--endpoint-url", "{{endpoint}}", "--generate-cli-skeleton", "yaml-input"], difference: null },
  { name: "--generate-cli-skeleton output", args: [...CALL, "--generate-cli-skeleton", "output"], difference: null },
  { name: "--generate-cli-skeleton output --output table", args: [...CALL, "--generate-cli-skeleton", "output", "--output", "table"], difference: null },
  {
    name: "--generate-cli-skeleton output --query layerDigest --output text",
    args: [...CALL, "--generate-cli-skeleton", "output", "--query", "layerDigest", "--output", "text"],
    difference: null,
  },
  { name: "--generate-cli-skeleton output without the required options", args: ["--endpoint-url", "{{endpoint}}", "--generate-cli-skeleton", "output"], difference: USAGE },

  // --- Service errors -----------------------------------------------------------------
  ...MODELED_ERRORS.map((code): Case => ({
    name: `modeled error ${code}`,
    args: CALL,
    // ServerException is retried: every attempt meets it.
    faults: [{ type: "error", code, ...(code === "ServerException" ? {} : { times: 1 }) }],
    difference: null,
  })),
  {
    name: "a digest breaking the service's pattern (ValidationException from the service)",
    args: ["--endpoint-url", "{{endpoint}}", "--repository-name", REPOSITORY, "--layer-digest", "foo"],
    difference: null,
  },
  {
    name: "502 with an HTML page (botocore's generic parsing, retried)",
    args: CALL,
    faults: [{ type: "status", status: 502, body: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body>\r\n</html>\r\n" }],
    difference: null,
  },
  { name: "400 with `{}` (no code, no message)", args: CALL, faults: [{ type: "status", status: 400, body: "{}", times: 1 }], difference: null },

  // --- Usage and parameter errors -----------------------------------------------------
  { name: "missing --layer-digest", args: ["--endpoint-url", "{{endpoint}}", "--repository-name", REPOSITORY], difference: USAGE },
  { name: "missing --repository-name and --layer-digest", args: ["--endpoint-url", "{{endpoint}}"], difference: USAGE },
  { name: "unknown option --foo", args: [...CALL, "--foo"], difference: USAGE },
  { name: "--output xml", args: [...CALL, "--output", "xml"], difference: USAGE },
  { name: "--color bad", args: [...CALL, "--color", "bad"], difference: USAGE },
  { name: "--repository-name a (under the minimum length)", args: ["--endpoint-url", "{{endpoint}}", "--repository-name", "a", "--layer-digest", "{{digest}}"], difference: null },
  {
    name: "a bad --query expression",
    args: [...CALL, "--query", "[a"],
    difference: {
      check: "jmespath-detail",
      why: "the parser's detail after `Invalid jmespath expression: ` is Python jmespath's there and @jmespath-community/jmespath's here; the text before it and the exit code must match",
    },
  },

  // --- Configuration ------------------------------------------------------------------
  { name: "no region (AWS_REGION unset)", args: CALL, env: { AWS_REGION: undefined }, difference: null },
  { name: "no credentials (both keys unset)", args: CALL, env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined }, difference: null },
  { name: "--profile nope (not found)", args: [...CALL, "--profile", "nope"], difference: null },

  // --- Corners found in review (each failed before its fix) ----------------------------
  { name: "AWS_DEFAULT_OUTPUT set but empty (a value, not unset)", args: CALL, env: { AWS_DEFAULT_OUTPUT: "" }, difference: null },
  { name: "AWS_PROFILE set but empty (a profile named '')", args: CALL, env: { AWS_PROFILE: "" }, difference: null },
  { name: "--profile= (an empty option is not given)", args: [...CALL, "--profile="], faults: answer("model"), difference: null },
  { name: "only AWS_ACCESS_KEY_ID set (partial credentials)", args: CALL, env: { AWS_SECRET_ACCESS_KEY: undefined }, difference: null },
  {
    name: "--cli-input-json with a __proto__ key (an unknown member, not a prototype)",
    args: ["--endpoint-url", "{{endpoint}}", "--cli-input-json", '{"repositoryName": "team/app", "layerDigest": "{{digest}}", "__proto__": {"registryId": "999999999999"}}'],
    difference: null,
  },
  { name: "file:// for a plain option (--repository-name)", args: ["--endpoint-url", "{{endpoint}}", "--repository-name", "file://{{dir}}/repository.txt", "--layer-digest", "{{digest}}", "--query", "layerDigest"], faults: answer("model"), difference: null },
  { name: "a skeleton still parses --cli-input-json first", args: ["--endpoint-url", "{{endpoint}}", "--generate-cli-skeleton", "--cli-input-json", "{bad"], difference: null },
  { name: "the output skeleton still needs a region", args: [...CALL, "--generate-cli-skeleton", "output"], env: { AWS_REGION: undefined }, difference: null },
  { name: "a query with @ inside a function's argument", args: [...CALL, "--query", "[layerDigest] | length(@[0])"], faults: answer("model"), difference: null },

  // --- The connection -----------------------------------------------------------------
  { name: "connection refused", args: ["--endpoint-url", "http://127.0.0.1:1", "--repository-name", REPOSITORY, "--layer-digest", "{{digest}}"], difference: null },
  { name: "read timeout (--cli-read-timeout 1, the fake answering after 5 s)", args: [...CALL, "--cli-read-timeout", "1"], faults: [{ type: "delay", ms: 5000 }], difference: null },

  // --- Where the two must differ ------------------------------------------------------
  {
    name: "--version",
    args: ["--version"],
    difference: { check: "version", why: "each CLI names itself, its version and its runtime (aws-cli on Python, ecr-layer-url on Node.js); the shape and the OS part must match" },
  },
  {
    name: "--debug (with a session token)",
    args: [...CALL, "--debug"],
    faults: answer("model"),
    sessionCredentials: true,
    difference: {
      check: "debug",
      why: "the debug log is botocore's own (timestamps, handler reprs, and the signed headers in the clear); ours logs the requests' and answers' headers with every secret redacted, so the text is not compared",
    },
  },
];

let dir = "";
const limit = limiter(2); // two cores: two CLI runs at a time

async function runCase(testCase: Case, expect: ExpectStatic): Promise<void> {
  const ecr = await startFakeEcr({
    repositories: { [REPOSITORY]: ["some layer bytes"] },
    ...(testCase.sessionCredentials ? { credentials: [FAKE_SESSION_CREDENTIALS] } : {}),
  });
  try {
    const tokens = { endpoint: ecr.endpoint, digest: ecr.layers[0]!.layerDigest, dir };
    const args = expand(testCase.args, tokens);
    const env = compatEnv(ecr, expand(testCase.env ?? {}, tokens));
    const faults = expand(testCase.faults ?? [], tokens);
    const theirs = await runAgainst("aws", ecr, args, env, faults);
    const ours = await runAgainst("ours", ecr, args, env, faults);
    compare(testCase, theirs, ours, expect);
  } finally {
    await ecr.close();
  }
}

function compare(testCase: Case, theirs: Run, ours: Run, expect: ExpectStatic): void {
  const [t, o] = [theirs.outcome, ours.outcome];
  switch (testCase.difference?.check) {
    case undefined:
      expect(o).toEqual(t);
      return;
    case "usage": {
      // Guard against a stale normalisation: the AWS CLI's side must have had the block.
      expect(t.stderr, "the AWS CLI's usage block changed: update AWS_USAGE").toContain(AWS_USAGE);
      const normalised = (outcome: Outcome, which: "aws" | "ours"): Outcome => ({ ...outcome, stderr: normaliseUsage(outcome.stderr, which) });
      expect(normalised(o, "ours")).toEqual(normalised(t, "aws"));
      return;
    }
    case "version": {
      expect(t.stdout).toMatch(VERSION_SHAPE);
      expect({ exitCode: o.exitCode, stderr: o.stderr, apiCalls: o.apiCalls }).toEqual({ exitCode: t.exitCode, stderr: t.stderr, apiCalls: t.apiCalls });
      expect(o.stdout).toMatch(VERSION_SHAPE);
      const [theirParts, ourParts] = [VERSION_SHAPE.exec(t.stdout)!, VERSION_SHAPE.exec(o.stdout)!];
      expect(ourParts.slice(1, 3)).toEqual(["ecr-layer-url", PACKAGE_VERSION]);
      expect(ourParts[4]).toBe(process.versions.node);
      // The same `os/release` the AWS CLI reports (platform.system()/platform.release()).
      expect(ourParts.slice(5, 7)).toEqual(theirParts.slice(5, 7));
      return;
    }
    case "jmespath-detail": {
      const query = testCase.args[testCase.args.indexOf("--query") + 1]!;
      const prefix = `\nBad value for --query ${query}: Invalid jmespath expression: `;
      expect(t.stderr.startsWith(prefix), t.stderr).toBe(true);
      const shape = (outcome: Outcome) => ({
        exitCode: outcome.exitCode,
        stdout: outcome.stdout,
        apiCalls: outcome.apiCalls,
        stderrPrefix: outcome.stderr.slice(0, prefix.length),
        detailPresent: outcome.stderr.length > prefix.length + 1,
        endsWithNewline: outcome.stderr.endsWith("\n"),
      });
      expect(shape(o)).toEqual(shape(t));
      return;
    }
    case "debug": {
      // The AWS CLI does print its debug log (and succeeds); ours must do as much, safely.
      expect(t.exitCode).toBe(0);
      expect(t.stderr).toContain(" - DEBUG - ");
      expect({ exitCode: o.exitCode, stdout: o.stdout, apiCalls: o.apiCalls }).toEqual({ exitCode: t.exitCode, stdout: t.stdout, apiCalls: t.apiCalls });
      expect(o.stderr, "ours logs the request's headers").toMatch(/x-amz-target/i);
      expect(o.stderr, "ours logs the answer's headers").toMatch(/x-amzn-requestid/i);
      const signatures = ours.requests.map((r) => /Signature=([0-9a-f]{64})/.exec(r.headers.authorization ?? "")?.[1]);
      expect(signatures.length).toBeGreaterThan(0);
      const secrets = {
        secretAccessKey: FAKE_SESSION_CREDENTIALS.secretAccessKey,
        sessionToken: FAKE_SESSION_CREDENTIALS.sessionToken!,
        ...Object.fromEntries(signatures.map((s, i) => [`signature of request ${i + 1}`, s ?? "(no Authorization signature recorded)"])),
      };
      for (const [what, secret] of Object.entries(secrets)) expect(o.stderr.includes(secret), `${what} appears in our --debug output`).toBe(false);
      return;
    }
  }
}

describe.skipIf(!available(AWS))("ecr-layer-url get-download-url-for-layer against aws ecr get-download-url-for-layer", { concurrent: true, timeout: 180_000 }, () => {
  beforeAll(() => {
    // `npm test` builds before vitest; a lone run of this file may not have.
    if (!existsSync(OUR_CLI)) execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
    dir = mkdtempSync(join(tmpdir(), "ecr-layer-url-compat-"));
    const zeros = `sha256:${"0".repeat(64)}`;
    writeFileSync(join(dir, "input.json"), JSON.stringify({ registryId: "123456789012", repositoryName: REPOSITORY, layerDigest: zeros }, null, 4) + "\n");
    writeFileSync(join(dir, "input.yaml"), `repositoryName: ${REPOSITORY}\nlayerDigest: "${zeros}"\n`);
    writeFileSync(join(dir, "repository.txt"), REPOSITORY);
  }, 600_000);
  afterAll(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  for (const testCase of CASES) {
    it(testCase.name, async ({ expect }) => {
      await limit(() => runCase(testCase, expect));
    });
  }
});
