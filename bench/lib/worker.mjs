// One measuring process per contender, alive for the whole per-call phase (spawned by
// run.mjs with --expose-gc). Loads only that contender, asserts its first answer and
// warms up once; calls keep getting cheaper for thousands of calls in a fresh process
// (JIT), so the warm-up is long, and rounds of different contenders are interleaved in
// time without paying it again. Protocol, one JSON line each way:
//   start-up          -> {"ready": true, "warmupCalls": n}
//   {"round": true, "floor"?: freshly signed floor request}
//                     -> a re-warm: 200 ms at full concurrency (reopens the connections the
//                        server closed while this process sat idle) and `rewarmMs` of
//                        sequential calls (after a few idle seconds the first sequential
//                        calls cost this VM about twice the steady state again), then
//                        1. `calls` sequential calls: process.cpuUsage() over the loop /
//                           calls, and each call's latency (performance.now() around it);
//                        2. `concurrency` loops calling back to back for `durationMs`.
//                        -> {"cpuPerCallUs", "p50Us", "p99Us", "concurrentCallsPerSec", ...}
//   stdin end         -> closes the client and exits.
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { CLIENTS } from "./clients.mjs";
import { percentileSorted } from "./stats.mjs";

const config = JSON.parse(process.argv[2]);
const { name, target, warmup, warmupMs, rewarmMs, calls, concurrency, durationMs } = config;

async function concurrent(call, width, ms) {
  let done = 0;
  const start = performance.now();
  const end = start + ms;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (performance.now() < end) {
        await call();
        done++;
      }
    }),
  );
  return { done, seconds: (performance.now() - start) / 1000 };
}

async function sequential(call, count, ms = Infinity) {
  const end = performance.now() + ms;
  let done = 0;
  while (done < count && performance.now() < end) {
    await call();
    done++;
  }
  return done;
}

const send = (value) => new Promise((resolve) => process.stdout.write(`${JSON.stringify(value)}\n`, resolve));
const gc = globalThis.gc ?? (() => {});

const client = await CLIENTS[name](target);
const { call } = client;
client.check(await call());

// Warm-up: concurrency first (many calls quickly), then sequential calls.
const burst = await concurrent(call, concurrency, warmupMs);
const warmed = await sequential(call, warmup, warmupMs * 2);
await send({ ready: true, warmupCalls: 1 + burst.done + warmed });

async function round() {
  await concurrent(call, concurrency, 200);
  await sequential(call, Infinity, rewarmMs);

  gc();
  const latencies = new Float64Array(calls);
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    const s = performance.now();
    await call();
    latencies[i] = performance.now() - s;
  }
  const cpu = process.cpuUsage(cpu0);
  latencies.sort();

  gc();
  const cpuC0 = process.cpuUsage();
  const c = await concurrent(call, concurrency, durationMs);
  const cpuC = process.cpuUsage(cpuC0);

  const us = (ms) => ms * 1000;
  return {
    name,
    cpuPerCallUs: (cpu.user + cpu.system) / calls,
    cpuSystemPerCallUs: cpu.system / calls,
    p50Us: us(percentileSorted(latencies, 50)),
    p99Us: us(percentileSorted(latencies, 99)),
    maxUs: us(latencies[latencies.length - 1]),
    concurrentCallsPerSec: c.done / c.seconds,
    concurrentCpuPerCallUs: (cpuC.user + cpuC.system) / c.done,
    concurrentCalls: c.done,
  };
}

// One command at a time: the orchestrator waits for each answer before the next.
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const command = JSON.parse(line);
  if (command.floor) client.resign(command.floor);
  if (command.round) await send(await round());
}
await client.close();
// Exit explicitly: fetch's pool would keep idle sockets (and the process) alive a while.
process.exit(0);
