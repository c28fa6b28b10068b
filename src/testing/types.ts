/** The fake server's options, handle and request records. */
import type { LayerInfo } from "./blobs.js";
import type { FakeCredentials } from "./credentials.js";
import type { Fault } from "./faults.js";
import type { SigV4Outcome } from "./sigv4-verify.js";

/** How {@link startFakeEcr} sets the server up. Every field is optional. */
export interface FakeEcrOptions {
  /** The keys the server accepts. Default `[FAKE_CREDENTIALS]`. */
  credentials?: FakeCredentials | readonly FakeCredentials[];
  /**
   * Repositories and their layer blobs (strings are UTF-8). The server computes each
   * digest (`sha256:<hex>`); read them back from {@link FakeEcr.layers}, or add layers
   * later with {@link FakeEcr.addLayer}, which returns the digest. An empty list makes a
   * repository with no layers.
   */
  repositories?: Readonly<Record<string, ReadonlyArray<Uint8Array | string>>>;
  /** The account the registry belongs to. Default `"123456789012"`. */
  registryId?: string;
  /** The region requests must be signed for. Default `"us-east-1"`. */
  region?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default `"127.0.0.1"`. */
  host?: string;
  /** `X-Amz-Expires` of the download URLs, in seconds. Default 3600. */
  urlTtlSeconds?: number;
  /**
   * Milliseconds added to the real clock to give the server's clock, which stamps the
   * `Date` header, judges signature expiry and dates download URLs. Default 0.
   */
  clockSkewMs?: number;
}

/** What kind of request a record is of. */
export type RequestKind = "api" | "blob" | "preflight" | "other";

/**
 * How the request's authentication fared. For API calls, the SigV4 verdict (see
 * {@link SigV4Outcome}); it is worked out even when a fault decided the answer. For
 * blob downloads, the download URL's: `valid`, `invalid` (edited or not ours), `expired`
 * or `missing` (parameters absent). `not-checked` for preflights and other requests.
 */
export type RecordedSignature = SigV4Outcome | "not-checked";

/** One request the server received, in arrival order. */
export interface RecordedRequest {
  /** What the request was for: the API, a blob, a CORS preflight, or another path. */
  kind: RequestKind;
  /** The HTTP method. */
  method: string;
  /** Path and query as received. */
  url: string;
  /** Header names in lower case; repeated headers joined with `", "`, as Node does. */
  headers: Record<string, string>;
  /** The body as UTF-8 text. */
  body: string;
  /** `X-Amz-Target`, when the request had one. */
  target?: string;
  /** How its signature fared (the SigV4 verdict for the API, the URL's for a blob). */
  signature: RecordedSignature;
  /** Whether an `Authorization` header came (a download must not send one). */
  hasAuthorization: boolean;
  /**
   * The status sent. 0 while the answer is pending, and for good when the connection was
   * dropped before any status line (the `drop-before-headers` fault).
   */
  status: number;
  /** The error code answered with, when the answer was an error. */
  errorCode?: string;
  /** The fault that applied to this request, if any. */
  fault?: Fault;
  /** When the request's headers arrived: `performance.now()` in the server's process, in ms. */
  receivedAt: number;
}

/** A running fake ECR. Everything is over loopback; call {@link FakeEcr.close} when done. */
export interface FakeEcr {
  /** Base URL, e.g. `"http://127.0.0.1:40123"`: the endpoint to point a client at. */
  readonly endpoint: string;
  /** The region requests must be signed for. */
  readonly region: string;
  /** The registry's 12-digit account ID, the default `registryId`. */
  readonly registryId: string;
  /** The keys the server accepts. */
  readonly credentials: readonly FakeCredentials[];
  /** Every request received (API, blob, preflight, other), oldest first. Clear with `requests.length = 0`. */
  readonly requests: RecordedRequest[];
  /** The stored layers, a fresh snapshot on each read. */
  readonly layers: LayerInfo[];
  /** The server's clock: real time plus the current skew. */
  now(): Date;
  /** Replaces the fault queue (an empty list clears it). */
  setFaults(faults: readonly Fault[]): void;
  /** Sets the server's clock to real time plus `ms`. */
  setClockSkew(ms: number): void;
  /**
   * Stores a blob under a repository (created if new); returns its digest, `sha256:` by
   * default or `sha512:` when asked (OCI allows both; ECR itself names layers by sha256).
   */
  addLayer(repositoryName: string, blob: Uint8Array | string, algorithm?: "sha256" | "sha512"): string;
  /** Creates an empty repository. */
  addRepository(repositoryName: string): void;
  /**
   * A download URL for a stored layer as GetDownloadUrlForLayer would give it, signed at
   * the server's current time or at `signedAt`. For tests of downloads and expiry.
   */
  downloadUrl(repositoryName: string, layerDigest: string, options?: { signedAt?: number | Date; ttlSeconds?: number }): string;
  /** How many client connections are open right now (in use or idle keep-alive). */
  openConnections(): Promise<number>;
  /**
   * Stops the server: ends every connection, keep-alive ones included, and cancels
   * pending delays and drips. Resolves once the server is fully closed, leaving no timer
   * or socket that would keep a process alive. Safe to call twice.
   */
  close(): Promise<void>;
}
