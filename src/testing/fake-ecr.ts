/**
 * A fake Amazon ECR for tests: GetDownloadUrlForLayer over AWS JSON 1.1 with real SigV4
 * checking, download URLs on the same server, CORS for browsers, and scriptable faults.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { apiAnswer } from "./api-answer.js";
import { blobAnswer } from "./blob-answer.js";
import { LayerStore, UrlSigner } from "./blobs.js";
import { FAKE_CREDENTIALS, type FakeCredentials } from "./credentials.js";
import { deliver, streamPadded } from "./delivery.js";
import { corrupted, deliveryMode, faultAnswer } from "./fault-answer.js";
import { FaultQueue } from "./faults.js";
import type { Registry } from "./registry.js";
import { jsonError } from "./responses.js";
import { Sleeper } from "./sleeper.js";
import type { FakeEcr, FakeEcrOptions, RecordedRequest, RequestKind } from "./types.js";

export { GET_DOWNLOAD_URL_FOR_LAYER_TARGET } from "./api-answer.js";

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
  #registry?: Registry;
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
        this.#registry = {
          credentials: this.#credentials,
          region: this.#region,
          registryId: this.#registryId,
          store: this.#store,
          urls: this.#urls,
          endpoint: this.#endpoint,
          ttlSeconds: this.#ttlSeconds,
          startedAt: this.#startedAt,
          now: () => this.#now(),
        };
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
    const registry = this.#registry!; // set once listening, before any request
    const planned = kind === "api" ? apiAnswer(req, body, record, registry) : blobAnswer(req, record, requestId, registry);
    const fault = this.#faults.take(kind);
    if (fault) record.fault = fault;
    const answer = fault ? faultAnswer(fault, kind, requestId) : undefined;
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
