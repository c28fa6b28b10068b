/**
 * SHA-256 and HMAC-SHA256 for the signer, from WebCrypto (`crypto.subtle`): native in
 * browsers, Cloudflare Workers, Deno, Bun and Node, so no hash ships in the bundle (a
 * pure-JS SHA-256 with its helpers is about 2 kB gzipped).
 */
import { EcrConfigError } from "../errors.js";
import type { Checksum, SourceData } from "../runtime.js";

function subtle(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    // Browsers hide crypto.subtle outside secure contexts.
    throw new EcrConfigError("WebCrypto (crypto.subtle) is missing, and SigV4 needs it: in a browser, serve the page over https or from localhost");
  }
  return subtle;
}

/** A smithy-style `Checksum`: SHA-256, or HMAC-SHA256 when constructed with a secret. */
export class WebSha256 implements Checksum {
  readonly #secret?: SourceData;
  #parts: SourceData[] = [];

  constructor(secret?: SourceData) {
    this.#secret = secret;
  }

  update(data: SourceData): void {
    this.#parts.push(data);
  }

  async digest(): Promise<Uint8Array> {
    const crypto = subtle();
    // A Blob joins strings (as UTF-8) and bytes into one fresh buffer, as WebCrypto wants.
    const data = await new Blob(this.#parts as BlobPart[]).arrayBuffer();
    if (this.#secret === undefined) return new Uint8Array(await crypto.digest("SHA-256", data));
    const secret = await new Blob([this.#secret as BlobPart]).arrayBuffer();
    const key = await crypto.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return new Uint8Array(await crypto.sign("HMAC", key, data));
  }

  reset(): void {
    this.#parts = [];
  }
}
