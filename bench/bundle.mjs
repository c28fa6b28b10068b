// Bundle size as a user would measure it: esbuild with its defaults for the platform,
// minified, then gzip -9. Shared by `npm run bench` and the size-budget test.
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * @param {string} entry path of the program, relative to the project root
 * @param {{ platform: "browser" | "node", external?: string[], conditions?: string[] }} options
 * @returns {Promise<{ code: string, minified: number, gzip: number, inputs: string[], warnings: string[] }>}
 */
export async function bundle(entry, { platform, external = [], conditions } = {}) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    minify: true,
    platform,
    external,
    ...(conditions ? { conditions } : {}),
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].text;
  return {
    code,
    minified: Buffer.byteLength(code),
    gzip: gzipSync(code, { level: 9 }).length,
    inputs: Object.keys(result.metafile.inputs),
    warnings: result.warnings.map((w) => w.text),
  };
}

/** The two bundles the README's budgets are about (Lambda's runtime provides `@aws-sdk/*`). */
export const TARGETS = {
  browser: { platform: "browser" },
  node: { platform: "node", external: ["@aws-sdk/*"] },
};
