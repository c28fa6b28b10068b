/**
 * `downloadLayerToFile` (Node): the verified download, written to a temporary file beside
 * the target and renamed over it only once every byte has matched the digest. Readers of
 * `path` see the old file or the whole new one, never a part; a failed download leaves no
 * temporary file behind.
 */
import { randomBytes } from "node:crypto";
import { open, rename, unlink } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { LayerUrlClient } from "../client.js";
import type { EcrLayerClientConfig } from "../config.js";
import type { HasherFactory } from "../digest.js";
import { startDownload } from "../download.js";
import type { DownloadLayerOptions } from "../download-options.js";
import type { LayerDownload } from "../layer-download.js";
import { EcrInputError } from "../errors.js";
import type { GetDownloadUrlForLayerInput } from "../operation.js";

/** Options of `downloadLayerToFile`: those of `downloadLayer`, and `fsync`. */
export interface DownloadLayerToFileOptions extends DownloadLayerOptions {
  /**
   * Flush the file to disk before renaming it into place, so that after a power loss
   * `path` holds the whole layer or its old content. Default false (slower by the disk's
   * write time; without it the rename is atomic for other processes, not across a crash).
   */
  fsync?: boolean;
}

/** Options of the `downloadLayerToFile` function: the client config plus the download's options. */
export type DownloadLayerToFileFunctionOptions = EcrLayerClientConfig & DownloadLayerToFileOptions;

/** A finished download. */
export interface DownloadLayerToFileOutput {
  /** The path written, as given. */
  path: string;
  /** Bytes written. */
  size: number;
  /** The digest the bytes matched. */
  layerDigest: string;
}

/** While one write is on the disk, chunks queue up to this many bytes; then the download waits. */
const MAX_QUEUED_BYTES = 4_194_304; // 4 MiB, as a literal: an expression would survive tree-shaking in bundles

async function writeAll(file: FileHandle, chunks: Uint8Array[]): Promise<void> {
  while (chunks.length > 0) {
    let { bytesWritten } = await file.writev(chunks);
    // A short write (rare for regular files): drop what went out, and write the rest.
    while (chunks.length > 0 && bytesWritten >= chunks[0]!.byteLength) bytesWritten -= chunks.shift()!.byteLength;
    if (chunks.length > 0 && bytesWritten > 0) chunks[0] = chunks[0]!.subarray(bytesWritten);
  }
}

/**
 * Writes chunks in order, with one `writev` on the disk at a time gathering everything
 * that arrived meanwhile: the disk and the network overlap, and a fast download costs a
 * few large writes rather than one per 64 kB chunk.
 */
class FileWriter {
  readonly #file: FileHandle;
  #queue: Uint8Array[] = [];
  #queued = 0;
  #writing?: Promise<void>;
  #failure?: { error: unknown };

  constructor(file: FileHandle) {
    this.#file = file;
  }

  /** Queue a chunk; resolves at once unless too much is queued. Rejects once a write has failed. */
  async write(chunk: Uint8Array): Promise<void> {
    if (this.#failure) throw this.#failure.error;
    this.#queue.push(chunk);
    this.#queued += chunk.byteLength;
    this.#writing ??= this.#drain();
    if (this.#queued >= MAX_QUEUED_BYTES) await this.#writing;
  }

  /** Everything queued is on the file (or the first failure is thrown). */
  async flush(): Promise<void> {
    while (this.#writing) await this.#writing;
    if (this.#failure) throw this.#failure.error;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue;
        this.#queue = [];
        this.#queued = 0;
        await writeAll(this.#file, batch);
      }
    } catch (error) {
      this.#failure = { error };
    } finally {
      this.#writing = undefined;
    }
  }
}

/** Download to `path` through a temporary file; see `EcrLayerClient.downloadLayerToFile`. */
export async function downloadLayerToFile(
  client: LayerUrlClient,
  hashers: HasherFactory,
  input: GetDownloadUrlForLayerInput,
  path: string,
  options: DownloadLayerToFileOptions = {},
  onSettled?: () => void,
): Promise<DownloadLayerToFileOutput> {
  if (typeof path !== "string" || path === "") {
    onSettled?.();
    throw new EcrInputError("path", `path must be a non-empty string, got ${path === "" ? '""' : typeof path}`);
  }
  // Beside the target, so the rename stays on one file system; hidden, and named for what it is.
  // A long name is shortened in the temporary one, which must fit the same 255-byte limit.
  let name = basename(path);
  while (Buffer.byteLength(name) > 200) name = name.slice(0, -1);
  const temp = join(dirname(path), `.${name}.${randomBytes(6).toString("hex")}.partial`);
  let file: FileHandle | undefined;
  let download: LayerDownload | undefined;
  let started = false;
  try {
    // Before any request: an unwritable directory fails at once, with nothing sent.
    file = await open(temp, "wx");
    const { fsync, ...downloadOptions } = options ?? {};
    started = true; // from here on, the download settles itself (and calls onSettled)
    download = await startDownload(client, hashers, input, downloadOptions, onSettled);
    const writer = new FileWriter(file);
    for (let chunk = await download.next(); chunk !== undefined; chunk = await download.next()) await writer.write(chunk);
    await writer.flush();
    if (fsync === true) await file.sync();
    await file.close();
    file = undefined;
    await rename(temp, path);
    return { path, size: download.bytes, layerDigest: download.layerDigest };
  } catch (error) {
    download?.cancel(error);
    if (!started) onSettled?.();
    await file?.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw error;
  }
}
