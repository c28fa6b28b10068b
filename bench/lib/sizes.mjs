// Bundle sizes (esbuild minified, gzip -9) of each contender's one-call program, for the
// browser and for Node with @aws-sdk/* external (bench/bundle.mjs's TARGETS), plus the
// bundle the cold start runs (for the SDK: bundled whole).
import { bundle, TARGETS } from "../bundle.mjs";

async function tryBundle(entry, options) {
  try {
    return await bundle(entry, options);
  } catch (error) {
    return { error: String(error?.message ?? error).split("\n")[0] };
  }
}

/** @returns {Promise<Map<string, { browser, node, coldStart }>>} each a bundle() result or { error } */
export async function measureSizes(contenders) {
  const out = new Map();
  for (const contender of contenders) {
    const [browser, node, coldStart] = await Promise.all([
      tryBundle(contender.program, TARGETS.browser),
      tryBundle(contender.program, TARGETS.node),
      tryBundle(contender.program, contender.coldStart),
    ]);
    out.set(contender.name, { browser, node, coldStart });
  }
  return out;
}
