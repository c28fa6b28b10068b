/** Talking to the fake server the way a client would, without the client under test. */
import { request as httpRequest } from "node:http";

import { FAKE_CREDENTIALS, GET_DOWNLOAD_URL_FOR_LAYER_TARGET, signSigV4, type FakeCredentials, type FakeEcr } from "../../src/testing/index.js";

/** What came back from {@link callApi}. */
export interface ApiCall {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json: Record<string, unknown> | undefined;
}

/** How {@link callApi} signs and sends. Defaults make a correct call. */
export interface ApiOptions {
  /** Default `FAKE_CREDENTIALS`. */
  credentials?: FakeCredentials;
  /** Signing region. Default the server's. */
  region?: string;
  /** Signing service. Default `"ecr"`. */
  service?: string;
  /** Signing time. Default: the server's clock. */
  time?: number | Date;
  /** Default GetDownloadUrlForLayer's. */
  target?: string;
  /** Default `application/x-amz-json-1.1`. */
  contentType?: string;
  /** Sign this body but send the real one. */
  signedBody?: string;
  /** Send the session token without signing it. */
  leaveTokenUnsigned?: boolean;
  /** Send no Authorization header at all. */
  unsigned?: boolean;
  /** Extra headers to send after signing (unsigned). */
  extraHeaders?: Record<string, string>;
}

/** A signed GetDownloadUrlForLayer call (or a deliberately wrong one) over fetch. */
export async function callApi(ecr: FakeEcr, input: unknown, options: ApiOptions = {}): Promise<ApiCall> {
  const body = typeof input === "string" ? input : JSON.stringify(input);
  const url = `${ecr.endpoint}/`;
  const headers = { "content-type": options.contentType ?? "application/x-amz-json-1.1", "x-amz-target": options.target ?? GET_DOWNLOAD_URL_FOR_LAYER_TARGET };
  const signed = signSigV4(
    { method: "POST", url, headers, body: options.signedBody ?? body },
    {
      credentials: options.credentials ?? FAKE_CREDENTIALS,
      region: options.region ?? ecr.region,
      service: options.service ?? "ecr",
      time: options.time ?? ecr.now(),
      ...(options.leaveTokenUnsigned ? { leaveTokenUnsigned: true } : {}),
    },
  );
  const sent = options.unsigned ? headers : signed.headers;
  const response = await fetch(url, { method: "POST", headers: { ...sent, ...options.extraHeaders }, body });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** The download URL for a layer, got through the API as a client would. */
export async function downloadUrlOf(ecr: FakeEcr, repositoryName: string, layerDigest: string): Promise<string> {
  const call = await callApi(ecr, { repositoryName, layerDigest });
  if (call.status !== 200 || typeof call.json?.downloadUrl !== "string") throw new Error(`no download URL: ${call.status} ${call.text}`);
  return call.json.downloadUrl;
}

/** What arrived for a {@link rawRequest}. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body bytes that arrived. */
  body: Buffer;
  /** Whether the body arrived whole (false when the connection broke mid-body). */
  complete: boolean;
  /** Milliseconds from sending to the end (or break) of the body. */
  elapsedMs: number;
  /** Number of `data` events: more than one means the body came in pieces. */
  chunks: number;
}

/**
 * A request over node:http that reports what actually arrived, including a body cut
 * short. Rejects only when no response arrived at all.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; stopAfterBytes?: number } = {},
): Promise<RawResponse> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? "GET", headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let count = 0;
      let settled = false;
      const finish = (complete: boolean): void => {
        if (settled) return;
        settled = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete, elapsedMs: Date.now() - started, chunks: count });
      };
      res.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        count += 1;
        if (options.stopAfterBytes !== undefined && Buffer.concat(chunks).length >= options.stopAfterBytes) {
          finish(false);
          res.destroy();
        }
      });
      res.on("end", () => finish(res.complete));
      res.on("error", () => finish(false));
      res.on("close", () => finish(res.complete));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** The text of one XML element, for S3-style error bodies. */
export function xmlElement(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}
