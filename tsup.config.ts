import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

export default defineConfig({
  entry: { index: "src/index.ts", node: "src/node.ts", "testing/index": "src/testing/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "es2022",
  // The version goes into the User-Agent; injected so no JSON import ships.
  define: { __VERSION__: JSON.stringify(version) },
  // Dependencies stay imports, so a user's bundler dedupes them with their own copies.
  splitting: true,
  treeshake: true,
  // Keep `node:` specifiers: they say plainly which imports are Node built-ins.
  removeNodeProtocol: false,
});
