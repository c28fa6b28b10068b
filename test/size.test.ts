/**
 * Size budgets, measured as a user would: esbuild with its defaults for the platform,
 * minified, gzip -9, for a program that imports `getDownloadUrlForLayer`, passes explicit
 * credentials and makes one call (bench/programs/ecr-layer-url.mjs). Runs on the built
 * `dist/` through the package's own `exports`, as an installed copy would resolve.
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain JS shared with the benchmark, no types.
import { bundle, TARGETS } from "../bench/bundle.mjs";

const PROGRAM = "bench/programs/ecr-layer-url.mjs";
/** Bytes, gzipped. The README's "Size and speed" section quotes these and the measured sizes. */
const BUDGET = { browser: 11_000, node: 15_000 } as const;

type Bundle = { code: string; minified: number; gzip: number; inputs: string[]; warnings: string[] };

describe.each(Object.keys(BUDGET) as Array<keyof typeof BUDGET>)("the %s bundle", (target) => {
  let result: Bundle;

  it(`is at most ${BUDGET[target]} bytes gzipped`, async () => {
    result = (await bundle(PROGRAM, TARGETS[target])) as Bundle;
    process.stdout.write(`size: ${target} bundle ${result.minified} B minified, ${result.gzip} B gzipped (budget ${BUDGET[target]})\n`);
    expect(result.gzip).toBeLessThanOrEqual(BUDGET[target]);
  });

  it("bundles without a warning", () => {
    // e.g. "Ignoring this import because ... was marked as having no side effects".
    expect(result.warnings).toEqual([]);
  });

  it("holds the right entry and no dependency's CommonJS build", () => {
    expect(result.inputs).toContain(target === "browser" ? "dist/index.js" : "dist/node.js");
    expect(result.inputs).not.toContain(target === "browser" ? "dist/node.js" : "dist/index.js");
    // Every dependency part is already inside dist/: nothing is pulled from node_modules.
    expect(result.inputs.filter((input) => input.includes("node_modules"))).toEqual([]);
  });

  it("loads the credential chain only where it can, and never bundles it", () => {
    expect(result.code).not.toMatch(/credential-provider-(ini|sso|process|imds|web-identity)|fromIni|fromSSO/);
    if (target === "browser") {
      expect(result.code).not.toMatch(/["']node:|credential-provider-node/);
    } else {
      // Kept as a lazy import for Lambda's runtime to provide; only called without explicit credentials.
      expect(result.code).toMatch(/import\(["']@aws-sdk\/credential-provider-node["']\)/);
    }
  });
});
