// Who is compared, in table order, and how each one's one-call program is bundled.
import { TARGETS } from "../bundle.mjs";

export const SDK = "@aws-sdk/client-ecr";
export const FLOOR = "node:http (floor)";

/**
 * name: the key in lib/clients.mjs; program: the one-call program (cold start and sizes);
 * coldStart: the esbuild options of the bundle the cold start runs; bundledAs: said in
 * the table notes; floor: sends a request it did not sign itself.
 */
export const CONTENDERS = [
  { name: "ecr-layer-url", program: "bench/programs/ecr-layer-url.mjs", coldStart: TARGETS.node, bundledAs: "--platform=node --external:@aws-sdk/* (never loaded: credentials are explicit)" },
  { name: SDK, program: "bench/programs/sdk.mjs", coldStart: { platform: "node" }, bundledAs: "--platform=node, SDK bundled whole" },
  { name: "aws4fetch", program: "bench/programs/aws4fetch.mjs", coldStart: TARGETS.node, bundledAs: "--platform=node" },
  { name: "fetch (floor)", program: "bench/programs/fetch.mjs", coldStart: TARGETS.node, bundledAs: "--platform=node", floor: true },
  { name: FLOOR, program: "bench/programs/node-http.mjs", coldStart: TARGETS.node, bundledAs: "--platform=node", floor: true },
];
