/**
 * Layer digests as OCI writes them (`algorithm:hex`), and the incremental hash that
 * checks a download against one. Which hash runs is the entry's choice: `node:crypto`
 * in Node, a pure-JS SHA-2 elsewhere (WebCrypto cannot hash a stream piece by piece).
 */
import { EcrInputError } from "./errors.js";

/** The digest algorithms a download can be verified with, and their hex lengths. */
const HEX_LENGTH = { sha256: 64, sha512: 128 } as const;

export type DigestAlgorithm = keyof typeof HEX_LENGTH;

/** A hash fed chunk by chunk, read once as lower-case hex. */
export interface LayerHasher {
  update(chunk: Uint8Array): void;
  hex(): string;
}

/** Makes a {@link LayerHasher}; each entry point supplies its own. */
export type HasherFactory = (algorithm: DigestAlgorithm) => LayerHasher;

/**
 * Split a layer digest into the algorithm and the lower-case hex, or throw
 * {@link EcrInputError} when it is not one a download can be checked against.
 */
export function parseLayerDigest(digest: string): { algorithm: DigestAlgorithm; hex: string } {
  const colon = digest.indexOf(":");
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  if (!Object.prototype.hasOwnProperty.call(HEX_LENGTH, algorithm)) {
    throw new EcrInputError("layerDigest", `layerDigest ${JSON.stringify(digest.slice(0, 80))} uses the algorithm ${JSON.stringify(algorithm)}: a download can only be verified for sha256 and sha512`);
  }
  const length = HEX_LENGTH[algorithm as DigestAlgorithm];
  if (hex.length !== length) {
    throw new EcrInputError("layerDigest", `layerDigest ${JSON.stringify(digest.slice(0, 80))} must have ${length} hex digits after "${algorithm}:", got ${hex.length}`);
  }
  return { algorithm: algorithm as DigestAlgorithm, hex: hex.toLowerCase() };
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += (byte < 16 ? "0" : "") + byte.toString(16);
  return out;
}
