/**
 * The fake's answer to a layer download, as S3 gives it to a pre-signed URL: the URL's
 * signature and expiry checked, S3's XML errors, `Range` and `416`, the object's headers.
 */
import type { IncomingMessage } from "node:http";
import { parseRange } from "./blobs.js";
import type { Registry } from "./registry.js";
import { s3Error, type PlannedResponse } from "./responses.js";
import type { RecordedRequest } from "./types.js";

/** The answer to a `GET /blobs/…`; records the URL's verdict in `record`. */
export function blobAnswer(req: IncomingMessage, record: RecordedRequest, requestId: string, registry: Registry): PlannedResponse {
  const url = new URL(req.url ?? "/", "http://fake");
  const check = registry.urls.check(url.pathname, url.searchParams);
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
  const now = registry.now();
  if (now > check.expiresAt) {
    record.signature = "expired";
    return s3Error(403, "AccessDenied", "Request has expired", requestId, {
      "X-Amz-Expires": check.expiresSeconds,
      Expires: new Date(check.expiresAt).toISOString(),
      ServerTime: new Date(now).toISOString(),
    });
  }
  const blob = check.registryId === registry.registryId ? registry.store.get(check.repositoryName, check.layerDigest) : undefined;
  if (!blob) return s3Error(404, "NoSuchKey", "The specified key does not exist.", requestId, { Key: url.pathname.slice(1) });

  const headers: Record<string, string> = {
    "content-type": "application/octet-stream",
    etag: `"${check.layerDigest.slice(check.layerDigest.indexOf(":") + 1, check.layerDigest.indexOf(":") + 33)}"`,
    "accept-ranges": "bytes",
    "last-modified": new Date(registry.startedAt).toUTCString(),
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
