/**
 * Secrets: for random credentials of realistic shape and every error path the client
 * has, neither the secret key, the session token, a request's signature nor a pre-signed
 * URL's X-Amz-Signature / X-Amz-Credential / X-Amz-Security-Token appears in anything a
 * person or a log pipeline sees: the error's message, String(), JSON, util.inspect, stack,
 * its causes, or any logger line.
 *
 * Each run starts a fake that accepts the generated credentials. The client sends through
 * its own transport classes, wrapped only to see each signed request as it leaves: that
 * is how a fault can quote the very signature and URL the client just used back at it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NodeHttpHandler } from "../../src/node.js";
import type { HttpHandler, HttpHandlerOptions, HttpRequest } from "../../src/runtime.js";
import { FetchHandler } from "../../src/transport/fetch.js";
import type { Fault } from "../../src/testing/index.js";
import {
  AbortError,
  describeError,
  EcrConfigError,
  EcrServiceException,
  fakeEcr,
  InvalidResponseError,
  LayerDigestMismatchError,
  LayerDownloadError,
  leaks,
  NetworkError,
  outcomeOf,
  presignedSecrets,
  recordingLogger,
  renderings,
  runtimes,
  signaturesOf,
  TimeoutError,
} from "./support.js";
import type { FakeEcr, Runtime } from "./support.js";

const CALL_DEADLINE_MS = 10_000;
const JSON_TYPE = "application/x-amz-json-1.1";

// ---------------------------------------------------------------------------------------
// Credentials of realistic shape (redaction ignores values under 8 characters by design)
// ---------------------------------------------------------------------------------------

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Real keys and tokens are random base64: they mix upper and lower case with digits or
 * + and /. A provider's message quoting one the client never saw can only be recognised
 * by that shape (src/redact.ts), so generated secrets have it; "AAAA…" is no key.
 */
const mixed = (text: string) => /[a-z]/.test(text) && /[A-Z]/.test(text) && /[\d+/]/.test(text);

const credentials: fc.Arbitrary<Credentials> = fc
  .record({
    accessKeyId: fc.tuple(fc.constantFrom("AKIA", "ASIA"), fc.stringMatching(/^[A-Z0-9]{16}$/)).map(([prefix, rest]) => prefix + rest),
    secretAccessKey: fc.stringMatching(/^[A-Za-z0-9+/]{40}$/).filter(mixed),
    sessionToken: fc.option(
      fc.tuple(fc.stringMatching(/^[A-Za-z0-9+/]{100,400}$/).filter(mixed), fc.constantFrom("", "=", "==")).map(([token, pad]) => token + pad),
      { nil: undefined },
    ),
  })
  .map(({ sessionToken, ...keys }) => (sessionToken === undefined ? keys : { ...keys, sessionToken }));

/** Another secret of the same shape: the wrong key a misconfigured caller signs with. */
function wrongSecret(secret: string): string {
  const reversed = [...secret].reverse().join("");
  return reversed === secret ? `X${secret.slice(1)}` : reversed;
}

// ---------------------------------------------------------------------------------------
// A run: a fake that knows the credentials, a client that logs everything, a spy on what it sends
// ---------------------------------------------------------------------------------------

interface Run {
  ecr: FakeEcr;
  creds: Credentials;
  layer: { repositoryName: string; layerDigest: string };
  /** Every request the client handed its transport, signed. */
  sent: HttpRequest[];
  /** Called with each request as it leaves, before it reaches the server. */
  onSend?: (request: HttpRequest) => void;
  /** What the scenario's calls threw. */
  errors: unknown[];
  /** What they returned on the way: a caller may log those too. */
  shown: unknown[];
  /** Every logger line, whatever its level. */
  lines: string[];
  client: (extra?: Record<string, unknown>) => InstanceType<Runtime["Client"]>;
}

function spyingHandler(runtime: Runtime, run: Run): HttpHandler & { destroy(): void } {
  const inner = runtime.name === "node:http" ? new NodeHttpHandler() : new FetchHandler();
  return {
    handle(request: HttpRequest, options?: HttpHandlerOptions) {
      run.sent.push(request);
      run.onSend?.(request);
      return inner.handle(request, options);
    },
    destroy: () => (inner as { destroy?: () => void }).destroy?.(),
  };
}

async function withRun(runtime: Runtime, creds: Credentials, scenario: (run: Run) => Promise<void>): Promise<Run> {
  const ecr = await fakeEcr({ credentials: [creds] });
  const { lines, logger } = recordingLogger();
  const handlers: Array<{ destroy(): void }> = [];
  const run: Run = {
    ecr,
    creds,
    layer: ecr.layers[0]!,
    sent: [],
    errors: [],
    shown: [],
    lines,
    client: (extra = {}) => {
      const requestHandler = spyingHandler(runtime, run);
      handlers.push(requestHandler);
      return new runtime.Client({
        region: ecr.region,
        endpoint: ecr.endpoint,
        credentials: creds,
        logger,
        maxAttempts: 1,
        requestTimeoutMs: 5_000,
        requestHandler,
        ...extra,
      } as never);
    },
  };
  try {
    await scenario(run);
  } finally {
    for (const handler of handlers) handler.destroy();
    await ecr.close();
  }
  return run;
}

/** Run `call`, keeping what it threw (and what it returned, which a caller may log too). */
async function expectFailure(run: Run, call: () => Promise<unknown>): Promise<unknown> {
  const outcome = await outcomeOf(call, CALL_DEADLINE_MS, "the call");
  if (outcome.ok) {
    run.shown.push(outcome.value);
    throw new Error("expected the call to fail");
  }
  run.errors.push(outcome.error);
  return outcome.error;
}

/** Start a download and read it to the end; keeps the error it fails with. */
async function expectDownloadFailure(run: Run, client: { downloadLayer: (input: never) => Promise<{ body: ReadableStream<Uint8Array> }> }): Promise<unknown> {
  return expectFailure(run, async () => {
    const output = await client.downloadLayer(run.layer as never);
    run.shown.push(output);
    const reader = output.body.getReader();
    for (;;) if ((await reader.read()).done) return output;
  });
}

/** Every secret the run involved, by label: keys, token, each signature sent, each pre-signed URL seen. */
function secretsOf(run: Run, extraSecrets: readonly string[] = [], extraUrls: readonly string[] = []): Map<string, string> {
  const secrets = new Map<string, string>([["secret access key", run.creds.secretAccessKey]]);
  extraSecrets.forEach((secret, i) => secrets.set(`secret #${i + 2}`, secret));
  const token = run.creds.sessionToken;
  if (token !== undefined) {
    secrets.set("session token", token);
    secrets.set("session token (URL-encoded)", encodeURIComponent(token));
  }
  signaturesOf([...run.sent.map((r) => r.headers.authorization), ...run.ecr.requests.map((r) => r.headers.authorization)], secrets);
  const urls = [...extraUrls, ...run.ecr.requests.filter((r) => r.kind === "blob").map((r) => r.url), ...run.sent.filter((r) => r.method === "GET").map((r) => r.path)];
  for (const shown of run.shown) if (typeof (shown as { downloadUrl?: unknown }).downloadUrl === "string") urls.push((shown as { downloadUrl: string }).downloadUrl);
  for (const url of urls) presignedSecrets(url, secrets);
  return secrets;
}

function expectNoLeak(run: Run, secrets: Map<string, string>): void {
  expect(run.errors.length, "the scenario produced no error to look at").toBeGreaterThan(0);
  const texts = [...run.errors.flatMap(renderings), ...run.shown.flatMap(renderings), ...run.lines];
  expect(leaks(texts, secrets)).toEqual([]);
}

// ---------------------------------------------------------------------------------------
// What a service, a proxy or S3 may quote back
// ---------------------------------------------------------------------------------------

const ECHO_FORMS = ["secret key", "session token", "canonical request token line", "Authorization header", "pre-signed URL", "canonical query string"] as const;
type EchoForm = (typeof ECHO_FORMS)[number];

/** Text quoting the run's secrets in the chosen forms, as a service message might. */
function echo(run: Run, forms: readonly EchoForm[], request: HttpRequest, presignedUrl: string): string {
  const token = run.creds.sessionToken;
  const query = presignedUrl.slice(presignedUrl.indexOf("?") + 1);
  const parts = forms.map((form) => {
    switch (form) {
      case "secret key":
        return `The secret key ${run.creds.secretAccessKey} is not valid.`;
      case "session token":
        return token ? `The security token ${token} is expired.` : "";
      case "canonical request token line":
        return token ? `The Canonical String for this request should have been\n'POST\n/\n\nhost:${request.headers.host}\nx-amz-security-token:${token}\n'` : "";
      case "Authorization header":
        return `Authorization=${request.headers.authorization ?? ""}`;
      case "pre-signed URL":
        return `Could not fetch ${presignedUrl}`;
      case "canonical query string":
        return `GET\n/blobs\n${query.replace(/&?X-Amz-Signature=[^&]*/, "")}\nhost`;
    }
  });
  const quoted = parts.filter((part) => part !== "");
  // Without a session token the token forms quote nothing; the key is always there to quote.
  return (quoted.length > 0 ? quoted : [`The secret key ${run.creds.secretAccessKey} is not valid.`]).join(" ");
}

/**
 * S3's answer to a refused pre-signed GET, shaped as S3 shapes it: the message is S3's
 * fixed text, and what it computed (string to sign, canonical request, the signature it
 * was given) sits in elements of their own. A client must read only what it needs.
 */
function s3ErrorXml(code: string, message: string, url: string, run: Run): string {
  const query = url.slice(url.indexOf("?") + 1);
  const signature = /X-Amz-Signature=([^&]*)/.exec(query)?.[1] ?? "";
  const escaped = query.replace(/&/g, "&amp;");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
    `<AWSAccessKeyId>ASIAFAKELAYERBUCKET0</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256\n${escaped}</StringToSign>` +
    `<SignatureProvided>${signature}</SignatureProvided><CanonicalRequest>GET\n/blobs\n${escaped}\nhost</CanonicalRequest>` +
    `<Token>${run.creds.sessionToken ?? ""}</Token><RequestId>R</RequestId></Error>`
  );
}

const S3_MESSAGES: Record<number, [string, string]> = {
  403: ["SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method."],
  404: ["NoSuchKey", "The specified key does not exist."],
};

// ---------------------------------------------------------------------------------------
// The error paths
// ---------------------------------------------------------------------------------------

interface ServiceEcho {
  status: number;
  code: string;
  messageKey: string;
  forms: EchoForm[];
  maxAttempts: number;
}

const serviceEcho: fc.Arbitrary<ServiceEcho> = fc.record({
  status: fc.constantFrom(400, 403, 404, 500, 503),
  code: fc.constantFrom("InvalidSignatureException", "AccessDeniedException", "ServerException", "LayersNotFoundException", "SomethingNew"),
  messageKey: fc.constantFrom("message", "Message", "errorMessage"),
  forms: fc.subarray([...ECHO_FORMS], { minLength: 1 }),
  maxAttempts: fc.constantFrom(1, 2),
});

type Scenario =
  | { kind: "service error quoting the secrets"; echo: ServiceEcho }
  | { kind: "success status with a body quoting the secrets"; forms: EchoForm[] }
  | { kind: "InvalidSignatureException for a wrong secret key" }
  | { kind: "UnrecognizedClientException for an unknown key id" }
  | { kind: "connection dropped before the answer"; maxAttempts: number }
  | { kind: "connection dropped mid-body" }
  | { kind: "connection refused" }
  | { kind: "timeout" }
  | { kind: "abort" }
  | { kind: "bad region" }
  | { kind: "download: S3 404 quoting the request" }
  | { kind: "download: S3 403 that a fresh URL does not cure" }
  | { kind: "download: corrupted bytes" }
  | { kind: "download: connection dropped" }
  | { kind: "download: stalled" };

const scenario: fc.Arbitrary<Scenario> = fc.oneof(
  { weight: 4, arbitrary: serviceEcho.map((e): Scenario => ({ kind: "service error quoting the secrets", echo: e })) },
  fc.subarray([...ECHO_FORMS], { minLength: 1 }).map((forms): Scenario => ({ kind: "success status with a body quoting the secrets", forms })),
  fc.constantFrom<Scenario>(
    { kind: "InvalidSignatureException for a wrong secret key" },
    { kind: "UnrecognizedClientException for an unknown key id" },
    { kind: "connection dropped before the answer", maxAttempts: 1 },
    { kind: "connection dropped before the answer", maxAttempts: 2 },
    { kind: "connection dropped mid-body" },
    { kind: "connection refused" },
    { kind: "timeout" },
    { kind: "abort" },
    { kind: "bad region" },
  ),
  { weight: 2, arbitrary: fc.constantFrom<Scenario>(
    { kind: "download: S3 404 quoting the request" },
    { kind: "download: S3 403 that a fresh URL does not cure" },
    { kind: "download: corrupted bytes" },
    { kind: "download: connection dropped" },
    { kind: "download: stalled" },
  ) },
);

/** Play the scenario; returns extra secrets and URLs it involved that the run does not record. */
async function play(run: Run, s: Scenario): Promise<{ secrets: string[]; urls: string[] }> {
  const { ecr, layer } = run;
  const presigned = ecr.downloadUrl(layer.repositoryName, layer.layerDigest);
  const apiOnly = (fault: Fault) => ecr.setFaults([fault]);
  switch (s.kind) {
    case "service error quoting the secrets": {
      const { status, code, messageKey, forms, maxAttempts } = s.echo;
      // Set as each request leaves, so the answer quotes that request's own signature.
      run.onSend = (request) =>
        apiOnly({ type: "status", status, headers: { "content-type": JSON_TYPE }, body: JSON.stringify({ __type: code, [messageKey]: echo(run, forms, request, presigned) }) });
      const error = await expectFailure(run, () => run.client({ maxAttempts }).getDownloadUrlForLayer(layer));
      expect(error, describeError(error)).toBeInstanceOf(EcrServiceException);
      expect((error as Error).name).toBe(code);
      // The quote did arrive, and was scrubbed: not a pass for want of an echo.
      expect((error as Error).message).toContain("REDACTED");
      return { secrets: [], urls: [presigned] };
    }
    case "success status with a body quoting the secrets": {
      run.onSend = (request) =>
        apiOnly({ type: "status", status: 200, body: JSON.stringify({ downloadUrl: 5, layerDigest: layer.layerDigest, message: echo(run, s.forms, request, presigned) }) });
      const error = await expectFailure(run, () => run.client().getDownloadUrlForLayer(layer));
      expect(error, describeError(error)).toBeInstanceOf(InvalidResponseError);
      return { secrets: [], urls: [presigned] };
    }
    case "InvalidSignatureException for a wrong secret key": {
      const wrong = wrongSecret(run.creds.secretAccessKey);
      const error = await expectFailure(run, () => run.client({ credentials: { ...run.creds, secretAccessKey: wrong } }).getDownloadUrlForLayer(layer));
      expect((error as Error).name).toBe("InvalidSignatureException");
      return { secrets: [wrong], urls: [] };
    }
    case "UnrecognizedClientException for an unknown key id": {
      const error = await expectFailure(run, () => run.client({ credentials: { ...run.creds, accessKeyId: "AKIAUNKNOWNKEY000000" } }).getDownloadUrlForLayer(layer));
      expect((error as Error).name).toBe("UnrecognizedClientException");
      return { secrets: [], urls: [] };
    }
    case "connection dropped before the answer": {
      apiOnly({ type: "drop-before-headers" });
      const error = await expectFailure(run, () => run.client({ maxAttempts: s.maxAttempts }).getDownloadUrlForLayer(layer));
      expect(error, describeError(error)).toBeInstanceOf(NetworkError);
      return { secrets: [], urls: [] };
    }
    case "connection dropped mid-body": {
      apiOnly({ type: "drop-mid-body" });
      const error = await expectFailure(run, () => run.client().getDownloadUrlForLayer(layer));
      expect([NetworkError, InvalidResponseError].some((Class) => error instanceof Class), describeError(error)).toBe(true);
      return { secrets: [], urls: [] };
    }
    case "connection refused": {
      const error = await expectFailure(run, () => run.client({ endpoint: "http://127.0.0.1:1" }).getDownloadUrlForLayer(layer));
      expect(error, describeError(error)).toBeInstanceOf(NetworkError);
      return { secrets: [], urls: [] };
    }
    case "timeout": {
      apiOnly({ type: "delay", ms: 500 });
      const error = await expectFailure(run, () => run.client({ requestTimeoutMs: 40 }).getDownloadUrlForLayer(layer));
      expect(error, describeError(error)).toBeInstanceOf(TimeoutError);
      return { secrets: [], urls: [] };
    }
    case "abort": {
      apiOnly({ type: "delay", ms: 500 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error("the caller gave up")), 30);
      const error = await expectFailure(run, () => run.client().getDownloadUrlForLayer(layer, { abortSignal: controller.signal }));
      expect(error, describeError(error)).toBeInstanceOf(AbortError);
      return { secrets: [], urls: [] };
    }
    case "bad region": {
      const error = await expectFailure(run, () => run.client({ region: "us-east-1.evil.example" }).getDownloadUrlForLayer(layer));
      expect(error, describeError(error)).toBeInstanceOf(EcrConfigError);
      return { secrets: [], urls: [] };
    }
    case "download: S3 404 quoting the request":
    case "download: S3 403 that a fresh URL does not cure": {
      const status = s.kind === "download: S3 404 quoting the request" ? 404 : 403;
      const [code, message] = S3_MESSAGES[status]!;
      run.onSend = (request) => {
        if (request.method !== "GET") return;
        const url = `${ecr.endpoint}${request.path}`;
        ecr.setFaults([{ type: "status", match: "blob", status, headers: { "content-type": "application/xml" }, body: s3ErrorXml(code, message, url, run) }]);
      };
      const error = await expectFailure(run, () => run.client().downloadLayer(layer));
      expect(error, describeError(error)).toBeInstanceOf(LayerDownloadError);
      expect((error as InstanceType<typeof LayerDownloadError>).code).toBe(code);
      return { secrets: [], urls: [] };
    }
    case "download: corrupted bytes": {
      ecr.setFaults([{ type: "corrupt", match: "blob" }]);
      const error = await expectDownloadFailure(run, run.client());
      expect(error, describeError(error)).toBeInstanceOf(LayerDigestMismatchError);
      return { secrets: [], urls: [] };
    }
    case "download: connection dropped": {
      ecr.setFaults([{ type: "drop-before-headers", match: "blob" }]);
      const error = await expectFailure(run, () => run.client().downloadLayer(layer));
      expect(error, describeError(error)).toBeInstanceOf(NetworkError);
      return { secrets: [], urls: [] };
    }
    case "download: stalled": {
      ecr.setFaults([{ type: "delay", match: "blob", ms: 500 }]);
      const client = run.client();
      // The URL first, at leisure: from the cache, the download's short limit meets only the stall.
      run.shown.push(await client.getDownloadUrlForLayer(layer));
      const error = await expectFailure(run, () => client.downloadLayer(layer, { requestTimeoutMs: 40 }));
      expect(error, describeError(error)).toBeInstanceOf(TimeoutError);
      return { secrets: [], urls: [] };
    }
  }
}

describe.each(runtimes)("secrets over $name", (runtime) => {
  it("keeps keys, token, signatures and pre-signed URL secrets out of every error rendering and log line, on every error path", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(credentials, scenario, async (creds, s) => {
        let extra = { secrets: [] as string[], urls: [] as string[] };
        const run = await withRun(runtime, creds, async (r) => {
          extra = await play(r, s);
        });
        expectNoLeak(run, secretsOf(run, extra.secrets, extra.urls));
      }),
      { numRuns: 120 },
    );
  });

  it("keeps them out even when a service error quotes them in its code or request id", { timeout: 60_000 }, async () => {
    const where = fc.constantFrom("__type", "x-amzn-errortype", "x-amzn-requestid");
    const what = fc.constantFrom("secret key", "session token", "signature");
    await fc.assert(
      fc.asyncProperty(credentials, where, what, async (creds, at, quoted) => {
        const run = await withRun(runtime, creds, async (r) => {
          r.onSend = (request) => {
            const signature = /Signature=([0-9a-f]{64})/.exec(request.headers.authorization ?? "")?.[1] ?? "";
            const value = quoted === "secret key" ? creds.secretAccessKey : quoted === "session token" ? (creds.sessionToken ?? creds.secretAccessKey) : signature;
            const fault: Fault =
              at === "__type"
                ? { type: "status", status: 400, body: JSON.stringify({ __type: `AccessDeniedException ${value}`, message: "denied" }) }
                : { type: "status", status: 400, headers: { [at]: at === "x-amzn-errortype" ? `AccessDeniedException ${value}` : value }, body: JSON.stringify({ message: "denied" }) };
            r.ecr.setFaults([fault]);
          };
          const error = await expectFailure(r, () => r.client().getDownloadUrlForLayer(r.layer));
          expect(error, describeError(error)).toBeInstanceOf(EcrServiceException);
        });
        expectNoLeak(run, secretsOf(run));
      }),
      { numRuns: 30 },
    );
  });

  it("keeps a pre-signed URL's secrets out of a download error whose store message quotes its query", { timeout: 60_000 }, async () => {
    // The query whole ("?X-Amz-Algorithm=…&X-Amz-Credential=…"), or from one parameter on
    // ("X-Amz-Credential=…"); its '&' as is, or escaped as XML requires.
    const from = fc.constantFrom("?", "X-Amz-Credential", "X-Amz-Security-Token", "X-Amz-Signature");
    await fc.assert(
      fc.asyncProperty(credentials, fc.constantFrom(403, 404), from, fc.constantFrom("&", "&amp;"), async (creds, status, start, ampersand) => {
        const run = await withRun(runtime, creds, async (r) => {
          r.onSend = (request) => {
            if (request.method !== "GET") return;
            // Cut to what the client reads of a message (512 characters).
            const query = request.path.slice(request.path.indexOf(start)).replace(/&/g, ampersand);
            const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Refused ${query.slice(0, 480)}</Message></Error>`;
            r.ecr.setFaults([{ type: "status", match: "blob", status, headers: { "content-type": "application/xml" }, body }]);
          };
          const error = await expectFailure(r, () => r.client().downloadLayer(r.layer));
          expect(error, describeError(error)).toBeInstanceOf(LayerDownloadError);
          expect((error as Error).message).toContain("Refused");
        });
        expectNoLeak(run, secretsOf(run));
      }),
      { numRuns: 30 },
    );
  });

  it("keeps them out of the error when the credential provider fails quoting them", { timeout: 60_000 }, async () => {
    // As the files, processes and services credentials come from quote them.
    const QUOTES: Record<string, (c: Credentials) => string> = {
      "a credentials-file line": (c) => `could not parse ~/.aws/credentials near "aws_secret_access_key = ${c.secretAccessKey}"`,
      "credential_process JSON": (c) => `credential_process answered {"Version":1,"AccessKeyId":"${c.accessKeyId}","SecretAccessKey":"${c.secretAccessKey}","SessionToken":"${c.sessionToken ?? ""}"} without Expiration`,
      "environment variables": (c) => `AWS_SECRET_ACCESS_KEY=${c.secretAccessKey} AWS_SESSION_TOKEN=${c.sessionToken ?? ""} conflict with the profile`,
      "a bare token": (c) => `The security token ${c.sessionToken ?? c.secretAccessKey} has expired`,
    };
    await fc.assert(
      fc.asyncProperty(credentials, fc.constantFrom(...Object.keys(QUOTES)), fc.boolean(), fc.boolean(), async (creds, quote, afterSuccess, throwString) => {
        const run = await withRun(runtime, creds, async (r) => {
          const message = QUOTES[quote]!(creds);
          let loads = 0;
          // afterSuccess: the first load works and expires within the refresh window, so
          // the second call loads again, and that load fails quoting what it had handed out.
          const provider = async () => {
            if (afterSuccess && loads++ === 0) return { ...creds, expiration: new Date(Date.now() + 60_000) };
            if (throwString) throw message;
            throw new Error(message);
          };
          const client = r.client({ credentials: provider });
          if (afterSuccess) r.shown.push(await client.getDownloadUrlForLayer(r.layer));
          const error = await expectFailure(r, () => client.getDownloadUrlForLayer(r.layer, { refresh: true }));
          expect(error, describeError(error)).toBeInstanceOf(EcrConfigError);
        });
        expectNoLeak(run, secretsOf(run));
      }),
      { numRuns: 30 },
    );
  });
});
