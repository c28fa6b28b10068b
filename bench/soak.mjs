#!/usr/bin/env node
// npm run soak (= npm run build && node --expose-gc bench/soak.mjs [options]).
//
// Load and soak, loopback only, bounded: many calls at high concurrency against the fake
// ECR (in a process of its own) while it injects random faults. It checks that every call
// settles with a success or one of the package's typed errors, that nothing is left
// behind (no unhandled rejection; sockets, timers and heap back to their baseline once
// the client is destroyed), and that the retry quota keeps a fully failing server from
// being hammered. Prints a markdown report; exits 1 when a check fails, or when the run
// takes longer than --limit-s (it never hangs).
//
// Options (defaults in brackets):
//   --calls N          calls per build in the load phase [100000]
//   --concurrency N    calls in flight [64]
//   --fault-rate R     share of API requests the server fails, spread over the fault kinds [0.05]
//   --quota-calls N    calls against a server that fails every request [2000]
//   --builds LIST      node,agnostic: which entries to soak (node:http / fetch transport) [node,agnostic]
//   --limit-s S        give up (exit 1) after this long [900]
//   --out FILE         also write the report to FILE
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startServerProcess } from "./lib/server-process.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const { values: opts } = parseArgs({
  options: {
    calls: { type: "string", default: "100000" },
    concurrency: { type: "string", default: "64" },
    "fault-rate": { type: "string", default: "0.05" },
    "quota-calls": { type: "string", default: "2000" },
    builds: { type: "string", default: "node,agnostic" },
    "limit-s": { type: "string", default: "900" },
    out: { type: "string" },
  },
});
const CALLS = Number(opts.calls);
const CONCURRENCY = Number(opts.concurrency);
const FAULT_RATE = Number(opts["fault-rate"]);
const QUOTA_CALLS = Number(opts["quota-calls"]);
const BUILDS = opts.builds.split(",");
const TIMEOUT_MS = 1_000;

if (typeof globalThis.gc !== "function") {
  console.error("soak: run with node --expose-gc (npm run soak does), so heap figures are after a full collection");
  process.exit(2);
}

// Never hang: a stuck call shows as a timeout with the counts so far, not a silent wait.
let progress = "starting";
const watchdog = setTimeout(() => {
  console.error(`soak: gave up after ${opts["limit-s"]} s (${progress})`);
  process.exit(1);
}, Number(opts["limit-s"]) * 1000);
watchdog.unref();

const unhandled = [];
process.on("unhandledRejection", (reason) => unhandled.push(String(reason?.stack ?? reason)));
process.on("uncaughtException", (error) => unhandled.push(`uncaught: ${error.stack ?? error}`));

/**
 * The faults of the load phase, each an equal share of --fault-rate. The queue tries its
 * rules in order, each with its own probability, so rule i's probability is its share of
 * what the rules before it left: q / (1 - i q).
 */
function randomFaults(rate) {
  const kinds = [
    { type: "status", status: 503, body: "<html><body>Service Unavailable</body></html>" },
    { type: "status", status: 500, body: "" },
    { type: "error", code: "ServerException" },
    { type: "error", code: "ThrottlingException", status: 400 },
    { type: "drop-before-headers" },
    { type: "drop-mid-body" },
    { type: "status", status: 200, body: '{"downloadUrl": "htt' },
    { type: "delay", ms: TIMEOUT_MS + 500 },
  ];
  const q = rate / kinds.length;
  return kinds.map((fault, i) => ({ ...fault, probability: q / (1 - i * q) }));
}

function handles() {
  const counts = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

function memory() {
  globalThis.gc();
  globalThis.gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll the server until at most `target` connections are open, or 15 s have passed. */
async function connectionsSettle(server, target) {
  const started = performance.now();
  for (;;) {
    const { connections } = await server.stats();
    const ms = performance.now() - started;
    if (connections <= target || ms > 15_000) return { connections, ms };
    await sleep(100);
  }
}

/** Run `total` calls, `concurrency` at a time; `call(i)` must not throw synchronously. */
async function pool(total, concurrency, call) {
  let next = 0;
  const worker = async () => {
    while (next < total) await call(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function soakBuild(build, server, info) {
  const lib = await import(build === "node" ? "../dist/node.js" : "../dist/index.js");
  const typed = [
    lib.EcrServiceException,
    lib.NetworkError,
    lib.TimeoutError,
    lib.AbortError,
    lib.InvalidResponseError,
    lib.EcrInputError,
    lib.EcrConfigError,
  ];
  const config = {
    region: info.region,
    endpoint: info.endpoint,
    credentials: info.credentials,
    urlCache: false,
    requestTimeoutMs: TIMEOUT_MS,
  };
  const input = { repositoryName: info.repositoryName, layerDigest: info.layerDigest };
  const missing = { repositoryName: info.repositoryName, layerDigest: `sha256:${"0".repeat(64)}` };

  // Warm up (JIT, lazy imports, the server's first sockets) with a client of its own, so
  // the baseline is what a long-running process looks like between bursts.
  await server.setFaults([]);
  const warm = new lib.EcrLayerClient(config);
  await pool(2_000, CONCURRENCY, () => warm.getDownloadUrlForLayer(input));
  warm.destroy();
  const baseline = await connectionsSettle(server, 0);
  const before = { handles: handles(), connections: baseline.connections, ...memory() };

  const client = new lib.EcrLayerClient({
    ...config,
    logger: {
      debug: (line) => {
        if (line.includes(": retrying in ")) tally.retries++;
        else if (line.includes("the retry quota is exhausted")) tally.quotaRefusals++;
      },
    },
  });
  const tally = { ok: 0, errors: {}, untyped: [], retries: 0, quotaRefusals: 0, attempts: 0, slowest: 0 };
  await server.setFaults(randomFaults(FAULT_RATE));
  const statsBefore = await server.stats();
  const started = performance.now();
  await pool(CALLS, CONCURRENCY, async (i) => {
    // 1% ask for a layer that is not there (a modeled error); 0.5% are aborted early.
    const asked = i % 100 === 50 ? missing : input;
    const abort = i % 200 === 7 ? AbortSignal.timeout(1 + (i % 20)) : undefined;
    const t0 = performance.now();
    try {
      const out = await client.getDownloadUrlForLayer(asked, { abortSignal: abort });
      if (typeof out.downloadUrl !== "string") throw new TypeError("a success without a downloadUrl");
      tally.ok++;
      tally.attempts += out.$metadata.attempts;
    } catch (error) {
      if (typed.some((Class) => error instanceof Class)) {
        tally.errors[error.name] = (tally.errors[error.name] ?? 0) + 1;
        tally.attempts += error.$metadata?.attempts ?? 0;
      } else {
        tally.untyped.push(String(error?.stack ?? error));
      }
    }
    tally.slowest = Math.max(tally.slowest, performance.now() - t0);
    if (i % 10_000 === 0) progress = `${build}: ${i} of ${CALLS} calls started`;
  });
  const seconds = (performance.now() - started) / 1000;
  const statsAfter = await server.stats();
  await server.setFaults([]);
  const open = (await server.stats()).connections;
  client.destroy();
  // Idle keep-alive sockets are unref'd, so the process's handle list cannot show them:
  // the server counts the connections still open. destroy() closes the Node build's at
  // once; fetch's global pool (undici) keeps its own until its keep-alive timeout.
  const closed = await connectionsSettle(server, before.connections);
  const after = { handles: handles(), connections: closed.connections, ...memory() };

  // The quota: every request fails; standard mode retries each call up to twice, but only
  // while the client's 500-token bucket pays (14 a retry for errors like these).
  await server.setFaults([{ type: "status", status: 503, body: "" }]);
  const quotaClient = new lib.EcrLayerClient(config);
  const q0 = await server.stats();
  const quotaTally = { errors: 0, untyped: 0 };
  await pool(QUOTA_CALLS, CONCURRENCY, () =>
    quotaClient.getDownloadUrlForLayer(input).then(
      () => {},
      (error) => (error instanceof lib.EcrServiceException ? quotaTally.errors++ : quotaTally.untyped++),
    ),
  );
  const q1 = await server.stats();
  await server.setFaults([]);
  // Once the server is back, the same client gets answers again (the bucket refills on them).
  const recovered = await quotaClient.getDownloadUrlForLayer(input).then(
    (out) => out.$metadata.attempts === 1,
    () => false,
  );
  quotaClient.destroy();

  const handleDiff = Object.keys({ ...before.handles, ...after.handles })
    .filter((type) => (before.handles[type] ?? 0) !== (after.handles[type] ?? 0))
    .map((type) => `${type} ${before.handles[type] ?? 0} → ${after.handles[type] ?? 0}`);
  const heapGrowth = after.heapUsed - before.heapUsed;
  const quotaRequests = q1.api - q0.api;
  const checks = [
    ["every error is one of the package's classes", tally.untyped.length === 0],
    ["no unhandled rejection or uncaught exception", unhandled.length === 0],
    ["active handles back to the baseline", handleDiff.length === 0],
    [`the server's open connections back to the baseline (${before.connections}) within 15 s`, after.connections <= before.connections],
    ["heap within 8 MiB of the baseline", heapGrowth < 8 * 1024 * 1024],
    [`the failing server got at most ${QUOTA_CALLS} + 500/14 requests`, quotaRequests <= QUOTA_CALLS + Math.floor(500 / 14)],
    ["the quota client works again once the server is back", recovered],
  ];
  return {
    build,
    seconds,
    tally,
    requests: statsAfter.api - statsBefore.api,
    before,
    after,
    open,
    closeMs: closed.ms,
    handleDiff,
    heapGrowth,
    quota: { calls: QUOTA_CALLS, requests: quotaRequests, ...quotaTally, withoutQuota: QUOTA_CALLS * 3 },
    checks,
  };
}

function report(results, machine) {
  const lines = [
    `# ecr-layer-url soak`,
    "",
    `${machine}. ${CALLS.toLocaleString("en")} calls per build at concurrency ${CONCURRENCY}, ${FAULT_RATE * 100}% of API requests failed at random by the fake ECR (503 HTML, 500, ServerException, ThrottlingException, dropped before headers, dropped mid-body, truncated JSON, delayed past the ${TIMEOUT_MS} ms timeout); 1% of calls ask for a missing layer, 0.5% are aborted after 1–20 ms. maxAttempts 3, URL cache off.`,
    "",
    "| build | calls/s | successes | typed errors | untyped | unhandled | API requests | retries | quota refusals | slowest call |",
    "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const r of results) {
    const errors = Object.entries(r.tally.errors)
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `${name} ${n}`)
      .join(", ");
    lines.push(
      `| ${r.build} | ${Math.round(CALLS / r.seconds).toLocaleString("en")} | ${r.tally.ok.toLocaleString("en")} | ${errors || "none"} | ${r.tally.untyped.length} | ${unhandled.length} | ${r.requests.toLocaleString("en")} | ${r.tally.retries.toLocaleString("en")} | ${r.tally.quotaRefusals} | ${Math.round(r.tally.slowest)} ms |`,
    );
  }
  lines.push(
    "",
    "| build | RSS before → after | heap before → after (after GC) | active handles before → after | server connections: before, at the end, after destroy() |",
    "| --- | --- | --- | --- | --- |",
  );
  for (const r of results) {
    const show = (h) => Object.entries(h).map(([t, n]) => `${t} ${n}`).join(", ");
    lines.push(
      `| ${r.build} | ${mib(r.before.rss)} → ${mib(r.after.rss)} | ${mib(r.before.heapUsed)} → ${mib(r.after.heapUsed)} | ${show(r.before.handles)} → ${r.handleDiff.length ? r.handleDiff.join(", ") : "the same"} | ${r.before.connections}, ${r.open}, ${r.after.connections} after ${(r.closeMs / 1000).toFixed(1)} s |`,
    );
  }
  lines.push("", "Retry quota, against a server failing every request (HTTP 503):", "", "| build | calls | requests the server got | without a quota (3 per call) | calls that failed with a typed error |", "| --- | ---: | ---: | ---: | ---: |");
  for (const r of results) {
    lines.push(`| ${r.build} | ${r.quota.calls} | ${r.quota.requests} | ${r.quota.withoutQuota} | ${r.quota.errors} |`);
  }
  lines.push("", "Checks:", "");
  for (const r of results) for (const [what, ok] of r.checks) lines.push(`- ${ok ? "PASS" : "FAIL"} (${r.build}) ${what}`);
  if (unhandled.length) lines.push("", "Unhandled:", ...unhandled.slice(0, 5).map((u) => `    ${u}`));
  for (const r of results) if (r.tally.untyped.length) lines.push("", `Untyped errors (${r.build}):`, ...r.tally.untyped.slice(0, 5).map((u) => `    ${u}`));
  return lines.join("\n");
}

const server = startServerProcess({ root: ROOT, env: process.env });
const info = await server.info;
const results = [];
try {
  for (const build of BUILDS) {
    progress = `${build}: warming up`;
    results.push(await soakBuild(build, server, info));
  }
} finally {
  await server.close();
}
const os = await import("node:os");
const machine = `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "CPU"}, ${new Date().toISOString().slice(0, 16)}Z`;
const text = report(results, machine);
console.log(text);
if (opts.out) await writeFile(opts.out, `${text}\n`);
clearTimeout(watchdog);
process.exitCode = results.every((r) => r.checks.every(([, ok]) => ok)) ? 0 : 1;
