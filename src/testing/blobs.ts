/**
 * The layer side of the fake: the blobs per repository, the pre-signed-looking URLs
 * GetDownloadUrlForLayer hands out for them, and byte ranges of a download.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

import { amzDate, parseAmzDate } from "./sigv4-canonical.js";

/** One stored layer. */
export interface LayerInfo {
  /** The repository the layer is in. */
  repositoryName: string;
  /** `sha256:<64 hex>` (or `sha512:<128 hex>`), computed by the server. */
  layerDigest: string;
  /** Bytes. */
  size: number;
}

/** `sha256:<hex>` (or `sha512:<hex>`) of a blob, the digest ECR names layers by. */
export function digestOf(blob: Uint8Array, algorithm: "sha256" | "sha512" = "sha256"): string {
  return `${algorithm}:${createHash(algorithm).update(blob).digest("hex")}`;
}

/** Repositories and their layers. A repository may exist with no layers. */
export class LayerStore {
  readonly #repositories = new Map<string, Map<string, Buffer>>();

  /** Creates an empty repository; one that exists is left as it is. */
  addRepository(name: string): void {
    if (!this.#repositories.has(name)) this.#repositories.set(name, new Map());
  }

  /** Stores a blob (a string as UTF-8), creating the repository if needed; returns its digest. */
  add(repositoryName: string, blob: Uint8Array | string, algorithm: "sha256" | "sha512" = "sha256"): string {
    const bytes = typeof blob === "string" ? Buffer.from(blob, "utf8") : Buffer.from(blob);
    const digest = digestOf(bytes, algorithm);
    this.addRepository(repositoryName);
    this.#repositories.get(repositoryName)!.set(digest, bytes);
    return digest;
  }

  /** Whether the repository exists, layers or not. */
  hasRepository(name: string): boolean {
    return this.#repositories.has(name);
  }

  /** A layer's bytes, or `undefined` when the repository or the layer is unknown. */
  get(repositoryName: string, digest: string): Buffer | undefined {
    return this.#repositories.get(repositoryName)?.get(digest);
  }

  /** Every stored layer, repository by repository. */
  list(): LayerInfo[] {
    const out: LayerInfo[] = [];
    for (const [repositoryName, layers] of this.#repositories) {
      for (const [layerDigest, bytes] of layers) out.push({ repositoryName, layerDigest, size: bytes.length });
    }
    return out;
  }
}

/** What a download URL says, once its signature has been checked. */
export type UrlCheck =
  | { outcome: "valid"; registryId: string; repositoryName: string; layerDigest: string; expiresAt: number; expiresSeconds: string }
  | { outcome: "missing" | "invalid" };

const REQUIRED_PARAMS = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature"];

/**
 * Makes and checks the download URLs. They carry exactly the query parameters of the
 * S3 URLs real ECR returns; the signature is an HMAC with a per-server secret over the
 * decoded path and every other parameter, so any edit to the URL is caught.
 */
export class UrlSigner {
  readonly #secret: Buffer;
  readonly #keyId: string;
  readonly #token: string;
  readonly #region: string;

  /** `keyId` and `token` appear in every URL, like the bucket credentials real URLs carry. */
  constructor(options: { secret: Buffer; keyId: string; token: string; region: string }) {
    this.#secret = options.secret;
    this.#keyId = options.keyId;
    this.#token = options.token;
    this.#region = options.region;
  }

  /** The URL for a layer, signed at `time` and valid for `ttlSeconds`. */
  sign(endpoint: string, layer: { registryId: string; repositoryName: string; layerDigest: string }, time: number, ttlSeconds: number): string {
    const segments = [layer.registryId, ...layer.repositoryName.split("/"), layer.layerDigest];
    const path = `/blobs/${segments.map(encodeSegment).join("/")}`;
    const stamp = amzDate(time);
    const params: Array<[string, string]> = [
      ["X-Amz-Algorithm", "AWS4-HMAC-SHA256"],
      ["X-Amz-Credential", `${this.#keyId}/${stamp.slice(0, 8)}/${this.#region}/s3/aws4_request`],
      ["X-Amz-Date", stamp],
      ["X-Amz-Expires", String(ttlSeconds)],
      ["X-Amz-SignedHeaders", "host"],
      ["X-Amz-Security-Token", this.#token],
    ];
    params.push(["X-Amz-Signature", this.#mac(["blobs", ...segments], params)]);
    const query = params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join("&");
    return `${endpoint}${path}?${query}`;
  }

  /** Checks a request's path and query against the signature it carries. */
  check(pathname: string, search: URLSearchParams): UrlCheck {
    if (REQUIRED_PARAMS.some((name) => !search.has(name))) return { outcome: "missing" };
    let segments: string[];
    try {
      segments = pathname.split("/").slice(1).map((segment) => decodeURIComponent(segment));
    } catch {
      return { outcome: "invalid" };
    }
    const params = [...search].filter(([name]) => name !== "X-Amz-Signature");
    const expected = Buffer.from(this.#mac(segments, params));
    const provided = Buffer.from(search.get("X-Amz-Signature") ?? "");
    if (expected.length !== provided.length || !timingSafeEqual(expected, provided)) return { outcome: "invalid" };

    // Signed by us, so well-formed: /blobs/<registry>/<repository…>/<digest>.
    const [, registryId = "", ...rest] = segments;
    const layerDigest = rest.pop() ?? "";
    const signedAt = parseAmzDate(search.get("X-Amz-Date") ?? "") ?? 0;
    const expiresSeconds = search.get("X-Amz-Expires") ?? "0";
    return { outcome: "valid", registryId, repositoryName: rest.join("/"), layerDigest, expiresAt: signedAt + Number(expiresSeconds) * 1000, expiresSeconds };
  }

  #mac(segments: readonly string[], params: ReadonlyArray<readonly [string, string]>): string {
    const query = params
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
      .sort()
      .join("&");
    return createHmac("sha256", this.#secret).update(`/${segments.join("/")}\n${query}`).digest("hex");
  }
}

// ':' is fine in a path segment and keeps digests readable in logs.
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%3A/gi, ":");
}

/** How to answer a `Range` header for an object of a given size. */
export type RangeAnswer = { kind: "full" } | { kind: "partial"; start: number; end: number } | { kind: "unsatisfiable" };

/**
 * Reads a single `bytes=` range the way S3 does: `a-b`, `a-` and `-n`; anything it cannot
 * read, or several ranges, means the whole object.
 */
export function parseRange(header: string | undefined, size: number): RangeAnswer {
  const match = header === undefined ? null : /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return { kind: "full" };
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return { kind: "full" };
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return { kind: "full" };
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) };
}
