/**
 * `getDownloadUrlForLayer(input, options)` without a client. Calls that pass no client
 * config share one default client, made on first use, so credentials are resolved and
 * connections opened once. A call that passes config gets a client of its own, closed
 * when the call settles: keep an `EcrLayerClient` instead when you call repeatedly with one.
 */
import type { EcrLayerClient, EcrLayerClientConfig, GetDownloadUrlForLayerOutput, RequestOptions } from "./client.js";
import type { GetDownloadUrlForLayerInput } from "./operation.js";

/** Options of the `getDownloadUrlForLayer` function: the client config plus the call's options. */
export type GetDownloadUrlForLayerOptions = EcrLayerClientConfig & RequestOptions;

/** Build the shortcut function for an entry point's client class. */
export function createShortcut(Client: new (config?: EcrLayerClientConfig) => EcrLayerClient) {
  let shared: EcrLayerClient | undefined;
  return async function getDownloadUrlForLayer(
    input: GetDownloadUrlForLayerInput,
    options: GetDownloadUrlForLayerOptions = {},
  ): Promise<GetDownloadUrlForLayerOutput> {
    const { abortSignal, requestTimeoutMs, ...config } = options ?? {};
    const request: RequestOptions = { abortSignal, requestTimeoutMs };
    if (Object.values(config).every((value) => value === undefined)) {
      shared ??= new Client();
      return shared.getDownloadUrlForLayer(input, request);
    }
    const client = new Client(config);
    try {
      return await client.getDownloadUrlForLayer(input, request);
    } finally {
      client.destroy();
    }
  };
}
