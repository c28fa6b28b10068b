#!/usr/bin/env node
// npm run bench (= npm run build && node bench/run.mjs [options]). See bench/README.md.
//
// Options (defaults in brackets):
//   --rounds N       per-call rounds; each round runs every contender in turn [5]
//   --calls N        sequential calls per contender per round [1500]
//   --warmup N       sequential warm-up calls, once per contender [3000]
//   --warmup-ms MS   warm-up at full concurrency, once per contender, before those [1500]
//                    (the sequential warm-up also stops after twice this time)
//   --rewarm-ms MS   sequential calls before each measured round [1000]
//   --duration MS    how long each concurrency run lasts [1000]
//   --concurrency N  [32]
//   --cold-runs N    cold starts per contender [10]
//   --floor MODE     presigned | unsigned: what the floors send [presigned]
//   --out FILE       also write the report (markdown) to FILE
//   --quick          1 round, 500 calls, 500 ms, 3 cold runs: a smoke test, not a result
import { writeFile } from "node:fs/promises";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

import { lineChild } from "./lib/child.mjs";
import { measureColdStarts, rssMethod } from "./lib/cold-start.mjs";
import { CONTENDERS, FLOOR, SDK } from "./lib/contenders.mjs";
import { othersCpu, othersCpuUsBetween } from "./lib/machine.mjs";
import { floorRequest } from "./lib/request.mjs";
import { fingerprint, snapshotDist } from "./lib/snapshot.mjs";
import { table, targets } from "./lib/report.mjs";
import { measureSizes } from "./lib/sizes.mjs";
import { median } from "./lib/stats.mjs";

const OURS = "ecr-layer-url";
const root = fileURLToPath(new URL("..", import.meta.url));
const started = performance.now();

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    calls: { type: "string", default: "1500" },
    warmup: { type: "string", default: "3000" },
    "warmup-ms": { type: "string", default: "1500" },
    "rewarm-ms": { type: "string", default: "1000" },
    duration: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "32" },
    "cold-runs": { type: "string", default: "10" },
    floor: { type: "string", default: "presigned" },
    out: { type: "string" },
    quick: { type: "boolean", default: false },
  },
});
const opt = {
  rounds: Number(args.quick ? 1 : args.rounds),
  calls: Number(args.quick ? 500 : args.calls),
  warmup: Number(args.quick ? 300 : args.warmup),
  warmupMs: Number(args.quick ? 300 : args["warmup-ms"]),
  rewarmMs: Number(args.quick ? 200 : args["rewarm-ms"]),
  durationMs: Number(args.quick ? 500 : args.duration),
  concurrency: Number(args.concurrency),
  coldRuns: Number(args.quick ? 3 : args["cold-runs"]),
  floor: args.floor,
};
if (!["presigned", "unsigned"].includes(opt.floor)) throw new Error(`--floor must be presigned or unsigned, not ${opt.floor}`);

const log = (line) => process.stderr.write(`${line}\n`);

// A clean environment for the children: no AWS_* settings that could steer a client.
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_")));

// ---------------------------------------------------------------------------------------
// The server, in a process of its own.

function startServer(testingModule) {
  const child = lineChild("the fake ECR server", [fileURLToPath(new URL("./lib/server.mjs", import.meta.url))], {
    cwd: root,
    env: { ...baseEnv, BENCH_TESTING_MODULE: testingModule },
    inheritStderr: true,
  });
  return {
    info: child.next(),
    stats: () => {
      child.send("stats");
      return child.next();
    },
    close: () => child.end(),
  };
}

// ---------------------------------------------------------------------------------------
// Per call: one measuring process per contender, warmed up once, kept for every round.

async function startWorker(name, target) {
  const config = {
    name,
    target,
    warmup: opt.warmup,
    warmupMs: opt.warmupMs,
    rewarmMs: opt.rewarmMs,
    calls: opt.calls,
    concurrency: opt.concurrency,
    durationMs: opt.durationMs,
  };
  const child = lineChild(`${name}'s measuring process`, ["--expose-gc", fileURLToPath(new URL("./lib/worker.mjs", import.meta.url)), JSON.stringify(config)], {
    cwd: root,
    env: baseEnv,
  });
  const ready = await child.next();
  return {
    warmupCalls: ready.warmupCalls,
    round: (floor) => {
      child.send({ round: true, ...(floor ? { floor } : {}) });
      return child.next();
    },
    close: () => child.end(),
  };
}

// ---------------------------------------------------------------------------------------

const snapshot = await snapshotDist(root);
const { signSigV4 } = await import(snapshot.testing);
const server = startServer(snapshot.testing);
const workers = new Map();
let failed = false;
try {
  const info = await server.info;
  // Floors get their request signed here, before their process starts and again before
  // each round (the fake accepts a signature for 5 minutes).
  const floorFor = (contender) => (contender.floor ? floorRequest(info, opt.floor, signSigV4) : undefined);
  const targetFor = (contender) => ({ ...info, oursModule: snapshot.node, floor: floorFor(contender) });
  const names = CONTENDERS.map((c) => c.name);
  log(`fake ECR at ${info.endpoint} (own process); layer ${info.layerDigest}`);

  log("bundle sizes ...");
  const sizes = await measureSizes(CONTENDERS);
  // Sizes and cold-start bundles are built from dist/ itself (bench/bundle.mjs resolves
  // the package), so check it is still the build the snapshot holds.
  const distAfterBundling = await fingerprint(`${root}/dist`).catch(() => "missing");

  log(`cold start: ${opt.coldRuns} runs per contender, interleaved ...`);
  const programEnv = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    BENCH_ENDPOINT: info.endpoint,
    BENCH_REPOSITORY: info.repositoryName,
    BENCH_DIGEST: info.layerDigest,
    BENCH_ACCESS_KEY_ID: info.credentials.accessKeyId,
    BENCH_SECRET_ACCESS_KEY: info.credentials.secretAccessKey,
  };
  const coldInputs = CONTENDERS.map((c) => {
    const built = sizes.get(c.name).coldStart;
    if (built.error) throw new Error(`${c.name}: cannot bundle ${c.program}: ${built.error}`);
    let env = programEnv;
    let expect = info.layerDigest;
    if (c.floor) {
      const { headers } = floorRequest(info, opt.floor, signSigV4);
      if (headers.authorization) env = { ...programEnv, BENCH_AMZ_DATE: headers["x-amz-date"], BENCH_AUTHORIZATION: headers.authorization };
      else expect = "400 MissingAuthenticationTokenException";
    }
    return { name: c.name, code: built.code, env, expect };
  });
  const cold = await measureColdStarts(coldInputs, { runs: opt.coldRuns });

  const perCall = new Map(names.map((n) => [n, []]));
  const phase0 = { others: othersCpu(), at: performance.now() };
  log(`per call: warming up each contender once (${opt.warmupMs} ms at c${opt.concurrency}, then up to ${opt.warmup} sequential calls) ...`);
  const warmupCalls = new Map();
  for (const contender of CONTENDERS) {
    const worker = await startWorker(contender.name, targetFor(contender));
    workers.set(contender.name, worker);
    warmupCalls.set(contender.name, worker.warmupCalls);
    log(`  ${contender.name.padEnd(20)} ${worker.warmupCalls} warm-up calls`);
  }
  log(`per call: ${opt.rounds} rounds x (${opt.calls} sequential calls + ${opt.durationMs} ms at c${opt.concurrency}) ...`);
  for (let round = 0; round < opt.rounds; round++) {
    for (let k = 0; k < CONTENDERS.length; k++) {
      const contender = CONTENDERS[(k + round) % CONTENDERS.length];
      const result = await workers.get(contender.name).round(floorFor(contender));
      perCall.get(contender.name).push(result);
      log(
        `  round ${round + 1} ${contender.name.padEnd(20)} cpu ${result.cpuPerCallUs.toFixed(0)} us/call, p50 ${result.p50Us.toFixed(0)} us, p99 ${result.p99Us.toFixed(0)} us, c${opt.concurrency} ${result.concurrentCallsPerSec.toFixed(0)}/s (cpu ${result.concurrentCpuPerCallUs.toFixed(0)} us/call)`,
      );
    }
  }
  await Promise.all([...workers.values()].map((w) => w.close()));
  workers.clear();
  const served = await server.stats();
  const phaseUs = (performance.now() - phase0.at) * 1000;
  const othersUs = othersCpuUsBetween(phase0.others, othersCpu());
  const loadNote =
    othersUs === null
      ? "other processes' CPU not measured (no /proc)"
      : `processes other than the bench's used ${(othersUs / phaseUs).toFixed(2)} CPU meanwhile${
          othersUs > 0.1 * phaseUs ? " (**WARNING: something else was running; the numbers are skewed**)" : ""
        }`;
  const spread = names.map((name) => {
    const rs = perCall.get(name);
    const range = (key, fmt) => {
      const xs = rs.map((r) => r[key]);
      return `${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))}`;
    };
    const n = (x) => Math.round(x).toLocaleString("en-US");
    return `  - ${name}: CPU ${range("cpuPerCallUs", n)} us/call, p50 ${range("p50Us", n)} us, p99 ${range("p99Us", n)} us, c${opt.concurrency} ${range("concurrentCallsPerSec", n)} calls/s (CPU ${range("concurrentCpuPerCallUs", n)} us/call)`;
  });

  const rows = new Map();
  for (const name of names) {
    const rounds = perCall.get(name);
    const s = sizes.get(name);
    const m = (key) => median(rounds.map((r) => r[key]));
    rows.set(name, {
      coldMs: cold.get(name).ms,
      rssMb: cold.get(name).rssMb,
      cpuUs: m("cpuPerCallUs"),
      p50Us: m("p50Us"),
      p99Us: m("p99Us"),
      callsPerSec: m("concurrentCallsPerSec"),
      browserGz: s.browser.gzip,
      browserGzNote: s.browser.error ? "n/a (Node only)" : undefined,
      nodeGz: s.node.gzip,
      nodeGzWhole: s.coldStart.gzip,
    });
  }

  const distAtEnd = await fingerprint(`${root}/dist`).catch(() => "missing");
  const distNote =
    distAfterBundling !== snapshot.fingerprint
      ? `WARNING: dist/ changed while the bundles were built (${snapshot.fingerprint} -> ${distAfterBundling}): sizes and cold start may be from another build than the per-call numbers.`
      : distAtEnd !== snapshot.fingerprint
        ? `dist/ was rebuilt during the run (now ${distAtEnd}); every number here is from build ${snapshot.fingerprint}, copied at the start.`
        : `build measured: dist/ ${snapshot.fingerprint} (copied at the start; unchanged throughout).`;
  const cpus = os.cpus();
  const when = new Date().toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
  const cli = process.argv.slice(2).join(" ");
  const check = targets(rows, OURS);
  const floorNote =
    opt.floor === "presigned"
      ? "Floors send the same POST (headers, body), signed by the bench beforehand (again before each round) and replayed: the server does the same work as for a signed client and answers 200; the floor does no signing."
      : "Floors send the same POST without x-amz-date / authorization; the server answers 400 MissingAuthenticationTokenException (cheaper for it than a 200).";
  const report = [
    `## ecr-layer-url benchmark`,
    ``,
    `${when}; node ${process.version}; ${os.platform()} ${os.arch()}, ${cpus.length} CPU (${cpus[0]?.model ?? "?"}); \`npm run bench${cli ? ` -- ${cli}` : ""}\` (npm run build && node bench/run.mjs${cli ? ` ${cli}` : ""}).`,
    `Ratios: "x SDK" to ${SDK}, "x floor" to ${FLOOR}. Lower is better, except calls/s.`,
    ``,
    table(names, rows),
    ``,
    `Targets for ${OURS} (${check.passed}/${check.total} pass):`,
    ``,
    check.text,
    ``,
    `Notes:`,
    ``,
    `- ${distNote}`,
    `- per call: one measuring process per contender, kept for the whole phase and warmed up once (${opt.warmupMs} ms at c${opt.concurrency}, then up to ${opt.warmup} sequential calls: ${names.map((n) => warmupCalls.get(n).toLocaleString("en-US")).join(" / ")} calls in all). Then ${opt.rounds} rounds, each running every contender in turn (order rotated): 200 ms at c${opt.concurrency} and ${opt.rewarmMs} ms of sequential calls to re-warm, ${opt.calls} sequential calls (CPU = process.cpuUsage() of the measuring process / calls; p50, p99 of per-call latency), then ${opt.durationMs} ms at concurrency ${opt.concurrency} (calls/s). Table: median over rounds.`,
    `- per-call phase took ${(phaseUs / 1e6).toFixed(0)} s; ${loadNote}. Range over rounds (min-max):`,
    ...spread,
    `- ${SDK}: its defaults (NodeHttpHandler, keep-alive, maxSockets 50). aws4fetch: AwsClient.fetch over global fetch. ${FLOOR}: http.Agent({ keepAlive: true }).`,
    `- fake ECR in its own process on loopback, SigV4 verified on every call. Server answers: ${Object.entries(served.statuses)
      .map(([status, n]) => `${status} x ${n}`)
      .join(", ")}. ${floorNote}`,
    `- cold start: median of ${opt.coldRuns} runs of \`node bundle.cjs\` (after 1 unrecorded run each), spawn to exit, interleaved; peak RSS by ${rssMethod()}. Bundled with esbuild: ${CONTENDERS.map((c) => `${c.name} ${c.bundledAs}`).join("; ")}.`,
    `- sizes: esbuild --bundle --minify, gzip -9, of bench/programs/<name>.mjs (import, explicit credentials, one call); browser = --platform=browser, node = --platform=node --external:@aws-sdk/* (so the SDK's node bundle is only the program; "whole" is the SDK bundled in, as the cold start runs it).`,
    `- measured here earlier: SDK 137 ms cold start, 681 us CPU/call, 2,600 calls/s at c32; node:http floor 68 ms, 138 us, 14,000 calls/s.`,
    `- bench time: ${((performance.now() - started) / 1000).toFixed(0)} s (without the build).`,
  ].join("\n");

  console.log(report);
  if (args.out) {
    await writeFile(args.out, `${report}\n`);
    log(`written to ${args.out}`);
  }
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await Promise.all([...workers.values()].map((w) => w.close().catch(() => {})));
  await server.close();
  await snapshot.cleanup();
}
process.exitCode = failed ? 1 : 0;
