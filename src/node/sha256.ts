/**
 * SHA-256 and HMAC-SHA256 for the signer, from `node:crypto`: synchronous (WebCrypto's
 * are asynchronous, a round trip to a thread pool each), and in every Node process.
 */
import { createHash, createHmac } from "node:crypto";
import type { Hash, Hmac } from "node:crypto";
import type { Checksum, SourceData } from "../runtime.js";

function toBuffer(data: SourceData): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** A smithy `Checksum`: SHA-256, or HMAC-SHA256 when constructed with a secret. */
export class NodeSha256 implements Checksum {
  readonly #secret?: Buffer;
  #hash!: Hash | Hmac;

  constructor(secret?: SourceData) {
    if (secret !== undefined) this.#secret = toBuffer(secret);
    this.reset();
  }

  update(data: SourceData): void {
    this.#hash.update(toBuffer(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }

  reset(): void {
    this.#hash = this.#secret ? createHmac("sha256", this.#secret) : createHash("sha256");
  }
}
