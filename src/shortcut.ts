/**
 * The functions that work without a client. Calls that pass no client config share the
 * entry's default client, made on first use, so credentials are resolved, connections
 * opened and URLs cached once. A call that passes config gets a client of its own,
 * closed when its work is done: keep an `EcrLayerClient` when you call repeatedly with one.
 */
import { getDownloadUrlsForLayers } from "./batch.js";
import type { GetDownloadUrlsForLayersInput, GetDownloadUrlsForLayersOptions, LayerUrlResult } from "./batch.js";
import type { LayerUrlClient } from "./client.js";
import type { EcrLayerClientConfig } from "./config.js";
import type { HasherFactory } from "./digest.js";
import { downloadLayer } from "./download.js";
import type { DownloadLayerOptions, DownloadLayerOutput } from "./download.js";
import type { GetDownloadUrlForLayerInput, GetDownloadUrlForLayerOutput } from "./operation.js";
import type { RequestOptions } from "./options.js";

/** Options of the `getDownloadUrlForLayer` function: the client config plus the call's options. */
export type GetDownloadUrlForLayerFunctionOptions = EcrLayerClientConfig & RequestOptions;
/**
 * The old name of {@link GetDownloadUrlForLayerFunctionOptions}.
 * @deprecated Use {@link GetDownloadUrlForLayerFunctionOptions}, named like its siblings.
 */
export type GetDownloadUrlForLayerOptions = GetDownloadUrlForLayerFunctionOptions;
/** Options of the `downloadLayer` function: the client config plus the download's options. */
export type DownloadLayerFunctionOptions = EcrLayerClientConfig & DownloadLayerOptions;
/** Options of the `getDownloadUrlsForLayers` function: the client config plus the batch's options. */
export type GetDownloadUrlsForLayersFunctionOptions = EcrLayerClientConfig & GetDownloadUrlsForLayersOptions;

/** @internal An entry's client class, as the shortcuts make it. */
export type ClientClass = new (config?: EcrLayerClientConfig) => LayerUrlClient;

/** The entry's default client, made on first use. */
export function lazyClient(Client: ClientClass): () => LayerUrlClient {
  let shared: LayerUrlClient | undefined;
  return () => (shared ??= new Client());
}

/**
 * Split a function's options into the call's own (`keys`) and the client config. The
 * client is the default one when the config is empty, else a new one; `done` closes a
 * new one (and does nothing for the default).
 */
export function clientFor<O extends object>(
  Client: ClientClass,
  shared: () => LayerUrlClient,
  options: O | undefined,
  keys: readonly string[],
): { client: LayerUrlClient; call: Partial<O>; done: () => void } {
  const call: Record<string, unknown> = {};
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options ?? {})) (keys.includes(key) ? call : config)[key] = value;
  if (Object.values(config).every((value) => value === undefined)) return { client: shared(), call: call as Partial<O>, done: () => {} };
  const client = new Client(config);
  return { client, call: call as Partial<O>, done: () => client.destroy() };
}

/** Build the `getDownloadUrlForLayer` function for an entry. */
export function createShortcut(Client: ClientClass, shared: () => LayerUrlClient) {
  // Not through clientFor: this is the one call a bundle may hold alone, so it stays small.
  return async function getDownloadUrlForLayer(input: GetDownloadUrlForLayerInput, options: GetDownloadUrlForLayerFunctionOptions = {}): Promise<GetDownloadUrlForLayerOutput> {
    const { abortSignal, requestTimeoutMs, refresh, ...config } = options ?? {};
    const call: RequestOptions = { abortSignal, requestTimeoutMs, refresh };
    if (Object.values(config).every((value) => value === undefined)) return shared().getDownloadUrlForLayer(input, call);
    const client = new Client(config);
    try {
      return await client.getDownloadUrlForLayer(input, call);
    } finally {
      client.destroy();
    }
  };
}

/** Build the `downloadLayer` function for an entry. A client of its own is closed when the download ends. */
export function createDownloadShortcut(Client: ClientClass, shared: () => LayerUrlClient, hashers: HasherFactory) {
  return async function downloadLayerFunction(input: GetDownloadUrlForLayerInput, options?: DownloadLayerFunctionOptions): Promise<DownloadLayerOutput> {
    // async: a bad client option rejects, like every other failure, rather than throwing.
    const { client, call, done } = clientFor(Client, shared, options, ["abortSignal", "requestTimeoutMs", "onProgress", "expectedSize"]);
    return downloadLayer(client, hashers, input, call, done);
  };
}

/** Build the `getDownloadUrlsForLayers` function for an entry. */
export function createBatchShortcut(Client: ClientClass, shared: () => LayerUrlClient) {
  return async function getDownloadUrlsForLayersFunction(
    input: GetDownloadUrlsForLayersInput,
    options?: GetDownloadUrlsForLayersFunctionOptions,
  ): Promise<LayerUrlResult[]> {
    const { client, call, done } = clientFor(Client, shared, options, ["abortSignal", "requestTimeoutMs", "concurrency"]);
    try {
      return await getDownloadUrlsForLayers(client, input, call);
    } finally {
      done();
    }
  };
}
