/**
 * ecr-layer-url, runtime-agnostic entry (browsers, Cloudflare Workers, Deno, Bun and
 * anything with `fetch`): `fetch` transport, WebCrypto SHA-256, explicit credentials.
 * Node resolves `ecr-layer-url` to `node.ts` instead, through package `exports`.
 * @packageDocumentation
 */
import { EcrLayerClient as Client } from "./client.js";
import type { EcrLayerClientConfig } from "./client.js";
import type { Runtime } from "./runtime.js";
import { createShortcut } from "./shortcut.js";
import { FetchHandler } from "./transport/fetch.js";
import { readBody } from "./transport/read-body.js";
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
    "No AWS credentials: in browsers and edge runtimes pass { credentials: { accessKeyId, secretAccessKey, sessionToken? } } " +
    "or an async provider of them (there is no default credential chain outside Node)",
};

/**
 * A client for ECR's GetDownloadUrlForLayer, for browsers and edge runtimes (`fetch`,
 * explicit `credentials`). Create one and reuse it: it caches credentials, keeps
 * connections alive and shares its retry quota across calls.
 *
 * ```ts
 * const client = new EcrLayerClient({ region: "us-east-1", credentials });
 * const { downloadUrl, expiresAt } = await client.getDownloadUrlForLayer({ repositoryName, layerDigest });
 * ```
 */
export class EcrLayerClient extends Client {
  constructor(config?: EcrLayerClientConfig) {
    super(config, fetchRuntime);
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

export * from "./exports.js";
