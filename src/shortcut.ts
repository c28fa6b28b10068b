/**
 * `getDownloadUrlForLayer(input, options)` without a client: calls reuse a cached client
 * per distinct config, so credentials are resolved and connections opened once, not per call.
 */
import type { EcrLayerClient, EcrLayerClientConfig, GetDownloadUrlForLayerOutput, RequestOptions } from "./client.js";
import type { GetDownloadUrlForLayerInput } from "./operation.js";

/** Options of the `getDownloadUrlForLayer` function: the client config plus the call's options. */
export type GetDownloadUrlForLayerOptions = EcrLayerClientConfig & RequestOptions;

const REQUEST_KEYS = new Set(["abortSignal", "requestTimeoutMs"]);
/** Enough for the handful of configs a program uses; past that the oldest is closed. */
const MAX_CLIENTS = 16;

/** Build the shortcut function for an entry point's client class. */
export function createShortcut(Client: new (config?: EcrLayerClientConfig) => EcrLayerClient) {
  const clients = new Map<string, EcrLayerClient>();
  const ids = new WeakMap<object, number>();
  let nextId = 0;
  // Objects and functions (credentials, logger, handler) are keyed by identity, not content.
  const keyOf = (config: Record<string, unknown>): string =>
    Object.keys(config)
      .filter((key) => config[key] !== undefined)
      .sort()
      .map((key) => {
        const value = config[key];
        if ((typeof value === "object" && value !== null) || typeof value === "function") {
          if (value instanceof URL) return `${key}=${value.href}`;
          if (!ids.has(value)) ids.set(value, ++nextId);
          return `${key}=#${ids.get(value)}`;
        }
        return `${key}=${JSON.stringify(value)}`;
      })
      .join("&");

  return function getDownloadUrlForLayer(input: GetDownloadUrlForLayerInput, options: GetDownloadUrlForLayerOptions = {}): Promise<GetDownloadUrlForLayerOutput> {
    const config: Record<string, unknown> = {};
    const request: RequestOptions = {};
    for (const [key, value] of Object.entries(options ?? {})) {
      if (REQUEST_KEYS.has(key)) (request as Record<string, unknown>)[key] = value;
      else config[key] = value;
    }
    const key = keyOf(config);
    let client = clients.get(key);
    if (client) clients.delete(key); // re-inserted below: most recently used last
    else client = new Client(config as EcrLayerClientConfig);
    clients.set(key, client);
    if (clients.size > MAX_CLIENTS) {
      const [oldestKey, oldest] = clients.entries().next().value as [string, EcrLayerClient];
      clients.delete(oldestKey);
      oldest.destroy();
    }
    return client.getDownloadUrlForLayer(input, request);
  };
}
