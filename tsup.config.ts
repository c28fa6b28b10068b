import { readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { build, defineConfig } from "tsup";
import type { Options } from "tsup";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

const ENTRIES = { index: "src/index.ts", node: "src/node.ts", "testing/index": "src/testing/index.ts" };

/**
 * Delete chunks no entry reaches. esbuild splits out a chunk for every dynamic import
 * target a dependency imports lazily (as @smithy/core did), and the tree-shaking pass
 * that follows drops the import but not the file: 37 kB of dead code in the package.
 */
function pruneUnreachableChunks(): void {
  // Forward slashes throughout, as in import specifiers (readdirSync gives backslashes on Windows).
  const files = readdirSync("dist", { recursive: true, encoding: "utf8" })
    .map((f) => f.replaceAll("\\", "/"))
    .filter((f) => /\.c?js$/.test(f));
  const reached = new Set<string>();
  const visit = (file: string): void => {
    if (reached.has(file)) return;
    reached.add(file);
    const code = readFileSync(join("dist", file), "utf8");
    for (const [, specifier] of code.matchAll(/(?:from\s*|import\(\s*|require\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
      visit(relative("dist", join("dist", dirname(file), specifier!)).replaceAll("\\", "/"));
    }
  };
  for (const entry of Object.keys(ENTRIES)) for (const ext of [".js", ".cjs"]) visit(entry + ext);
  for (const file of files) if (!reached.has(file)) rmSync(join("dist", file));
}

/** What both builds share. */
const shared: Options = {
  target: "es2022",
  // The version goes into the User-Agent; injected so no JSON import ships.
  define: { __VERSION__: JSON.stringify(version) },
  // Browser variants first: they use TextEncoder, not Buffer, so the same bundled code
  // serves every entry.
  esbuildOptions(options) {
    options.mainFields = ["browser", "module", "main"];
    options.conditions = ["browser", "module", "import"];
  },
  // Keep `node:` specifiers: they say plainly which imports are Node built-ins.
  removeNodeProtocol: false,
};

/**
 * The CLI, one ES module with the library bundled in: nothing of it is reachable from the
 * library's entries, and one file starts fastest. Built after the library, whose clean and
 * chunk pruning would otherwise race with it.
 */
const cli: Options = {
  ...shared,
  entry: { cli: "src/cli/bin.ts" },
  format: ["esm"],
  dts: false,
  clean: false,
  splitting: false,
  treeshake: { preset: "smallest" },
  // Minified: half the bytes to install and to parse at every start.
  minify: true,
  banner: { js: "#!/usr/bin/env node" },
  config: false,
};

export default defineConfig({
  ...shared,
  entry: ENTRIES,
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  splitting: true,
  // Rollup's "smallest" preset takes modules to have no side effects, as we declare
  // (`"sideEffects": false`). With the default, two of @smithy/core's unused table builds
  // kept a bare `import "./chunk.js"` in each entry, which every user's bundler warns about.
  treeshake: { preset: "smallest" },
  onSuccess: async () => {
    pruneUnreachableChunks();
    await build(cli);
  },
});
