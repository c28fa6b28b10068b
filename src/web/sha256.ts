/**
 * SHA-256 and HMAC-SHA256 for the signer, from WebCrypto (`crypto.subtle`): native in
 * browsers, Cloudflare Workers, Deno, Bun and Node, so no hash ships in the bundle (a
 * pure-JS SHA-256 with its helpers is about 2 kB gzipped).
 */
import { EcrConfigError } from "../errors.js";
import type { Checksum, SourceData } from "../runtime.js";

const encoder = /* @__PURE__ */ new TextEncoder();

function subtle(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    // Browsers hide crypto.subtle outside secure contexts.
    throw new EcrConfigError("WebCrypto (crypto.subtle) is not available, and SigV4 needs SHA-256: in a browser, serve the page over https (or from localhost)");
  }
  return subtle;
}

/** A copy: WebCrypto wants bytes that no caller can change while it works. */
function bytes(data: SourceData): Uint8Array<ArrayBuffer> {
  if (typeof data === "string") return encoder.encode(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  return new Uint8Array(data).slice();
}

/** A smithy-style `Checksum`: SHA-256, or HMAC-SHA256 when constructed with a secret. */
export class WebSha256 implements Checksum {
  readonly #secret?: Uint8Array<ArrayBuffer>;
  #chunks: Uint8Array<ArrayBuffer>[] = [];

  constructor(secret?: SourceData) {
    if (secret !== undefined) this.#secret = bytes(secret);
  }

  update(data: SourceData): void {
    this.#chunks.push(bytes(data));
  }

  async digest(): Promise<Uint8Array> {
    const chunks = this.#chunks;
    let data = chunks[0] ?? new Uint8Array(0);
    if (chunks.length > 1) {
      data = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
      let offset = 0;
      for (const chunk of chunks) data.set(chunk, (offset += chunk.byteLength) - chunk.byteLength);
    }
    const crypto = subtle();
    if (!this.#secret) return new Uint8Array(await crypto.digest("SHA-256", data));
    const key = await crypto.importKey("raw", this.#secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return new Uint8Array(await crypto.sign("HMAC", key, data));
  }

  reset(): void {
    this.#chunks = [];
  }
}
