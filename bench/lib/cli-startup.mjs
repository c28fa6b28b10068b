// The CLI start-up section: the package's CLI (`node dist/cli.js`, from the bench's
// snapshot of dist/) side by side with the AWS CLI (/usr/bin/aws), each a fresh process
// per run, for two commands:
//   --version
//   get-download-url-for-layer against a loopback fake ECR (lib/server.mjs, a process
//   of its own), stdout to a pipe, checked for exit code 0 and a downloadUrl
// Wall time from just before spawn() to the child's exit; CPU time (user + system) of the
// child from the bench process's cutime + cstime (/proc/self/stat, which count a child once
// it is reaped; in ticks of 10 ms, Linux only). One unrecorded warm-up run of each, then
// `rounds` runs, alternating ours / theirs (the order swapped every round). A (row, CLI)
// whose run fails is not run again; the row is reported as an error.
import { spawn } from "node:child_process";
import { accessSync, constants, readFileSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import { startServerProcess } from "./server-process.mjs";
import { othersCpu, othersCpuUsBetween } from "./machine.mjs";
import { median } from "./stats.mjs";

export const AWS_CLI = "/usr/bin/aws";
export const CLI_OURS = "ecr-layer-url CLI";
export const CLI_AWS = "AWS CLI";
/** The issue's target: ours' median wall time at most this fraction of the AWS CLI's. */
export const CLI_TARGET_RATIO = 0.2;
export const CLI_ROWS = [
  { key: "version", label: "--version" },
  { key: "call", label: "get-download-url-for-layer (fake ECR)" },
];

const REGION = "us-east-1";
const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux
const STDOUT_KEEP = 64 * 1024;

/** Why the section cannot run, or null: the AWS CLI must be an executable at /usr/bin/aws. */
export function awsCliMissing() {
  try {
    accessSync(AWS_CLI, constants.X_OK);
    return null;
  } catch (error) {
    return `${AWS_CLI} ${error.code === "ENOENT" ? "is missing" : `is not executable (${error.code})`}`;
  }
}

/** CPU time of this process's reaped children so far (cutime + cstime), in ms; null without /proc. */
function childrenCpuMs() {
  try {
    const text = readFileSync("/proc/self/stat", "utf8");
    const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return (Number(f[13]) + Number(f[14])) * TICK_MS;
  } catch {
    return null;
  }
}


/** The start of a CLI's output on one line (errors come first: Node's, the AWS CLI's, ours). */
const head = (s, n = 300) => {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > n ? `${t.slice(0, n)}...` : t;
};

/** One run: spawn, wait for exit (and the pipes to close), check. Resolves { ms, cpuMs, stdout }; rejects on a failed check. */
function runOnce({ cmd, args, env, cwd, check, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const cpu0 = childrenCpuMs();
    const start = performance.now();
    const child = spawn(cmd, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let ms;
    let cpuMs = null;
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (d) => {
      if (stdout.length < STDOUT_KEEP) stdout += d;
    });
    child.stderr.on("data", (d) => {
      if (stderr.length < 4000) stderr += d;
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", () => {
      ms = performance.now() - start;
      const cpu1 = childrenCpuMs();
      if (cpu0 !== null && cpu1 !== null) cpuMs = cpu1 - cpu0;
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return reject(new Error(`timed out after ${timeoutMs / 1000} s${stderr ? `; stderr: ${head(stderr)}` : ""}`));
      if (code !== 0) return reject(new Error(`exited ${signal ?? code}${stderr ? `; stderr: ${head(stderr)}` : ""}`));
      const problem = check(stdout);
      if (problem) return reject(new Error(`${problem}${stderr ? `; stderr: ${head(stderr)}` : ""}`));
      resolve({ ms, cpuMs, stdout });
    });
  });
}

const checkVersion = (stdout) => (stdout.trim() ? null : "exited 0 but printed nothing on stdout");

function checkCall(stdout) {
  let url;
  try {
    url = JSON.parse(stdout).downloadUrl;
  } catch {
    return `exited 0 but stdout is not JSON: ${JSON.stringify(head(stdout, 200))}`;
  }
  return typeof url === "string" && /^https?:\/\//.test(url) ? null : `exited 0 but stdout holds no downloadUrl: ${JSON.stringify(head(stdout, 200))}`;
}

/**
 * Runs the section. `cliPath`: the CLI to run with `node` (the snapshot's dist/cli.js).
 * Returns { rows: [{ key, label, command: {ours, aws}, ours, aws, ratio, error }], where
 * ours / aws = { ms, minMs, maxMs, cpuMs, runs, samples, error }; info (the fake's),
 * served, versions: {ours, aws} (first line each printed), seconds, othersCpu (CPUs other
 * processes used meanwhile, or null), homeLeft (what the CLIs left in HOME) }.
 */
export async function measureCliStartup({ root, env, testingModule, cliPath, rounds, log, timeoutMs = 60_000 }) {
  const server = startServerProcess({ root, env, testingModule, what: "the CLI section's fake ECR server" });
  // HOME: an empty directory of the bench's, also the CLIs' working directory.
  const home = await mkdtemp(join(os.tmpdir(), "ecr-layer-url-bench-cli-home-"));
  try {
    const info = await server.info;
    if (info.region !== REGION) throw new Error(`the CLI section's fake ECR is in ${info.region}, expected ${REGION}`);
    log(`CLI start-up: fake ECR at ${info.endpoint} (own process); ${info.repositoryName} layer ${info.layerDigest}`);
    const cliEnv = {
      PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
      HOME: home,
      AWS_ACCESS_KEY_ID: info.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: info.credentials.secretAccessKey,
      AWS_REGION: REGION,
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      AWS_PAGER: "",
    };
    const callArgs = ["--endpoint-url", info.endpoint, "--repository-name", info.repositoryName, "--layer-digest", info.layerDigest];
    const commands = {
      version: {
        ours: { cmd: process.execPath, args: [cliPath, "--version"], check: checkVersion },
        aws: { cmd: AWS_CLI, args: ["--version"], check: checkVersion },
      },
      call: {
        ours: { cmd: process.execPath, args: [cliPath, "get-download-url-for-layer", ...callArgs], check: checkCall },
        aws: { cmd: AWS_CLI, args: ["ecr", "get-download-url-for-layer", ...callArgs], check: checkCall },
      },
    };
    const state = new Map(CLI_ROWS.map((row) => [row.key, { ours: { samples: [], error: null }, aws: { samples: [], error: null } }]));
    const versions = {};
    const started = performance.now();
    const others0 = othersCpu();
    // Run 0 is the warm-up (page cache, Python's and Node's compile caches), not recorded.
    for (let run = 0; run <= rounds; run++) {
      const order = run % 2 === 0 ? ["ours", "aws"] : ["aws", "ours"];
      for (const row of CLI_ROWS) {
        for (const side of order) {
          const s = state.get(row.key)[side];
          if (s.error) continue;
          const name = side === "ours" ? CLI_OURS : CLI_AWS;
          try {
            const result = await runOnce({ ...commands[row.key][side], env: cliEnv, cwd: home, timeoutMs });
            if (row.key === "version" && versions[side] === undefined) versions[side] = result.stdout.trim().split("\n")[0];
            if (run > 0) s.samples.push({ ms: result.ms, cpuMs: result.cpuMs });
            log(
              `  ${(run === 0 ? "warm-up" : `round ${run}`).padEnd(8)} ${row.label.padEnd(38)} ${name.padEnd(18)} ${result.ms.toFixed(0)} ms${result.cpuMs === null ? "" : ` (CPU ${result.cpuMs.toFixed(0)} ms)`}`,
            );
          } catch (error) {
            s.error = `${run === 0 ? "warm-up run" : `round ${run}`}: ${error.message}`;
            log(`  ${(run === 0 ? "warm-up" : `round ${run}`).padEnd(8)} ${row.label.padEnd(38)} ${name.padEnd(18)} ERROR ${error.message}`);
          }
        }
      }
    }
    const sectionMs = performance.now() - started;
    const othersUs = othersCpuUsBetween(others0, othersCpu());
    const served = await server.stats();
    const summary = (s) => {
      const ms = s.samples.map((x) => x.ms);
      const cpu = s.samples.map((x) => x.cpuMs).filter((x) => x !== null);
      return {
        ms: median(ms),
        minMs: ms.length ? Math.min(...ms) : NaN,
        maxMs: ms.length ? Math.max(...ms) : NaN,
        cpuMs: cpu.length ? median(cpu) : null,
        runs: ms.length,
        samples: s.samples,
        error: s.error,
      };
    };
    const display = (c) => [c.cmd === process.execPath ? "node" : c.cmd, ...c.args.map((a) => (a === cliPath ? "dist/cli.js" : a))].join(" ");
    const rows = CLI_ROWS.map((row) => {
      const st = state.get(row.key);
      const ours = summary(st.ours);
      const aws = summary(st.aws);
      const error = [ours.error && `${CLI_OURS}: ${ours.error}`, aws.error && `${CLI_AWS}: ${aws.error}`].filter(Boolean).join("; ") || null;
      return {
        ...row,
        command: { ours: display(commands[row.key].ours), aws: display(commands[row.key].aws) },
        ours,
        aws,
        ratio: error ? NaN : ours.ms / aws.ms,
        error,
      };
    });
    const homeLeft = await readdir(home, { recursive: true }).catch(() => []);
    return {
      rows,
      info,
      served,
      versions,
      envNames: Object.keys(cliEnv),
      seconds: sectionMs / 1000,
      othersCpu: othersUs === null ? null : othersUs / (sectionMs * 1000),
      homeLeft,
    };
  } finally {
    await server.close().catch(() => {});
    await rm(home, { recursive: true, force: true });
  }
}
