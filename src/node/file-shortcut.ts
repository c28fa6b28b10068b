/**
 * The `downloadLayerToFile` function of the Node entry: the other shortcuts are in
 * `shortcut.ts`, which stays free of Node built-ins; this one writes files.
 */
import type { LayerUrlClient } from "../client.js";
import type { HasherFactory } from "../digest.js";
import type { GetDownloadUrlForLayerInput } from "../operation.js";
import { clientFor } from "../shortcut.js";
import type { ClientClass } from "../shortcut.js";
import { downloadLayerToFile } from "./download-to-file.js";
import type { DownloadLayerToFileFunctionOptions, DownloadLayerToFileOutput } from "./download-to-file.js";

/** Build the `downloadLayerToFile` function for the Node entry. */
export function createFileShortcut(Client: ClientClass, shared: () => LayerUrlClient, hashers: HasherFactory) {
  return async function downloadLayerToFileFunction(
    input: GetDownloadUrlForLayerInput,
    path: string,
    options?: DownloadLayerToFileFunctionOptions,
  ): Promise<DownloadLayerToFileOutput> {
    // async: a bad client option rejects, like every other failure, rather than throwing.
    const { client, call, done } = clientFor(Client, shared, options, ["abortSignal", "requestTimeoutMs", "onProgress", "expectedSize", "fsync"]);
    return downloadLayerToFile(client, hashers, input, path, call, done);
  };
}
