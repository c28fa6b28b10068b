/**
 * ecr-layer-url for Node (also picked by Bun and Deno's Node compatibility): the same API
 * as the runtime-agnostic entry, with `node:http` keep-alive transport, `node:crypto`
 * hashing, the shared config file's region and the AWS default credential chain.
 * @packageDocumentation
 */
import { EcrLayerClient as Client } from "./client.js";
import type { EcrLayerClientConfig } from "./client.js";
import { nodeDefaultCredentials } from "./node/default-credentials.js";
import { NodeSha256 } from "./node/sha256.js";
import { sharedConfigRegion } from "./node/shared-config.js";
import type { Runtime } from "./runtime.js";
import { createShortcut } from "./shortcut.js";
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

/**
 * A client for ECR's GetDownloadUrlForLayer, for Node (`node:http` keep-alive, region
 * and credentials found as the AWS CLI finds them). Create one and reuse it: it caches
 * credentials, keeps connections alive and shares its retry quota across calls.
 *
 * ```ts
 * const client = new EcrLayerClient({ region: "us-east-1" });
 * const { downloadUrl, expiresAt } = await client.getDownloadUrlForLayer({ repositoryName, layerDigest });
 * ```
 */
export class EcrLayerClient extends Client {
  constructor(config?: EcrLayerClientConfig) {
    super(config, nodeRuntime);
  }
}

/**
 * Get a pre-signed download URL for one layer without making a client. Calls that pass
 * only call options (`abortSignal`, `requestTimeoutMs`) share one default client; a call
 * that passes client options gets its own, closed when it settles (keep an
 * {@link EcrLayerClient} when calling repeatedly with options). See
 * {@link EcrLayerClient.getDownloadUrlForLayer} for what it returns and throws.
 */
export const getDownloadUrlForLayer = /* @__PURE__ */ createShortcut(EcrLayerClient);

export { NodeHttpHandler } from "./transport/node-http.js";
export type { NodeHttpHandlerOptions } from "./transport/node-http.js";
export * from "./exports.js";
