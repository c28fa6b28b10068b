// Cold start: `node bundle.cjs` in a fresh process per run, each contender's bundle
// written to a temporary directory. Wall time is measured from spawn to exit by this
// process; peak RSS is the child's max resident set as GNU time reports it (%M), or, when
// /usr/bin/time is missing, as the child reports process.resourceUsage().maxRSS at exit
// (through a -r preload). Runs are interleaved: run i of every contender, then run i+1.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { median } from "./stats.mjs";

const GNU_TIME = "/usr/bin/time";
const RSS_MARK = "BENCH_MAXRSS_KB=";
const PRELOAD = `process.on("exit", () => process.stderr.write("\\n${RSS_MARK}" + process.resourceUsage().maxRSS + "\\n"));`;

export const rssMethod = () => (existsSync(GNU_TIME) ? "GNU time %M" : "process.resourceUsage().maxRSS");

function runOnce(file, env, dir) {
  const useTime = existsSync(GNU_TIME);
  const [cmd, args] = useTime
    ? [GNU_TIME, ["-f", `${RSS_MARK}%M`, process.execPath, file]]
    : [process.execPath, ["-r", join(dir, "rss-preload.cjs"), file]];
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - start;
      const match = stderr.match(new RegExp(`${RSS_MARK}(\\d+)`));
      if (code !== 0 || !match) return reject(new Error(`${file} exited ${code}: ${stderr.slice(-500)}`));
      resolve({ ms, rssMb: Number(match[1]) / 1024, stdout: stdout.trim() });
    });
  });
}

/**
 * @param contenders [{ name, code, env, expect }] code: the bundle; expect: a string the
 *   program's output must contain (the layer digest), checked on every run.
 * @returns {Promise<Map<string, { ms, rssMb, runs }>>} medians over `runs`
 */
export async function measureColdStarts(contenders, { runs = 10, warmupRuns = 1 } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "ecr-layer-url-bench-"));
  try {
    await writeFile(join(dir, "rss-preload.cjs"), PRELOAD);
    const files = new Map();
    for (const [i, c] of contenders.entries()) {
      const file = join(dir, `${i}.cjs`);
      await writeFile(file, c.code);
      files.set(c.name, file);
    }
    const samples = new Map(contenders.map((c) => [c.name, []]));
    for (let run = 0; run < warmupRuns + runs; run++) {
      // Rotate the order each run so no contender always follows the same one.
      for (let k = 0; k < contenders.length; k++) {
        const c = contenders[(k + run) % contenders.length];
        const result = await runOnce(files.get(c.name), c.env, dir);
        if (!result.stdout.includes(c.expect)) throw new Error(`${c.name}: cold-start program printed ${JSON.stringify(result.stdout)}, expected ${c.expect}`);
        if (run >= warmupRuns) samples.get(c.name).push(result);
      }
    }
    return new Map(
      [...samples].map(([name, xs]) => [name, { ms: median(xs.map((x) => x.ms)), rssMb: median(xs.map((x) => x.rssMb)), runs: xs.length }]),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
