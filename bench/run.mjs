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
//   --download-mib N     the download phase's layer, in MiB [512]
//   --download-rounds N  download rounds; each runs every download contender once (after one unrecorded warm-up round) [5]
//   --no-download        skip the download phase
//   --cli-rounds N       CLI start-up runs per command per CLI (after one unrecorded warm-up run each) [10]
//   --no-cli             skip the CLI start-up section
//   --only PHASE         per-call | download | cli: run that phase alone (per-call = sizes,
//                        cold start and per call; cli = the CLI start-up section)
//   --out FILE       also write the report (markdown) to FILE
//   --quick          1 round, 500 calls, 500 ms, 3 cold runs, one 64 MiB download each,
//                    3 CLI rounds: a smoke test, not a result
import { writeFile } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

import { lineChild } from "./lib/child.mjs";
import { startServerProcess } from "./lib/server-process.mjs";
import { AWS_CLI, CLI_AWS, CLI_OURS, awsCliMissing, measureCliStartup } from "./lib/cli-startup.mjs";
import { measureColdStarts, rssMethod } from "./lib/cold-start.mjs";
import { CONTENDERS, FLOOR, SDK } from "./lib/contenders.mjs";
import { othersCpu, othersCpuUsBetween } from "./lib/machine.mjs";
import { floorRequest } from "./lib/request.mjs";
import { fingerprint, snapshotDist } from "./lib/snapshot.mjs";
import { DOWNLOAD_CONTENDERS, DOWNLOAD_FLOOR, DOWNLOAD_OURS, measureDownloads } from "./lib/download.mjs";
import { cliTable, downloadTable, table, targets } from "./lib/report.mjs";
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
    "download-mib": { type: "string", default: "512" },
    "download-rounds": { type: "string", default: "5" },
    "no-download": { type: "boolean", default: false },
    "cli-rounds": { type: "string", default: "10" },
    "no-cli": { type: "boolean", default: false },
    only: { type: "string" },
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
  downloadMib: args.quick ? Math.min(64, Number(args["download-mib"])) : Number(args["download-mib"]),
  downloadRounds: Number(args.quick ? 1 : args["download-rounds"]),
  cliRounds: Number(args.quick ? 3 : args["cli-rounds"]),
  perCall: args.only === undefined || args.only === "per-call",
  download: !args["no-download"] && (args.only === undefined || args.only === "download"),
  cli: !args["no-cli"] && (args.only === undefined || args.only === "cli"),
};
if (!["presigned", "unsigned"].includes(opt.floor)) throw new Error(`--floor must be presigned or unsigned, not ${opt.floor}`);
if (args.only !== undefined && !["per-call", "download", "cli"].includes(args.only)) throw new Error(`--only must be per-call, download or cli, not ${args.only}`);
if (!opt.perCall && !opt.download && !opt.cli) throw new Error(`--only ${args.only} with --no-${args.only} leaves nothing to run`);
if (!(opt.downloadMib > 0) || !(opt.downloadRounds >= 1)) throw new Error("--download-mib must be > 0 and --download-rounds >= 1");
if (!(Number.isInteger(opt.cliRounds) && opt.cliRounds >= 1)) throw new Error("--cli-rounds must be an integer >= 1");
/** Why a phase did not run, as the report says it. */
const notRun = (flag) => (args.only !== undefined ? `--only ${args.only}` : `--no-${flag}`);

const log = (line) => process.stderr.write(`${line}\n`);

// A clean environment for the children: no AWS_* settings that could steer a client.
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_")));

// ---------------------------------------------------------------------------------------
// The server, in a process of its own.

function startServer(testingModule) {
  return startServerProcess({ root, env: baseEnv, testingModule });
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
// Sizes, cold start and per call, against the per-call fake ECR.

async function perCallPhase(server) {
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

  const floorNote =
    opt.floor === "presigned"
      ? "Floors send the same POST (headers, body), signed by the bench beforehand (again before each round) and replayed: the server does the same work as for a signed client and answers 200; the floor does no signing."
      : "Floors send the same POST without x-amz-date / authorization; the server answers 400 MissingAuthenticationTokenException (cheaper for it than a 200).";
  const notes = [
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
  ];
  return { names, rows, distAfterBundling, notes };
}

// ---------------------------------------------------------------------------------------
// Download: its own fake ECR holding one big layer (lib/download.mjs).

function downloadNotes(d) {
  const mib = (d.info.size / 1024 / 1024).toLocaleString("en-US");
  const others =
    d.othersCpu === null
      ? "other processes' CPU not measured (no /proc)"
      : `processes other than the bench's used ${d.othersCpu.toFixed(2)} CPU meanwhile${d.othersCpu > 0.1 ? " (**WARNING: something else was running; the numbers are skewed**)" : ""}`;
  return [
    `- download: one ${mib} MiB layer (${d.info.size.toLocaleString("en-US")} bytes; crypto.randomFillSync in 64 MiB pieces, so nothing repeats or compresses; sha256 computed by the fake) held by a second fake ECR process (urlTtlSeconds 3600; not the per-call one), served over loopback by GET with Content-Length, in one write; the server first downloads ${(d.info.warmupBytes / 1024 / 1024).toLocaleString("en-US")} MiB of it from itself, unrecorded, so no contender pays for its first GET. One unrecorded warm-up round, then ${opt.downloadRounds} round(s), each running every contender once, order rotated; every run is a fresh process doing one download (setup, i.e. imports, the client, and for fetch a data: URL fetch that loads undici, is before the timed span). MiB/s = size / (time from just before the call to the file being complete); CPU = process.cpuUsage() of that process over the same span (all its threads). Table: medians over rounds.`,
    `- download contenders: ${DOWNLOAD_CONTENDERS.map((c) => `${c.name}: ${c.how}`).join("; ")}. The floors get a fresh URL from the fake before each run; ecr-layer-url's time includes its own GetDownloadUrlForLayer call.`,
    `- download files: a fresh file per run in a per-bench temp dir under ${d.tmpDir} (${d.tmpFs}), checked for its size (ecr-layer-url's result also for size and digest; no .partial left), then deleted before the next run; written to the page cache (no fsync). Server answers: ${Object.entries(d.served.statuses)
      .map(([status, n]) => `${status} x ${n}`)
      .join(", ")} (${d.served.api} API, ${d.served.blobs} blob).`,
    `- download phase took ${d.seconds.toFixed(0)} s (plus ${(d.info.prepareMs / 1000).toFixed(1)} s making the layer); ${others}. Per run (MiB/s, CPU s): ${[...d.rows]
      .map(([name, r]) => `${name} ${r.runs.map((x) => `${Math.round(x.mibps)}/${(x.cpuUs / 1e6).toFixed(2)}`).join(", ")}`)
      .join("; ")}.`,
  ];
}

// ---------------------------------------------------------------------------------------
// CLI start-up: the package's CLI against the AWS CLI, a fresh process per run (lib/cli-startup.mjs).

function cliNotes(c) {
  const ms = (x) => Math.round(x).toLocaleString("en-US");
  const others =
    c.othersCpu === null
      ? "other processes' CPU not measured (no /proc)"
      : `processes other than the bench's used ${c.othersCpu.toFixed(2)} CPU meanwhile${c.othersCpu > 0.1 ? " (**WARNING: something else was running; the numbers are skewed**)" : ""}`;
  const cpuNote = c.rows.some((r) => r.ours.cpuMs !== null || r.aws.cpuMs !== null)
    ? "CPU ms = the child's user + system time, from the bench process's cutime + cstime (/proc/self/stat) around each run, in 10 ms ticks (median)"
    : "CPU time not measured (no /proc/self/stat)";
  const runs = (s) => (s.samples.length ? s.samples.map((x) => ms(x.ms)).join(", ") : "none");
  return [
    `- CLI start-up: ${CLI_OURS} = \`node dist/cli.js\` (the bench's copy of dist/; node ${process.version}, printed ${JSON.stringify(c.versions.ours ?? "?")}) vs ${CLI_AWS} = \`${AWS_CLI}\` (printed ${JSON.stringify(c.versions.aws ?? "?")}). Every run is a fresh process (stdin /dev/null, stdout and stderr to pipes; stdout checked, then discarded): one unrecorded warm-up run of each command and CLI, then ${opt.cliRounds} round(s), each running both commands with both CLIs, alternating (the order swapped every round: ours first in the warm-up, the AWS CLI first in round 1, and so on). ms = wall time from just before spawn() to the child's exit (median; min-max over runs); ${cpuNote}. A run fails its row if it exits non-zero, or times out, or prints nothing (--version) or no JSON with a downloadUrl (the call).`,
    `- CLI commands: ${c.rows.map((r) => `\`${r.command.ours}\` vs \`${r.command.aws}\``).join("; ")}. Environment of both: only ${c.envNames.join(", ")} (HOME an empty temp dir, also the working directory; the keys the fake's; AWS_REGION=us-east-1, AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE /dev/null, AWS_PAGER empty)${c.homeLeft.length ? `; the CLIs left in HOME: ${c.homeLeft.join(", ")}` : "; HOME was still empty at the end"}.`,
    `- CLI fake ECR: the per-call phase's fake (lib/server.mjs), a fresh one in its own process, loopback, SigV4 verified; answers: ${Object.entries(c.served.statuses)
      .map(([status, n]) => `${status} x ${n}`)
      .join(", ") || "none"} (${c.served.api} API calls; signatures ${Object.entries(c.served.signatures)
      .map(([sig, n]) => `${sig} x ${n}`)
      .join(", ") || "none"}).`,
    `- CLI section took ${c.seconds.toFixed(0)} s; ${others}. Per run (ms): ${c.rows.map((r) => `${r.label}: ours ${runs(r.ours)}; AWS CLI ${runs(r.aws)}`).join(". ")}.`,
    ...c.rows.filter((r) => r.error).map((r) => `- **CLI ${r.label} ERROR**: ${r.error}`),
  ];
}

// ---------------------------------------------------------------------------------------

// The CLI section needs dist/cli.js: fail now rather than after the other phases.
const snapshot = await snapshotDist(root, opt.cli ? { also: ["cli.js"], hint: " (Or skip the CLI section with --no-cli.)" } : {});
const { signSigV4 } = await import(snapshot.testing);
const server = opt.perCall ? startServer(snapshot.testing) : null;
const workers = new Map();
let failed = false;
let cliErrors = 0;
try {
  const perCall = opt.perCall ? await perCallPhase(server) : null;
  // The per-call fake is done with: the download phase has its own.
  await server?.close();
  let download = null;
  if (opt.download) {
    log(`download: ${opt.downloadRounds} round(s) x ${DOWNLOAD_CONTENDERS.length} contenders, one ${opt.downloadMib} MiB download each, a fresh process per run ...`);
    download = await measureDownloads({
      root,
      env: baseEnv,
      testingModule: snapshot.testing,
      oursModule: snapshot.node,
      mib: opt.downloadMib,
      rounds: opt.downloadRounds,
      log,
    });
  }
  let cli = null;
  let cliSkipped = opt.cli ? null : `CLI section not run (${notRun("cli")})`;
  const cliPath = join(snapshot.dir, "dist", "cli.js");
  if (opt.cli) {
    const missing = awsCliMissing();
    if (missing) {
      cliSkipped = `CLI section skipped: ${missing}, nothing to compare with`;
      log(cliSkipped);
    } else {
      log(`CLI start-up: ${opt.cliRounds} round(s) x 2 commands x 2 CLIs (after one warm-up run of each), a fresh process per run ...`);
      cli = await measureCliStartup({ root, env: baseEnv, testingModule: snapshot.testing, cliPath, rounds: opt.cliRounds, log });
    }
  }

  const distAtEnd = await fingerprint(`${root}/dist`).catch(() => "missing");
  const distNote =
    perCall && perCall.distAfterBundling !== snapshot.fingerprint
      ? `WARNING: dist/ changed while the bundles were built (${snapshot.fingerprint} -> ${perCall.distAfterBundling}): sizes and cold start may be from another build than the per-call numbers.`
      : distAtEnd !== snapshot.fingerprint
        ? `dist/ was rebuilt during the run (now ${distAtEnd}); every number here is from build ${snapshot.fingerprint}, copied at the start.`
        : `build measured: dist/ ${snapshot.fingerprint} (copied at the start; unchanged throughout).`;
  const cpus = os.cpus();
  const when = new Date().toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
  const argv = process.argv.slice(2).join(" ");
  const downloadNames = DOWNLOAD_CONTENDERS.map((c) => c.name);
  const check = targets(
    perCall?.rows ?? null,
    OURS,
    download ? { ours: download.rows.get(DOWNLOAD_OURS).mibps, floor: download.rows.get(DOWNLOAD_FLOOR).mibps } : null,
    cli ? { rows: cli.rows } : { skipped: cliSkipped },
  );
  cliErrors = check.errors;
  const report = [
    `## ecr-layer-url benchmark`,
    ``,
    `${when}; node ${process.version}; ${os.platform()} ${os.arch()}, ${cpus.length} CPU (${cpus[0]?.model ?? "?"}); \`npm run bench${argv ? ` -- ${argv}` : ""}\` (npm run build && node bench/run.mjs${argv ? ` ${argv}` : ""}).`,
    ...(perCall
      ? [`Ratios: "x SDK" to ${SDK}, "x floor" to ${FLOOR}. Lower is better, except calls/s.`, ``, table(perCall.names, perCall.rows)]
      : [`Per-call phase (sizes, cold start, per call) not run (--only ${args.only}).`]),
    ``,
    ...(download
      ? [`Download (${(download.info.size / 1024 / 1024).toLocaleString("en-US")} MiB layer, fake ECR over loopback, median of ${opt.downloadRounds} round(s); higher MiB/s is better):`, ``, downloadTable(downloadNames, download.rows, DOWNLOAD_FLOOR), ``]
      : [`Download phase not run (${notRun("download")}).`, ``]),
    ...(cli
      ? [
          `CLI start-up (${CLI_OURS} \`node dist/cli.js\` vs ${CLI_AWS} \`${AWS_CLI}\`, a fresh process per run, wall time spawn to exit, median of ${opt.cliRounds} run(s) after 1 unrecorded warm-up each, alternating; lower is better; target: ratio <= 0.20):`,
          ``,
          cliTable(cli.rows),
          ``,
        ]
      : [`CLI start-up: ${cliSkipped}.`, ``]),
    `Targets for ${OURS} (${check.passed}/${check.total} pass${check.errors ? `; ${check.errors} ERROR` : ""}${check.skipped ? `; ${check.skipped} not measured` : ""}):`,
    ``,
    check.text,
    ``,
    `Notes:`,
    ``,
    `- ${distNote}`,
    ...(perCall ? perCall.notes : []),
    ...(download ? downloadNotes(download) : []),
    ...(cli ? cliNotes(cli) : []),
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
  await server?.close();
  await snapshot.cleanup();
}
// A CLI row that errored fails the run too (after the report), as a broken contender does.
process.exitCode = failed || cliErrors ? 1 : 0;
