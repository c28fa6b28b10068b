/**
 * The client's signer against the official AWS SigV4 test suite: each case's request,
 * signed with the suite's key, region, service and time, must carry the suite's own
 * Authorization header. Run with both hashes the entries use (node:crypto, WebCrypto).
 */
import { describe, expect, it } from "vitest";
import { NodeSha256 } from "../src/node/sha256.js";
import type { HttpRequest } from "../src/runtime.js";
import { Signer } from "../src/sign.js";
import { WebSha256 } from "../src/web/sha256.js";
import { SIGV4_VECTORS, SUITE_CREDENTIALS, SUITE_REGION, SUITE_SERVICE, SUITE_TIME, type SigV4Vector } from "./testing/sigv4-vectors.js";

/** post-x-www-form-urlencoded's .authz was made without its Content-Length header (see its erratum). */
const SIGNED_WITHOUT: Record<string, string> = { "post-x-www-form-urlencoded": "content-length" };

/** The signer adds these itself, from the date and the identity. */
const ADDED_BY_SIGNER = new Set(["x-amz-date", "x-amz-security-token"]);

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The case's .req as the client's request shape; undefined when a header name repeats (a record can't say that). */
function toRequest(vector: SigV4Vector): HttpRequest | undefined {
  const [requestLine = "", ...rest] = vector.req.split("\n");
  const [, method = "", target = ""] = /^(\S+) (.*) HTTP\/1\.1$/.exec(requestLine) ?? [];
  const blank = rest.indexOf("");
  const headers: Record<string, string> = {};
  for (const line of blank < 0 ? rest : rest.slice(0, blank)) {
    if (/^\s/.test(line)) return undefined; // a folded line: one more value of the header before
    const colon = line.indexOf(":");
    const name = line.slice(0, colon);
    if (ADDED_BY_SIGNER.has(name.toLowerCase()) || SIGNED_WITHOUT[vector.name] === name.toLowerCase()) continue;
    if (Object.keys(headers).some((key) => key.toLowerCase() === name.toLowerCase())) return undefined;
    headers[name] = line.slice(colon + 1);
  }
  const q = target.indexOf("?");
  const query: Record<string, string | string[]> = {};
  for (const pair of q < 0 ? [] : target.slice(q + 1).split("&")) {
    const eq = pair.indexOf("=");
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? "" : decode(pair.slice(eq + 1));
    const seen = query[key];
    query[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  const body = blank < 0 ? undefined : rest.slice(blank + 1).join("\n");
  return { method, protocol: "https:", hostname: headers.Host ?? "", path: q < 0 ? target : target.slice(0, q), query, headers, body };
}

const cases = SIGV4_VECTORS.map((vector) => ({ vector, request: toRequest(vector) }));
const signable = cases.filter((c) => c.request !== undefined);

describe.each([
  ["node:crypto", NodeSha256],
  ["WebCrypto", WebSha256],
] as const)("the signer with %s", (_hash, sha256) => {
  it("covers every case whose headers a record can hold", () => {
    // Left out: repeated and folded header lines (get-header-key-duplicate,
    // get-header-value-order, get-header-value-multiline). The client never sends those.
    expect(cases.filter((c) => !c.request).map((c) => c.vector.name)).toEqual([
      "get-header-key-duplicate",
      "get-header-value-multiline",
      "get-header-value-order",
    ]);
    expect(signable.length).toBe(SIGV4_VECTORS.length - 3);
  });

  it.each(signable.map((c) => [c.vector.name, c] as const))("signs %s as the suite does", async (_name, { vector, request }) => {
    // post-sts-header-after was signed before the token was added, so without it.
    const withToken = vector.sessionToken !== undefined && !vector.name.endsWith("post-sts-header-after");
    const identity = { ...SUITE_CREDENTIALS, ...(withToken ? { sessionToken: vector.sessionToken } : {}) };
    const signer = new Signer(SUITE_REGION, sha256, SUITE_SERVICE);
    const signed = await signer.signRequest(structuredClone(request!), identity, new Date(SUITE_TIME));
    expect(signed.headers.authorization).toBe(vector.authz);
    expect(signed.headers["x-amz-date"]).toBe("20150830T123600Z");
    expect(signed.headers["x-amz-security-token"]).toBe(withToken ? vector.sessionToken : undefined);
  });
});

describe("the signer's key cache", () => {
  const request = (): HttpRequest => ({
    method: "POST",
    protocol: "https:",
    hostname: "api.ecr.us-east-1.amazonaws.com",
    path: "/",
    query: {},
    headers: { host: "api.ecr.us-east-1.amazonaws.com", "content-type": "application/x-amz-json-1.1" },
    body: "{}",
  });
  const fresh = (identity: { accessKeyId: string; secretAccessKey: string }, date: Date) =>
    new Signer("us-east-1", NodeSha256).signRequest(request(), { ...identity }, date).then((r) => r.headers.authorization);

  it("signs with the new secret when the caller changes it in the same object", async () => {
    const identity = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "first-secret-key" };
    const signer = new Signer("us-east-1", NodeSha256);
    const date = new Date(SUITE_TIME);
    const before = (await signer.signRequest(request(), identity, date)).headers.authorization;
    identity.secretAccessKey = "second-secret-key";
    const after = (await signer.signRequest(request(), identity, date)).headers.authorization;
    expect(after).not.toBe(before);
    expect(after).toBe(await fresh(identity, date));
  });

  it("derives a new key on a new day", async () => {
    const identity = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "a-secret-key" };
    const signer = new Signer("us-east-1", NodeSha256);
    await signer.signRequest(request(), identity, new Date(SUITE_TIME));
    const nextDay = new Date(SUITE_TIME + 24 * 3600_000);
    expect((await signer.signRequest(request(), identity, nextDay)).headers.authorization).toBe(await fresh(identity, nextDay));
  });
});
