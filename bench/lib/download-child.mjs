// One download, in a fresh process (spawned by run.mjs for every run of the download
// phase). argv[2] is JSON: { name, path, target: { endpoint, region, credentials,
// repositoryName, layerDigest, size, oursModule, downloadUrl } }. Sets the contender up
// (imports, client), then times one download of the layer to `path`, and prints one JSON
// line: { ms, cpuUs, userUs, systemUs, size?, layerDigest? } and exits.
//   ms     from just before the call (downloadLayerToFile / fetch / http.get) to the file
//          being complete (the promise resolving / the pipeline ending);
//   cpuUs  process.cpuUsage() of this process over the same span (every thread: the
//          libuv pool's file writes included).
import { createWriteStream } from "node:fs";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

const { name, path, target } = JSON.parse(process.argv[2]);

const SETUPS = {
  async "ecr-layer-url"() {
    // The bench's snapshot of dist/node.js (what "ecr-layer-url" resolves to in Node).
    const { EcrLayerClient } = await import(target.oursModule ?? "ecr-layer-url");
    // urlCache off, as in the per-call phase (a fresh process has an empty cache anyway):
    // the timed span includes the GetDownloadUrlForLayer call.
    const client = new EcrLayerClient({ region: target.region, endpoint: target.endpoint, credentials: target.credentials, urlCache: false });
    const input = { repositoryName: target.repositoryName, layerDigest: target.layerDigest };
    return {
      run: () => client.downloadLayerToFile(input, path),
      check: (out) => {
        if (out?.size !== target.size) throw new Error(`downloadLayerToFile reported ${out?.size} bytes, expected ${target.size}`);
        if (out.layerDigest !== target.layerDigest) throw new Error(`downloadLayerToFile reported digest ${out.layerDigest}`);
        return { size: out.size, layerDigest: out.layerDigest };
      },
      close: () => client.destroy(),
    };
  },

  async "fetch pipe (floor)"() {
    // Node loads fetch's implementation (undici) on the first call; load it now, with a
    // data: URL (no request to the server), as ours is imported before its timed span.
    await (await fetch("data:,")).arrayBuffer();
    const url = target.downloadUrl;
    return {
      run: async () => {
        const res = await fetch(url);
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
        await pipeline(Readable.fromWeb(res.body), createWriteStream(path));
      },
      check: () => ({}),
      close: () => {},
    };
  },

  async "node:http pipe (floor)"() {
    const url = target.downloadUrl;
    return {
      run: () =>
        new Promise((resolve, reject) => {
          const req = http.get(url, (res) => {
            if (res.statusCode !== 200) {
              res.resume();
              reject(new Error(`HTTP ${res.statusCode}`));
              return;
            }
            pipeline(res, createWriteStream(path)).then(resolve, reject);
          });
          req.on("error", reject);
        }),
      check: () => ({}),
      close: () => {},
    };
  },
};

const setup = SETUPS[name];
if (!setup) throw new Error(`unknown download contender ${name}`);
const contender = await setup();

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const out = await contender.run();
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);

const checked = contender.check(out);
await contender.close();
process.stdout.write(`${JSON.stringify({ ms, cpuUs: cpu.user + cpu.system, userUs: cpu.user, systemUs: cpu.system, ...checked })}\n`);
// Idle keep-alive sockets (fetch's pool, the client's agent) must not hold the process.
process.exit(0);
