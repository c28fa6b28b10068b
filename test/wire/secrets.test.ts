import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcrLayerClient } from "../../src/node.js";
import { clientConfig, fakeEcr, firstLayer, thrown } from "./helpers.js";
import type { FakeEcr } from "./helpers.js";

const session = {
  accessKeyId: "ASIAFAKESECRETTEST01",
  secretAccessKey: "SeCrEtKeY/ThatMustNeverLeak+0000000000000",
  sessionToken: "SeSsIoNtOkEn//ThatMustNeverLeak+AAAAAAAAAAAAAAAAAAAAAAAAAAAA==",
};

let ecr: FakeEcr;
beforeAll(async () => {
  ecr = await fakeEcr({ credentials: [session] });
});
afterAll(() => ecr.close());

/** Every way an error reaches a person: message, toString, JSON, inspect, stack. */
function renderings(error: Error): string[] {
  return [error.message, String(error), JSON.stringify(error), inspect(error, { depth: 10 }), error.stack ?? "", inspect(error.cause ?? "")];
}

function expectNoSecret(texts: string[], extra: string[] = []): void {
  const secrets = [session.secretAccessKey, session.sessionToken, encodeURIComponent(session.sessionToken), ...extra];
  for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
  // Any Authorization signature would look like this.
  for (const text of texts) expect(text).not.toMatch(/Signature=[0-9a-f]{64}/);
}

describe("no secret in errors or logs", () => {
  it("redacts the session token that AWS's InvalidSignatureException quotes", async () => {
    const lines: string[] = [];
    const logger = { debug: (...args: unknown[]) => lines.push(args.map(String).join(" ")) };
    // The right token with the wrong secret: the server answers with the canonical request, token included.
    const client = new EcrLayerClient(clientConfig(ecr, { credentials: { ...session, secretAccessKey: "Wrong/" + session.secretAccessKey.slice(6) }, logger }));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error.name).toBe("InvalidSignatureException");
    // The server did put the token in its answer: the redaction is what keeps it out.
    const raw = ecr.requests.at(-1)!;
    expect(raw.headers["x-amz-security-token"]).toBe(session.sessionToken);
    expect(error.message).toContain("x-amz-security-token:REDACTED");
    expectNoSecret([...renderings(error), ...lines], ["Wrong/"]);
    expect(lines.length).toBeGreaterThan(0);
    client.destroy();
  });

  it("logs each attempt without the downloadUrl's signature or the credentials", async () => {
    const lines: string[] = [];
    const client = new EcrLayerClient(clientConfig(ecr, { credentials: session, logger: { debug: (...a: unknown[]) => lines.push(a.map(String).join(" ")) } }));
    ecr.setFaults([{ type: "status", status: 503, body: "", times: 1 }]);
    const out = await client.getDownloadUrlForLayer(firstLayer(ecr));
    const url = new URL(out.downloadUrl);
    expect(lines.some((l) => l.includes("attempt 1/3") && l.includes("503"))).toBe(true);
    expect(lines.some((l) => l.includes("retrying in"))).toBe(true);
    expect(lines.some((l) => l.includes("attempt 2/3") && l.includes("200") && l.includes(out.$metadata.requestId!))).toBe(true);
    expectNoSecret(lines, [url.searchParams.get("X-Amz-Signature")!, url.searchParams.get("X-Amz-Security-Token")!, session.accessKeyId]);
    client.destroy();
  });

  it("shows a result to console.log / util.inspect with the URL's secrets redacted, and leaves the data intact", async () => {
    const client = new EcrLayerClient(clientConfig(ecr, { credentials: session }));
    const out = await client.getDownloadUrlForLayer(firstLayer(ecr));
    const signature = new URL(out.downloadUrl).searchParams.get("X-Amz-Signature")!;
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    const shown = inspect(out, { depth: 5 });
    expect(shown).not.toContain(signature);
    expect(shown).toContain("X-Amz-Signature=REDACTED");
    expect(shown).toContain(out.layerDigest);
    expect(JSON.parse(JSON.stringify(out)).downloadUrl).toBe(out.downloadUrl);
    expect(Object.keys(out)).toEqual(["downloadUrl", "layerDigest", "expiresAt", "$metadata"]);
    client.destroy();
  });

  it.each([
    ["a network error", { endpoint: "http://127.0.0.1:1", maxAttempts: 1 }],
    ["a timeout", { requestTimeoutMs: 1, maxAttempts: 1 }],
    ["a config error", { endpoint: "ftp://x" }],
  ])("keeps secrets out of %s", async (_what, extra) => {
    const client = new EcrLayerClient(clientConfig(ecr, { credentials: session, ...extra }));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expectNoSecret(renderings(error));
  });

  it("keeps secrets out of a cause that a transport hung the signed request on", async () => {
    // Some transports attach the request to their errors; util.inspect would print its headers.
    const handler = {
      handle: async (request: { headers: Record<string, string> }) => {
        throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET", request, note: `sent ${request.headers.authorization}` });
      },
    };
    const client = new EcrLayerClient(clientConfig(ecr, { credentials: session, requestHandler: handler as never, maxAttempts: 1 }));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error.name).toBe("NetworkError");
    expect((error.cause as { code?: string }).code).toBe("ECONNRESET");
    expectNoSecret(renderings(error));
  });

  it("refuses an endpoint with a password in it without repeating the password", async () => {
    const client = new EcrLayerClient(clientConfig(ecr, { endpoint: "https://user:hunter2-password@example.com" }));
    const error = await thrown(() => client.getDownloadUrlForLayer(firstLayer(ecr)));
    expect(error.name).toBe("EcrConfigError");
    for (const text of renderings(error)) expect(text).not.toContain("hunter2-password");
  });
});
