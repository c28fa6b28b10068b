/** Verifying downloads outside Node: the pure-JS SHA-2, fed as the bytes stream by. */
import { toHex } from "../digest.js";
import type { HasherFactory } from "../digest.js";
import { Sha256, Sha512 } from "./sha2.js";

export const webLayerHasher: HasherFactory = (algorithm) => {
  const hash = algorithm === "sha512" ? new Sha512() : new Sha256();
  return { update: (chunk) => hash.update(chunk), hex: () => toHex(hash.digest()) };
};
