/**
 * A downloadUrl that `new URL()` cannot parse (a proxy or a mock answering a relative or
 * otherwise malformed URL). The error must not carry the URL's signature, credential or
 * session token: Node's TypeError holds the whole string as `input`, which util.inspect
 * prints, so the download throws a redacted InvalidResponseError instead.
 */
import { inspect } from "node:util";
import { expect, it } from "vitest";
import { EcrLayerClient } from "../../../src/node.js";
import type { HttpHandler, HttpRequest } from "../../../src/node.js";
import { FAKE_CREDENTIALS } from "../helpers.js";

const DIGEST = `sha256:${"b".repeat(64)}`;
const SIGNATURE = "5ec12e75ec12e75ec12e75ec12e75ec12e75ec12e75ec12e75ec12e75ec12e7a";
const TOKEN = "SESSIONTOKENSESSIONTOKENSESSIONTOKEN";
const URL_ANSWER = `blobs/layer?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAREVIEWREVIEW%2F20261127%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20991127T000000Z&X-Amz-Expires=3600&X-Amz-Security-Token=${TOKEN}&X-Amz-Signature=${SIGNATURE}`;

class AnsweringHandler implements HttpHandler {
  async handle(request: HttpRequest) {
    if (request.method !== "POST") throw new Error("no GET expected");
    const body = JSON.stringify({ downloadUrl: URL_ANSWER, layerDigest: DIGEST });
    return { response: { statusCode: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body } };
  }
}

it("an unparsable downloadUrl fails without its secrets in the error", async () => {
  const client = new EcrLayerClient({ region: "us-east-1", credentials: FAKE_CREDENTIALS, requestHandler: new AnsweringHandler() });
  let error: unknown;
  try {
    await client.downloadLayer({ repositoryName: "edges/repo", layerDigest: DIGEST });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(Error);
  const text = `${String(error)}\n${inspect(error, { depth: 10 })}`;
  expect(text).not.toContain(SIGNATURE);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain("AKIAREVIEWREVIEW");
});
