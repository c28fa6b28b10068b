/**
 * `download-layer`: the library's verified download, to a file (renamed into place only
 * once verified) or to stdout or a device, with a progress line on stderr when stderr is a
 * terminal.
 */
import { createWriteStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import type { DownloadProgress, EcrLayerClient, GetDownloadUrlForLayerInput } from "../node.js";
import { EXIT } from "./failure.js";
import { write } from "./pager.js";
import { printResult } from "./print.js";
import type { Query } from "./print.js";
import type { Settings } from "./settings.js";

/** What `download-layer` needs besides its parameters. */
export interface CallContext {
  client: EcrLayerClient;
  settings: Settings;
  query?: Query;
  signal: AbortSignal;
}

const MiB = 1024 * 1024;

/** A progress line redrawn in place at most ten times a second; `done()` ends it. */
function progressLine(digest: string): { update(progress: DownloadProgress): void; done(): void } | undefined {
  if (!process.stderr.isTTY) return undefined;
  const short = digest.length > 19 ? `${digest.slice(0, 19)}…` : digest;
  let last = 0;
  let drawn = false;
  const draw = ({ bytes, total }: DownloadProgress) => {
    const size = total === undefined ? `${(bytes / MiB).toFixed(1)} MiB` : `${(bytes / MiB).toFixed(1)} / ${(total / MiB).toFixed(1)} MiB (${Math.floor((100 * bytes) / Math.max(total, 1))}%)`;
    process.stderr.write(`\r\x1b[KDownloading ${short} ${size}`);
    drawn = true;
  };
  return {
    update(progress) {
      const now = Date.now();
      if (now - last < 100 && progress.bytes !== progress.total) return;
      last = now;
      draw(progress);
    },
    done() {
      if (drawn) process.stderr.write("\n");
      drawn = false;
    },
  };
}

/**
 * Where the bytes go: stdout for `-`; a device, FIFO or other non-file (a symlink to
 * `/dev/stdout`, say) written straight through, since it cannot be renamed into place;
 * otherwise a file, through a symlink to where it points, renamed into place once verified.
 */
async function destination(target: string): Promise<{ stream?: NodeJS.WritableStream; path: string }> {
  if (target === "-") return { stream: process.stdout, path: "-" };
  let isFile: boolean;
  try {
    isFile = (await stat(target)).isFile(); // through symlinks
  } catch {
    return { path: target }; // a new file
  }
  if (!isFile) return { stream: createWriteStream(target, { flags: "w" }).on("error", () => {}), path: target };
  return { path: await realpath(target) };
}

export async function downloadLayerCommand(params: GetDownloadUrlForLayerInput, target: string, context: CallContext): Promise<number> {
  const progress = progressLine(params.layerDigest);
  const onProgress = progress ? (p: DownloadProgress) => progress.update(p) : undefined;
  try {
    const to = await destination(target);
    if (to.stream) {
      const { body } = await context.client.downloadLayer(params, { abortSignal: context.signal, onProgress });
      // Verified as it streams: a mismatch errors the stream at its end, after the bytes.
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) await write(to.stream, chunk);
      // Nothing is printed: the device may well be our own stdout.
      if (to.stream !== process.stdout) await new Promise<void>((resolve, reject) => to.stream!.end((error?: Error | null) => (error ? reject(error) : resolve())));
      return EXIT.ok;
    }
    const result = await context.client.downloadLayerToFile(params, to.path, { abortSignal: context.signal, onProgress });
    progress?.done();
    await printResult({ layerDigest: result.layerDigest, size: result.size, outputFile: target }, context.query, context.settings, "DownloadLayer");
    return EXIT.ok;
  } finally {
    progress?.done();
  }
}
