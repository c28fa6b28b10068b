/**
 * ecr-layer-url for Node (also picked by Bun and Deno's Node compatibility): the same API
 * as the runtime-agnostic entry, with `node:http` keep-alive transport, `node:crypto`
 * hashing, the shared config file's region and the AWS default credential chain.
 * @packageDocumentation
 */
import { LayerUrlClient } from "./client.js";
import type { EcrLayerClientConfig } from "./config.js";
import { nodeDefaultCredentials } from "./node/default-credentials.js";
import { NodeSha256 } from "./node/sha256.js";
import { sharedConfigRegion } from "./node/shared-config.js";
import type { Runtime } from "./runtime.js";
import { LayerClient } from "./layer-client.js";
import { downloadLayerToFile as downloadToFile } from "./node/download-to-file.js";
import { createFileShortcut } from "./node/file-shortcut.js";
import type { DownloadLayerToFileOptions, DownloadLayerToFileOutput } from "./node/download-to-file.js";
import { nodeLayerHasher } from "./node/layer-hash.js";
import type { GetDownloadUrlForLayerInput } from "./operation.js";
import { createBatchShortcut, createDownloadShortcut, createShortcut, lazyClient } from "./shortcut.js";
import { NodeHttpHandler } from "./transport/node-http.js";
import { readNodeBody } from "./transport/read-node-body.js";

const nodeRuntime: Runtime = {
  createRequestHandler: () => new NodeHttpHandler(),
  readBody: readNodeBody,
  sha256: NodeSha256,
  userAgentHeader: "user-agent",
  defaultRegion: sharedConfigRegion,
  regionSources: "set AWS_REGION or AWS_DEFAULT_REGION, or set region in your profile in the shared config file (~/.aws/config, or AWS_CONFIG_FILE)",
  defaultCredentials: nodeDefaultCredentials,
  missingCredentials: "No AWS credentials", // unreachable: the default chain says why it found none
};

/** The bare URL client: the functions' default client, so `getDownloadUrlForLayer()` alone bundles no download code. */
class UrlClient extends LayerUrlClient {
  constructor(config?: EcrLayerClientConfig) {
    super(config, nodeRuntime);
  }
}

/**
 * A client for ECR's GetDownloadUrlForLayer and the layer downloads it leads to, for Node
 * (`node:http` keep-alive, `node:crypto` to verify downloads, region and credentials found
 * as the AWS CLI finds them). Create one and reuse it: it caches credentials and URLs,
 * keeps connections alive and shares its retry quota across calls.
 *
 * ```ts
 * const client = new EcrLayerClient({ region: "us-east-1" });
 * const { downloadUrl, expiresAt } = await client.getDownloadUrlForLayer({ repositoryName, layerDigest });
 * await client.downloadLayerToFile({ repositoryName, layerDigest }, "layer.tar.gz");
 * ```
 */
export class EcrLayerClient extends LayerClient {
  /** A client with the given config; every member is optional. */
  constructor(config?: EcrLayerClientConfig) {
    super(config, nodeRuntime, nodeLayerHasher);
  }

  /**
   * Download a layer to `path`, verified: the bytes go to a temporary file beside `path`
   * (`.<name>.<random>.partial`), which is renamed to `path` only once they match the
   * digest. On any failure the temporary file is removed and `path` is left as it was.
   * Resumes, refreshes and retries as {@link EcrLayerClient.downloadLayer} does.
   *
   * @throws what {@link EcrLayerClient.downloadLayer} throws or its body errors with, and the
   * file system's errors (a missing directory fails before anything is sent).
   */
  downloadLayerToFile(input: GetDownloadUrlForLayerInput, path: string, options?: DownloadLayerToFileOptions): Promise<DownloadLayerToFileOutput> {
    return downloadToFile(this, this.hashers, input, path, options);
  }
}

const defaultClient = /* @__PURE__ */ lazyClient(UrlClient);

/**
 * Get a pre-signed download URL for one layer without making a client. Calls that pass
 * only call options (`abortSignal`, `requestTimeoutMs`, `refresh`) share one default
 * client, and so its URL cache; a call that passes client options gets its own, closed
 * when it settles (keep an {@link EcrLayerClient} when calling repeatedly with options).
 * See {@link EcrLayerClient.getDownloadUrlForLayer} for what it returns and throws.
 */
export const getDownloadUrlForLayer = /* @__PURE__ */ createShortcut(UrlClient, defaultClient);

/**
 * Download a layer and verify it while it streams, without making a client; the default
 * client is shared as for {@link getDownloadUrlForLayer}. See
 * {@link EcrLayerClient.downloadLayer} for what it returns and throws.
 */
export const downloadLayer = /* @__PURE__ */ createDownloadShortcut(UrlClient, defaultClient, nodeLayerHasher);

/**
 * Download a layer to a file, verified, without making a client; the default client is
 * shared as for {@link getDownloadUrlForLayer}. See {@link EcrLayerClient.downloadLayerToFile}.
 */
export const downloadLayerToFile = /* @__PURE__ */ createFileShortcut(UrlClient, defaultClient, nodeLayerHasher);

/**
 * Get URLs for many layers of one repository without making a client; the default
 * client is shared as for {@link getDownloadUrlForLayer}. See
 * {@link EcrLayerClient.getDownloadUrlsForLayers}.
 */
export const getDownloadUrlsForLayers = /* @__PURE__ */ createBatchShortcut(UrlClient, defaultClient);

export type { DownloadLayerToFileFunctionOptions, DownloadLayerToFileOptions, DownloadLayerToFileOutput } from "./node/download-to-file.js";
export { NodeHttpHandler } from "./transport/node-http.js";
export type { NodeHttpHandlerOptions } from "./transport/node-http.js";
export * from "./exports.js";
