/**
 * ecr-layer-url, runtime-agnostic entry (browsers, Cloudflare Workers, Deno, Bun and
 * anything with `fetch`): `fetch` transport, WebCrypto SHA-256, explicit credentials.
 * Node resolves `ecr-layer-url` to `node.ts` instead, through package `exports`.
 * @packageDocumentation
 */
import { LayerUrlClient } from "./client.js";
import type { EcrLayerClientConfig } from "./config.js";
import type { Runtime } from "./runtime.js";
import { LayerClient } from "./layer-client.js";
import { createBatchShortcut, createDownloadShortcut, createShortcut, lazyClient } from "./shortcut.js";
import { FetchHandler } from "./transport/fetch.js";
import { readBody } from "./transport/read-body.js";
import { webLayerHasher } from "./web/layer-hash.js";
import { WebSha256 } from "./web/sha256.js";

const fetchRuntime: Runtime = {
  createRequestHandler: () => new FetchHandler(),
  readBody,
  sha256: WebSha256,
  userAgentHeader: "x-amz-user-agent",
  defaultRegion: () => undefined,
  regionSources: "set AWS_REGION or AWS_DEFAULT_REGION where the runtime has environment variables",
  defaultCredentials: () => undefined,
  missingCredentials:
    "No AWS credentials: outside Node there is no default chain; pass { credentials: { accessKeyId, secretAccessKey, sessionToken? } } or an async provider",
};

/** The bare URL client: the functions' default client, so `getDownloadUrlForLayer()` alone bundles no download code. */
class UrlClient extends LayerUrlClient {
  constructor(config?: EcrLayerClientConfig) {
    super(config, fetchRuntime);
  }
}

/**
 * A client for ECR's GetDownloadUrlForLayer and the layer downloads it leads to, for
 * browsers and edge runtimes (`fetch`, explicit `credentials`, a pure-JS SHA-2 to verify
 * downloads). Create one and reuse it: it caches credentials and URLs, keeps connections
 * alive and shares its retry quota across calls.
 *
 * ```ts
 * const client = new EcrLayerClient({ region: "us-east-1", credentials });
 * const { downloadUrl, expiresAt } = await client.getDownloadUrlForLayer({ repositoryName, layerDigest });
 * const { body } = await client.downloadLayer({ repositoryName, layerDigest });
 * ```
 */
class FetchLayerClient extends LayerClient {
  /** A client with the given config; every member is optional. */
  constructor(config?: EcrLayerClientConfig) {
    super(config, fetchRuntime, webLayerHasher);
  }
}
// Exported under the one public name, so code moves between runtimes unchanged; its
// own name says which runtime it is for (the Node entry's is `node.ts`'s EcrLayerClient).
export { FetchLayerClient as EcrLayerClient };

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
export const downloadLayer = /* @__PURE__ */ createDownloadShortcut(UrlClient, defaultClient, webLayerHasher);

/**
 * Get URLs for many layers of one repository without making a client; the default
 * client is shared as for {@link getDownloadUrlForLayer}. See
 * {@link EcrLayerClient.getDownloadUrlsForLayers}.
 */
export const getDownloadUrlsForLayers = /* @__PURE__ */ createBatchShortcut(UrlClient, defaultClient);

export * from "./exports.js";
