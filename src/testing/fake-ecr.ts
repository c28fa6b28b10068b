/**
 * A fake Amazon ECR for tests: GetDownloadUrlForLayer over AWS JSON 1.1 with real SigV4
 * checking, download URLs on the same server, CORS for browsers, and scriptable faults.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { LayerStore, UrlSigner, parseRange } from "./blobs.js";
import { FAKE_CREDENTIALS, type FakeCredentials } from "./credentials.js";
import { deliver, streamPadded, type DeliveryMode } from "./delivery.js";
import { FaultQueue, type Fault, type FaultTarget } from "./faults.js";
import {
  JSON_CONTENT_TYPE,
  defaultErrorStatus,
  defaultS3ErrorStatus,
  jsonError,
  jsonResponse,
  s3Error,
  type PlannedResponse,
} from "./responses.js";
import { headerPairs } from "./sigv4-canonical.js";
import { verifySigV4 } from "./sigv4-verify.js";
import { Sleeper } from "./sleeper.js";
import type { FakeEcr, FakeEcrOptions, RecordedRequest, RequestKind } from "./types.js";
import { readLayerRequest, validationMessage } from "./validation.js";

/** The `X-Amz-Target` of the one operation the fake implements. */
export const GET_DOWNLOAD_URL_FOR_LAYER_TARGET = "AmazonEC2ContainerRegistry_V20150921.GetDownloadUrlForLayer";

const EXPOSED_HEADERS = "*, x-amzn-requestid, x-amz-request-id, date, x-amzn-errortype, content-length, content-range, etag, retry-after, x-amz-retry-after";

/**
 * Starts a fake ECR on loopback and resolves once it is listening.
 *
 * The server answers `POST /` GetDownloadUrlForLayer calls as ECR does: the SigV4
 * signature is checked first (see {@link verifySigV4}), then the input, then the
 * repository and layer; a success carries a pre-signed-looking `downloadUrl` pointing
 * back at this server's `/blobs/…`, which serves the layer (with `Range` support) until
 * it expires. `OPTIONS` on any path answers a CORS preflight. Faults set with
 * {@link FakeEcr.setFaults} change the answers; every request is recorded in
 * {@link FakeEcr.requests}.
 *
 * @example
 * ```ts
 * const ecr = await startFakeEcr({ repositories: { "team/app": ["layer bytes"] } });
 * try {
 *   const [layer] = ecr.layers;
 *   // point the client at ecr.endpoint with FAKE_CREDENTIALS and ecr.region …
 * } finally {
 *   await ecr.close();
 * }
 * ```
 */
export async function startFakeEcr(options: FakeEcrOptions = {}): Promise<FakeEcr> {
  const server = new FakeEcrServer(options);
  await server.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  return server.handle();
}

class FakeEcrServer {
  readonly #server: Server;
  readonly #credentials: readonly FakeCredentials[];
  readonly #region: string;
  readonly #registryId: string;
  readonly #ttlSeconds: number;
  readonly #store = new LayerStore();
  readonly #faults = new FaultQueue();
  readonly #sleeper = new Sleeper();
  readonly #requests: RecordedRequest[] = [];
  readonly #urls: UrlSigner;
  readonly #startedAt = Date.now();
  #skewMs: number;
  #endpoint = "";
  #closed: Promise<void> | undefined;

  constructor(options: FakeEcrOptions) {
    const credentials = options.credentials ?? [FAKE_CREDENTIALS];
    this.#credentials = Array.isArray(credentials) ? [...(credentials as readonly FakeCredentials[])] : [credentials as FakeCredentials];
    this.#region = options.region ?? "us-east-1";
    this.#registryId = options.registryId ?? "123456789012";
    this.#ttlSeconds = options.urlTtlSeconds ?? 3600;
    this.#skewMs = options.clockSkewMs ?? 0;
    for (const [name, blobs] of Object.entries(options.repositories ?? {})) {
      this.#store.addRepository(name);
      for (const blob of blobs) this.#store.add(name, blob);
    }
    // A fresh secret and token per server: URLs from one server mean nothing to another.
    this.#urls = new UrlSigner({
      secret: randomBytes(32),
      keyId: "ASIAFAKELAYERBUCKET0",
      token: `IQoJb3JpZ2luX2VjEFAKE${randomBytes(48).toString("base64")}`,
      region: this.#region,
    });
    this.#server = createServer((req, res) => {
      this.#onRequest(req, res).catch((error: unknown) => this.#onHandlerError(res, error));
    });
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, host, () => {
        this.#server.off("error", reject);
        const address = this.#server.address() as AddressInfo;
        const shownHost = address.family === "IPv6" || address.address.includes(":") ? `[${address.address}]` : address.address;
        this.#endpoint = `http://${shownHost}:${address.port}`;
        resolve();
      });
    });
  }

  handle(): FakeEcr {
    const self = this;
    return {
      endpoint: this.#endpoint,
      region: this.#region,
      registryId: this.#registryId,
      credentials: this.#credentials,
      requests: this.#requests,
      get layers() {
        return self.#store.list();
      },
      now: () => new Date(this.#now()),
      setFaults: (faults) => this.#faults.set(faults),
      setClockSkew: (ms) => {
        this.#skewMs = ms;
      },
      addLayer: (repositoryName, blob, algorithm) => this.#store.add(repositoryName, blob, algorithm),
      addRepository: (repositoryName) => this.#store.addRepository(repositoryName),
      downloadUrl: (repositoryName, layerDigest, urlOptions = {}) =>
        this.#urls.sign(
          this.#endpoint,
          { registryId: this.#registryId, repositoryName, layerDigest },
          urlOptions.signedAt === undefined ? this.#now() : new Date(urlOptions.signedAt).getTime(),
          urlOptions.ttlSeconds ?? this.#ttlSeconds,
        ),
      openConnections: () =>
        new Promise<number>((resolve, reject) => this.#server.getConnections((error, count) => (error ? reject(error) : resolve(count)))),
      close: () => this.#close(),
    };
  }

  #now(): number {
    return Date.now() + this.#skewMs;
  }

  #close(): Promise<void> {
    this.#closed ??= new Promise((resolve) => {
      this.#sleeper.cancelAll();
      // close() stops accepting and waits; closeAllConnections() ends idle keep-alive and
      // in-flight sockets alike, so the wait is over at once.
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
    return this.#closed;
  }

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const path = url.split("?", 1)[0] ?? "/";
    const kind: RequestKind =
      method === "OPTIONS" ? "preflight" : path.startsWith("/blobs/") ? "blob" : path === "/" && method === "POST" ? "api" : "other";
    const target = req.headers["x-amz-target"];
    const record: RecordedRequest = {
      kind,
      method,
      url,
      headers: lowerCaseHeaders(req),
      body: "",
      ...(typeof target === "string" ? { target } : {}),
      signature: "not-checked",
      hasAuthorization: req.headers.authorization !== undefined,
      status: 0,
      receivedAt: performance.now(),
    };
    this.#requests.push(record);

    const body = await readBody(req);
    if (body === undefined) return; // the connection went away mid-request
    record.body = body.toString("utf8");

    const requestId = randomUUID();
    // Built when sending, so Date is the server's clock at that moment (after any delay).
    const base = (): Record<string, string> => ({
      date: new Date(this.#now()).toUTCString(),
      "x-amzn-requestid": requestId,
      ...(kind === "blob" ? { "x-amz-request-id": requestId } : {}),
      "access-control-allow-origin": "*",
      "access-control-expose-headers": EXPOSED_HEADERS,
    });
    res.on("finish", () => {
      record.status = res.statusCode;
    });
    res.on("close", () => {
      if (res.headersSent) record.status = res.statusCode;
    });

    if (kind === "preflight") return this.#preflight(req, res, base());
    if (kind === "other") {
      const notFound = { status: 404, headers: { "content-type": "text/plain; charset=utf-8" }, body: Buffer.from("Not Found") };
      return deliver(res, notFound, base(), { kind: "normal" }, this.#sleeper);
    }

    // The normal answer is always worked out, so the record shows how the request
    // itself fared even when a fault decides what is sent.
    const planned = kind === "api" ? this.#api(req, body, record) : this.#blob(req, record, requestId);
    const fault = this.#faults.take(kind);
    if (fault) record.fault = fault;
    const answer = fault ? this.#faultAnswer(fault, kind, requestId) : undefined;
    if (answer === "drop") {
      req.socket.destroy();
      return;
    }
    if (answer && "stream" in answer) {
      record.errorCode = answer.code;
      return streamPadded(res, answer.status, { ...base(), ...answer.headers }, answer.stream);
    }
    const sent = answer ?? (fault?.type === "corrupt" ? corrupted(planned) : planned);
    if (sent.errorCode !== undefined) record.errorCode = sent.errorCode;
    // Cancelled only by close(), which also ends the connection: nothing left to send.
    if (fault?.type === "delay" && !(await this.#sleeper.sleep(fault.ms))) return;
    return deliver(res, sent, base(), deliveryMode(fault), this.#sleeper);
  }

  #preflight(req: IncomingMessage, res: ServerResponse, base: Record<string, string>): Promise<void> {
    const requested = req.headers["access-control-request-headers"];
    const headers: Record<string, string> = {
      "access-control-allow-methods": "GET, HEAD, POST, OPTIONS",
      // "*" does not cover Authorization, so the requested names are echoed as well.
      "access-control-allow-headers": requested ? `*, ${requested}` : "*",
      "access-control-max-age": "600",
    };
    return deliver(res, { status: 204, headers, body: Buffer.alloc(0) }, base, { kind: "normal" }, this.#sleeper);
  }

  #api(req: IncomingMessage, body: Buffer, record: RecordedRequest): PlannedResponse {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const verdict = verifySigV4(
      {
        method: req.method ?? "POST",
        path: q < 0 ? url : url.slice(0, q),
        query: q < 0 ? "" : url.slice(q + 1),
        headers: headerPairs(req.rawHeaders),
        body,
      },
      {
        lookup: (id) => this.#credentials.find((credential) => credential.accessKeyId === id),
        now: this.#now(),
        region: this.#region,
        service: "ecr",
      },
    );
    record.signature = verdict.outcome;
    if (!verdict.ok) return jsonError(verdict.code, verdict.message);

    if (record.target !== GET_DOWNLOAD_URL_FOR_LAYER_TARGET) {
      return jsonError("UnknownOperationException", record.target ? `Unknown operation ${record.target}` : "Missing X-Amz-Target header");
    }
    const contentType = req.headers["content-type"] ?? "";
    if (!contentType.toLowerCase().startsWith(JSON_CONTENT_TYPE)) {
      return jsonError("UnknownOperationException", `Unsupported Content-Type '${contentType}'; expected ${JSON_CONTENT_TYPE}`);
    }

    const text = body.toString("utf8");
    let json: unknown = {};
    if (text.trim() !== "") {
      try {
        json = JSON.parse(text);
      } catch {
        return jsonError("SerializationException", "Unable to parse the request body as JSON.");
      }
    }
    const input = readLayerRequest(json);
    if ("serializationError" in input) return jsonError("SerializationException", input.serializationError);
    const invalid = validationMessage(input);
    if (invalid !== undefined) return jsonError("ValidationException", invalid);

    const registryId = input.registryId ?? this.#registryId;
    const repositoryName = input.repositoryName!;
    const layerDigest = input.layerDigest!;
    if (registryId !== this.#registryId || !this.#store.hasRepository(repositoryName)) {
      return jsonError("RepositoryNotFoundException", `The repository with name '${repositoryName}' does not exist in the registry with id '${registryId}'`);
    }
    const [algorithm, hex = ""] = layerDigest.split(":");
    if (algorithm === "sha256" && hex.length !== 64) {
      return jsonError("InvalidParameterException", `Invalid parameter at 'layerDigest' failed to satisfy constraint: 'must be a sha256 digest of 64 hexadecimal characters'`);
    }
    if (!this.#store.get(repositoryName, layerDigest)) {
      return jsonError(
        "LayersNotFoundException",
        `The layer with digest '${layerDigest}' does not exist in the repository with name '${repositoryName}' in the registry with id '${registryId}'`,
      );
    }
    const downloadUrl = this.#urls.sign(this.#endpoint, { registryId, repositoryName, layerDigest }, this.#now(), this.#ttlSeconds);
    return jsonResponse({ downloadUrl, layerDigest });
  }

  #blob(req: IncomingMessage, record: RecordedRequest, requestId: string): PlannedResponse {
    const url = new URL(req.url ?? "/", "http://fake");
    const check = this.#urls.check(url.pathname, url.searchParams);
    record.signature = check.outcome;
    const method = req.method ?? "GET";
    if (method !== "GET" && method !== "HEAD") {
      return s3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", requestId, { Method: method, ResourceType: "OBJECT" });
    }
    if (record.hasAuthorization) {
      return s3Error(
        400,
        "InvalidArgument",
        "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified",
        requestId,
        { ArgumentName: "Authorization", ArgumentValue: req.headers.authorization ?? "" },
      );
    }
    if (check.outcome === "missing") {
      return s3Error(
        403,
        "AccessDenied",
        "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.",
        requestId,
      );
    }
    if (check.outcome !== "valid") {
      return s3Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.", requestId);
    }
    const now = this.#now();
    if (now > check.expiresAt) {
      record.signature = "expired";
      return s3Error(403, "AccessDenied", "Request has expired", requestId, {
        "X-Amz-Expires": check.expiresSeconds,
        Expires: new Date(check.expiresAt).toISOString(),
        ServerTime: new Date(now).toISOString(),
      });
    }
    const blob = check.registryId === this.#registryId ? this.#store.get(check.repositoryName, check.layerDigest) : undefined;
    if (!blob) return s3Error(404, "NoSuchKey", "The specified key does not exist.", requestId, { Key: url.pathname.slice(1) });

    const headers: Record<string, string> = {
      "content-type": "application/octet-stream",
      etag: `"${check.layerDigest.slice(check.layerDigest.indexOf(":") + 1, check.layerDigest.indexOf(":") + 33)}"`,
      "accept-ranges": "bytes",
      "last-modified": new Date(this.#startedAt).toUTCString(),
    };
    const range = parseRange(req.headers.range, blob.length);
    if (range.kind === "unsatisfiable") {
      const error = s3Error(416, "InvalidRange", "The requested range is not satisfiable", requestId, {
        RangeRequested: req.headers.range ?? "",
        ActualObjectSize: String(blob.length),
      });
      return { ...error, headers: { ...error.headers, "content-range": `bytes */${blob.length}` } };
    }
    if (range.kind === "partial") {
      headers["content-range"] = `bytes ${range.start}-${range.end}/${blob.length}`;
      return { status: 206, headers, body: blob.subarray(range.start, range.end + 1) };
    }
    return { status: 200, headers, body: blob };
  }

  /** The answer a fault replaces the normal one with, if it does. */
  #faultAnswer(
    fault: Fault,
    kind: FaultTarget,
    requestId: string,
  ): PlannedResponse | "drop" | { stream: Parameters<typeof streamPadded>[3]; status: number; headers: Record<string, string>; code: string } | undefined {
    switch (fault.type) {
      case "drop-before-headers":
        return "drop";
      case "status": {
        const body = typeof fault.body === "string" ? Buffer.from(fault.body) : Buffer.from(fault.body ?? new Uint8Array());
        const sniffed = body.subarray(0, 1).toString() === "<" ? "text/html; charset=utf-8" : kind === "api" ? JSON_CONTENT_TYPE : "application/octet-stream";
        return { status: fault.status, headers: { "content-type": sniffed, ...lowerCaseKeys(fault.headers ?? {}) }, body };
      }
      case "error": {
        const message = fault.message ?? `Fault injected by the fake ECR server: ${fault.code}`;
        if (kind === "api") {
          return jsonError(fault.code, message, {
            ...(fault.status !== undefined ? { status: fault.status } : {}),
            ...(fault.form !== undefined ? { form: fault.form } : {}),
            ...(fault.retryAfterSeconds !== undefined ? { retryAfterSeconds: fault.retryAfterSeconds } : {}),
          });
        }
        const error = s3Error(fault.status ?? defaultS3ErrorStatus(fault.code), fault.code, message, requestId);
        if (fault.retryAfterSeconds !== undefined) {
          error.headers["retry-after"] = String(fault.retryAfterSeconds);
          error.headers["x-amz-retry-after"] = String(Math.round(fault.retryAfterSeconds * 1000));
        }
        return error;
      }
      case "huge-error": {
        const code = kind === "api" ? "ServerException" : "InternalError";
        const status = fault.status ?? (kind === "api" ? defaultErrorStatus(code) : defaultS3ErrorStatus(code));
        const stream =
          kind === "api"
            ? { prefix: `{"__type":"${code}","message":"`, suffix: `"}`, bytes: fault.bytes, chunked: fault.chunked ?? false }
            : {
                prefix: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>`,
                suffix: `</Message><RequestId>${requestId}</RequestId></Error>`,
                bytes: fault.bytes,
                chunked: fault.chunked ?? false,
              };
        return { stream, status, code, headers: { "content-type": kind === "api" ? JSON_CONTENT_TYPE : "application/xml" } };
      }
      default:
        return undefined;
    }
  }

  #onHandlerError(res: ServerResponse, error: unknown): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const failure = jsonError("InternalFailure", `The fake ECR server failed: ${message}`);
    res.writeHead(failure.status, { ...failure.headers, "content-length": String(failure.body.length) });
    res.end(failure.body);
  }
}

/** The planned answer with the middle byte of its body flipped. */
function corrupted(planned: PlannedResponse): PlannedResponse {
  if (planned.body.length === 0) return planned;
  const body = Buffer.from(planned.body);
  const middle = Math.floor(body.length / 2);
  body[middle] = body[middle]! ^ 0xff;
  return { ...planned, body };
}

function deliveryMode(fault: Fault | undefined): DeliveryMode {
  if (fault?.type === "drop-mid-body") return { kind: "drop-mid-body" };
  if (fault?.type === "slow-drip") return { kind: "slow-drip", chunkBytes: fault.chunkBytes, intervalMs: fault.intervalMs };
  return { kind: "normal" };
}

/** The whole body, or `undefined` if the connection broke first. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } catch {
    return undefined;
  }
  return Buffer.concat(chunks);
}

function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
