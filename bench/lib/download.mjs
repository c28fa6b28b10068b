// The download phase: throughput of downloadLayerToFile against a plain fetch piped to a
// file (and node:http piped to a file), one big layer from a fake ECR of its own
// (lib/download-server.mjs) over loopback. Every run is a fresh process
// (lib/download-child.mjs) doing one download into a fresh file under a per-bench temp
// dir; the file is checked for its size and deleted. Rounds are interleaved, the order
// rotated each round.
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, rm, stat, statfs, unlink } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { lineChild } from "./child.mjs";
import { othersCpu, othersCpuUsBetween } from "./machine.mjs";
import { median } from "./stats.mjs";

export const DOWNLOAD_OURS = "ecr-layer-url";
export const DOWNLOAD_FLOOR = "fetch pipe (floor)";
export const DOWNLOAD_CONTENDERS = [
  { name: DOWNLOAD_OURS, how: "EcrLayerClient (urlCache: false).downloadLayerToFile(): its GetDownloadUrlForLayer call, the GET, sha256 verified while streaming, temp file renamed into place" },
  { name: DOWNLOAD_FLOOR, how: "fetch(url) then pipeline(Readable.fromWeb(res.body), createWriteStream(path)), URL got beforehand, no verification" },
  { name: "node:http pipe (floor)", how: "http.get(url) then pipeline(res, createWriteStream(path)), URL got beforehand, no verification" },
];

const MIB = 1024 * 1024;
const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/** The file system holding `dir`: df -PT's type and device, or statfs's magic number. */
export async function fileSystemOf(dir) {
  try {
    const [, line] = execFileSync("df", ["-PT", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim().split("\n");
    const [device, type] = line.split(/\s+/);
    if (type) return `${type} (${device})`;
  } catch {
    // no df: fall through
  }
  try {
    const magic = { 0xef53: "ext2/3/4", 0x01021994: "tmpfs", 0x58465342: "xfs", 0x9123683e: "btrfs", 0x794c7630: "overlayfs" };
    const { type } = await statfs(dir);
    return magic[type] ?? `statfs type 0x${type.toString(16)}`;
  } catch {
    return "unknown";
  }
}

function startDownloadServer({ root, env, testingModule, mib }) {
  const child = lineChild("the download phase's fake ECR server", [here("./download-server.mjs")], {
    cwd: root,
    env: { ...env, BENCH_TESTING_MODULE: testingModule, BENCH_DOWNLOAD_MIB: String(mib) },
    inheritStderr: true,
  });
  const ask = (command) => {
    child.send(command);
    return child.next();
  };
  return { info: child.next(), url: async () => (await ask("url")).downloadUrl, stats: () => ask("stats"), close: () => child.end() };
}

async function runOnce({ root, env, name, target, path }) {
  const child = lineChild(`${name}'s download process`, [here("./download-child.mjs"), JSON.stringify({ name, path, target })], { cwd: root, env });
  try {
    return await child.next();
  } finally {
    await child.end();
  }
}

/**
 * Runs the phase. Returns { rows: Map name -> { mibps, cpuS, minMibps, maxMibps, runs },
 * info (the server's), served, tmpFs, seconds, othersCpu (CPUs other processes used, or null) }.
 */
export async function measureDownloads({ root, env, testingModule, oursModule, mib, rounds, log }) {
  const server = startDownloadServer({ root, env, testingModule, mib });
  const dir = await mkdtemp(join(os.tmpdir(), "ecr-layer-url-bench-download-"));
  try {
    const info = await server.info;
    log(`download: fake ECR at ${info.endpoint} (own process), one ${mib} MiB layer ${info.layerDigest} (made in ${(info.prepareMs / 1000).toFixed(1)} s)`);
    const tmpFs = await fileSystemOf(dir);
    const runs = new Map(DOWNLOAD_CONTENDERS.map((c) => [c.name, []]));
    const started = performance.now();
    const others0 = othersCpu();
    // Round 0 is a warm-up, not recorded: the first big download after the layer was made
    // ran at half speed here (fresh page cache and disk blocks for the files), whoever ran it.
    for (let round = 0; round <= rounds; round++) {
      for (let k = 0; k < DOWNLOAD_CONTENDERS.length; k++) {
        const { name } = DOWNLOAD_CONTENDERS[(k + round) % DOWNLOAD_CONTENDERS.length];
        const target = {
          endpoint: info.endpoint,
          region: info.region,
          credentials: info.credentials,
          repositoryName: info.repositoryName,
          layerDigest: info.layerDigest,
          size: info.size,
          oursModule,
          // The floors get a fresh pre-signed URL before each run (ours gets its own).
          ...(name === DOWNLOAD_OURS ? {} : { downloadUrl: await server.url() }),
        };
        const path = join(dir, `${name.replace(/[^a-z0-9]+/gi, "-")}-round${round}.layer`);
        const result = await runOnce({ root, env, name, target, path });
        const { size } = await stat(path);
        if (size !== info.size) throw new Error(`${name}: the file has ${size} bytes, expected ${info.size}`);
        await unlink(path);
        const left = await readdir(dir);
        if (left.length) throw new Error(`${name}: left files behind in ${dir}: ${left.join(", ")}`);
        const mibps = info.size / MIB / (result.ms / 1000);
        if (round > 0) runs.get(name).push({ ...result, mibps });
        log(
          `  ${round === 0 ? "warm-up" : `round ${round}`} ${name.padEnd(24)} ${mibps.toFixed(0)} MiB/s (${(result.ms / 1000).toFixed(2)} s), CPU ${(result.cpuUs / 1e6).toFixed(2)} s (user ${(result.userUs / 1e6).toFixed(2)}, sys ${(result.systemUs / 1e6).toFixed(2)})`,
        );
      }
    }
    const phaseUs = (performance.now() - started) * 1000;
    const othersUs = othersCpuUsBetween(others0, othersCpu());
    const served = await server.stats();
    const rows = new Map();
    for (const [name, rs] of runs) {
      const xs = rs.map((r) => r.mibps);
      rows.set(name, {
        mibps: median(xs),
        minMibps: Math.min(...xs),
        maxMibps: Math.max(...xs),
        cpuS: median(rs.map((r) => r.cpuUs / 1e6)),
        userS: median(rs.map((r) => r.userUs / 1e6)),
        systemS: median(rs.map((r) => r.systemUs / 1e6)),
        runs: rs,
      });
    }
    return { rows, info, served, tmpFs, tmpDir: os.tmpdir(), seconds: phaseUs / 1e6, othersCpu: othersUs === null ? null : othersUs / phaseUs };
  } finally {
    await server.close().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}
