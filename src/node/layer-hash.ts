/** Verifying downloads in Node: `node:crypto`, native speed (SHA-NI where the CPU has it). */
import { createHash } from "node:crypto";
import type { HasherFactory } from "../digest.js";

export const nodeLayerHasher: HasherFactory = (algorithm) => {
  const hash = createHash(algorithm);
  return { update: (chunk) => void hash.update(chunk), hex: () => hash.digest("hex") };
};
