/**
 * Hostile configuration: a region that is not a lower-case DNS label, an endpoint with
 * credentials in it or of another scheme, an option of the wrong type: the constructor or
 * the first call throws EcrConfigError, nothing reaches the network, and the message does
 * not repeat a password the endpoint carried.
 *
 * Every client here is pointed at the fake: should a bad value be accepted, the request
 * lands there (and is counted), never at AWS.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeError, EcrConfigError, FAKE_CREDENTIALS, fakeEcr, outcomeOf, renderings, runtimes } from "./support.js";
import type { FakeEcr, Runtime } from "./support.js";

let ecr: FakeEcr;
let port: string;
beforeAll(async () => {
  ecr = await fakeEcr();
  port = new URL(ecr.endpoint).port;
});
afterAll(() => ecr.close());

const CALL_DEADLINE_MS = 10_000;

/** Make a client with `config` over the fake and call it once; the outcome and whether anything arrived. */
async function tryConfig(runtime: Runtime, config: Record<string, unknown>) {
  const before = ecr.requests.length;
  const layer = ecr.layers[0]!;
  const outcome = await outcomeOf(
    async () => {
      const client = new runtime.Client(config as never);
      try {
        return await client.getDownloadUrlForLayer({ repositoryName: layer.repositoryName, layerDigest: layer.layerDigest });
      } finally {
        client.destroy();
      }
    },
    CALL_DEADLINE_MS,
    "the call",
  );
  return { outcome, arrived: ecr.requests.length - before };
}

function expectConfigError(result: Awaited<ReturnType<typeof tryConfig>>): EcrConfigError {
  const { outcome, arrived } = result;
  expect(outcome.ok, "the call succeeded with a malformed configuration").toBe(false);
  const error = (outcome as { error: unknown }).error;
  expect(error, describeError(error)).toBeInstanceOf(EcrConfigError);
  expect(arrived, "a request reached the server despite the malformed configuration").toBe(0);
  return error as EcrConfigError;
}

const base = () => ({ region: ecr.region, endpoint: ecr.endpoint, credentials: FAKE_CREDENTIALS, maxAttempts: 1 });

// ---------------------------------------------------------------------------------------
// Regions
// ---------------------------------------------------------------------------------------

/**
 * A region must be a DNS host label in lower case (1-63 of a-z, 0-9, '-', not starting or
 * ending with '-'), or it ends up spliced into a host name. Each value here breaks that,
 * and the FIPS markers ("fips-", "-fips") stripped from it would not mend it.
 */
const BAD_CHARS = [".", "/", "@", " ", "\t", "\n", ":", "_", "?", "#", "%", "\\", "\u0000", "\u00e9", "A", "Z", "\u0130", "\u212a", "\ud83d\ude00", "*", "[", "]"];
const REAL_REGIONS = ["us-east-1", "eu-west-2", "cn-north-1", "us-gov-west-1", "us-iso-east-1", "fips-us-east-1", "us-east-1-fips"];

const badRegion: fc.Arbitrary<unknown> = fc.oneof(
  fc.tuple(fc.constantFrom(...REAL_REGIONS), fc.nat(), fc.constantFrom(...BAD_CHARS)).map(([region, at, char]) => {
    const i = at % (region.length + 1);
    return region.slice(0, i) + char + region.slice(i);
  }),
  fc.constantFrom(
    "",
    "-",
    "-us-east-1",
    "us-east-1-",
    "US-EAST-1",
    "Us-East-1",
    "us-east-1.evil.example",
    "evil.example/",
    "us-east-1@evil.example",
    "user:pass@us-east-1",
    "us-east-1#",
    "localhost:8080",
    ".",
    "..",
    "../..",
    "us-east-1\n",
    " us-east-1",
  ),
  // Too long for a label (FIPS markers kept out, so stripping one cannot shorten it back).
  fc.stringMatching(/^[a-eg-z0-9][a-z0-9-]{63,120}[a-z0-9]$/).filter((r) => !r.endsWith("-fips")),
  fc.string({ unit: "binary", maxLength: 30 }).filter((r) => /[^a-z0-9-]/.test(r)),
  fc.constantFrom<unknown>(0, 1, Number.NaN, true, false, 10n, [], ["us-east-1"], {}, { toString: () => "us-east-1" }, new String("us-east-1"), () => "us-east-1"),
);

// ---------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------

/**
 * A password to hide: long and distinctive, so finding it in a message is never a
 * coincidence; with characters the URL parser percent-encodes, and ones (/ ? # @) that
 * end the userinfo early or make the endpoint unparseable, where only a careful message
 * keeps the rest of the password out.
 */
const password = fc
  .string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=% :@/?#\u00e9\u4e2d"), minLength: 4, maxLength: 30 })
  .map((rest) => `Pw9!${rest}`);

const endpointWithCredentials = fc
  .record({
    scheme: fc.constantFrom("http", "https", "HTTP", "ftp", "ws"),
    user: fc.constantFrom("", "user", "AKIAIOSFODNN7EXAMPLE", "a%40b"),
    password,
    host: fc.constantFrom("127.0.0.1:PORT", "localhost:PORT", "[::1]:PORT", "example.com", "api.ecr.us-east-1.amazonaws.com"),
    path: fc.constantFrom("", "/", "/v1", "/?x=1", "/#frag"),
    asUrl: fc.boolean(),
  })
  .map((e) => ({ ...e, text: `${e.scheme}://${e.user}:${e.password}@${e.host.replace("PORT", port)}${e.path}` }));

/** Endpoints that are not absolute http(s) URLs: other schemes, relative, unparseable, wrong types. */
const badEndpoint: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom("ftp:", "file:", "ws:", "wss:", "javascript:", "data:", "mailto:", "blob:", "about:", "gopher:", "chrome:", "ssh:", "s3:", "localhost:", "127.0.0.1:"),
      fc.constantFrom("//127.0.0.1:PORT", "//127.0.0.1:PORT/", "///etc/passwd", "alert(1)", "text/plain,hello", "x", ""),
    )
    .map(([scheme, rest]) => scheme + rest.replace("PORT", () => port)),
  fc.constantFrom("", " ", "/", "//127.0.0.1", "127.0.0.1", "localhost", "http://", "https://", "http://[::1", "http://127.0.0.1:99999", "http://exa mple.com", "http://%zz"),
  // The URL parser drops leading controls and spaces and any tab or newline: "\u0001ht\ttp://x" is http.
  fc.string({ maxLength: 30 }).filter((s) => !/^https?:/i.test(s.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+/, ""))),
  fc.constantFrom<unknown>(0, 443, true, 10n, [], ["http://127.0.0.1"], {}, { href: "http://127.0.0.1" }, new String("http://127.0.0.1"), () => "http://127.0.0.1"),
);

// ---------------------------------------------------------------------------------------
// Other options
// ---------------------------------------------------------------------------------------

/** Each option with values of the wrong type or out of range. */
const BAD_OPTIONS: Record<string, readonly unknown[]> = {
  maxAttempts: [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "3", null, {}],
  requestTimeoutMs: [-1, Number.NaN, Number.POSITIVE_INFINITY, "1000", null, []],
  // Finite numbers too far out for any Date: the clock they make cannot sign.
  systemClockOffset: [Number.NaN, Number.POSITIVE_INFINITY, "0", null, 1e16, -1e16, 1e20, Number.MAX_VALUE],
  urlCache: ["false", 0, 1, null, {}],
  urlCacheSize: [0, -1, 0.5, Number.NaN, "10", null],
  useFipsEndpoint: ["false", 0, 1, null, {}],
  useDualstackEndpoint: ["true", 0, null],
  userAgentAppId: ["", 5, {}, [], true],
  credentials: [
    "AKIAIOSFODNN7EXAMPLE",
    5,
    true,
    null,
    [],
    {},
    { accessKeyId: 5, secretAccessKey: "x" },
    { accessKeyId: "", secretAccessKey: FAKE_CREDENTIALS.secretAccessKey },
    { accessKeyId: FAKE_CREDENTIALS.accessKeyId, secretAccessKey: "" },
    { accessKeyId: FAKE_CREDENTIALS.accessKeyId, secretAccessKey: `${FAKE_CREDENTIALS.secretAccessKey}\n` },
    { ...FAKE_CREDENTIALS, sessionToken: 5 },
    { ...FAKE_CREDENTIALS, expiration: "not a date" },
  ],
  requestHandler: [5, "node:http", true, {}, { handle: "not a function" }],
};

describe.each(runtimes)("hostile configuration over $name", (runtime) => {
  it("refuses a region that is not a lower-case DNS label with EcrConfigError, sending nothing", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(badRegion, async (region) => {
        expectConfigError(await tryConfig(runtime, { ...base(), region }));
      }),
      { numRuns: 300 },
    );
  });

  it("refuses an endpoint with a user name or password without repeating the password anywhere", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(endpointWithCredentials, async ({ text, asUrl, password: secret }) => {
        let endpoint: string | URL = text;
        if (asUrl && URL.canParse(text)) endpoint = new URL(text);
        const error = expectConfigError(await tryConfig(runtime, { ...base(), endpoint }));
        // As written, and as the URL parser would write it (percent-encoded).
        const forms = [secret, encodeURIComponent(secret), URL.canParse(text) ? new URL(text).password : secret].filter((form) => form.length > 0);
        for (const text of renderings(error)) for (const form of forms) expect(text).not.toContain(form);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses an endpoint that is not an absolute http(s) URL with EcrConfigError, sending nothing", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(badEndpoint, async (endpoint) => {
        expectConfigError(await tryConfig(runtime, { ...base(), endpoint }));
      }),
      { numRuns: 200 },
    );
  });

  it.each(Object.keys(BAD_OPTIONS))("refuses a malformed %s option with EcrConfigError, sending nothing", { timeout: 30_000 }, async (name) => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...BAD_OPTIONS[name]!), async (value) => {
        expectConfigError(await tryConfig(runtime, { ...base(), [name]: value }));
      }),
      { numRuns: 20 },
    );
  });

  it("refuses a configuration that is not an object with EcrConfigError", { timeout: 30_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<unknown>(null, 0, "us-east-1", true, Symbol("config"), 10n, () => ({})), async (config) => {
        const before = ecr.requests.length;
        const outcome = await outcomeOf(() => new runtime.Client(config as never), CALL_DEADLINE_MS, "the constructor");
        expect(outcome.ok, "a client was made from a non-object configuration").toBe(false);
        const error = (outcome as { error: unknown }).error;
        expect(error, describeError(error)).toBeInstanceOf(EcrConfigError);
        expect(ecr.requests.length).toBe(before);
      }),
      { numRuns: 20 },
    );
  });
});
