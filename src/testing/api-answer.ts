/**
 * The fake's answer to a GetDownloadUrlForLayer call, as ECR gives it: the signature
 * checked first, then the operation and content type, the input, the repository and the
 * layer; a success is a download URL pointing back at the fake's `/blobs/…`.
 */
import type { IncomingMessage } from "node:http";
import { jsonError, jsonResponse, JSON_CONTENT_TYPE, type PlannedResponse } from "./responses.js";
import type { Registry } from "./registry.js";
import { headerPairs } from "./sigv4-canonical.js";
import { verifySigV4 } from "./sigv4-verify.js";
import type { RecordedRequest } from "./types.js";
import { readLayerRequest, validationMessage } from "./validation.js";

/** The `X-Amz-Target` of the one operation the fake implements. */
export const GET_DOWNLOAD_URL_FOR_LAYER_TARGET = "AmazonEC2ContainerRegistry_V20150921.GetDownloadUrlForLayer";

/** The answer to a `POST /`; records the signature's verdict in `record`. */
export function apiAnswer(req: IncomingMessage, body: Buffer, record: RecordedRequest, registry: Registry): PlannedResponse {
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
      lookup: (id) => registry.credentials.find((credential) => credential.accessKeyId === id),
      now: registry.now(),
      region: registry.region,
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

  const registryId = input.registryId ?? registry.registryId;
  const repositoryName = input.repositoryName!;
  const layerDigest = input.layerDigest!;
  if (registryId !== registry.registryId || !registry.store.hasRepository(repositoryName)) {
    return jsonError("RepositoryNotFoundException", `The repository with name '${repositoryName}' does not exist in the registry with id '${registryId}'`);
  }
  const [algorithm, hex = ""] = layerDigest.split(":");
  if (algorithm === "sha256" && hex.length !== 64) {
    return jsonError("InvalidParameterException", `Invalid parameter at 'layerDigest' failed to satisfy constraint: 'must be a sha256 digest of 64 hexadecimal characters'`);
  }
  if (!registry.store.get(repositoryName, layerDigest)) {
    return jsonError(
      "LayersNotFoundException",
      `The layer with digest '${layerDigest}' does not exist in the repository with name '${repositoryName}' in the registry with id '${registryId}'`,
    );
  }
  const downloadUrl = registry.urls.sign(registry.endpoint, { registryId, repositoryName, layerDigest }, registry.now(), registry.ttlSeconds);
  return jsonResponse({ downloadUrl, layerDigest });
}
