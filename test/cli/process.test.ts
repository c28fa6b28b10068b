// The CLI as a process among others: a reader that closes the pipe early, a pager that
// does not exist, a signal mid-download, an output path that is a symlink or a FIFO. Each
// case failed before its fix (a Node stack trace and exit 1, output lost with exit 0, a
// `.partial` file left behind, a symlink replaced by a file).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, cleanupTemps, CLI, fakeEcr, keyEnv, requireBuiltCli, runCli, tempDir } from "./cli-helpers.js";
import type { FakeEcr } from "./cli-helpers.js";

const BIG = Buffer.alloc(4 * 1024 * 1024, 7); // several pipe buffers
let ecr: FakeEcr;
let bigDigest: string;
const SMALL = "a small layer";

beforeAll(async () => {
  requireBuiltCli();
  ecr = await fakeEcr({ repositories: { "cluster-autoscaler": [SMALL, BIG] } });
  bigDigest = `sha256:${createHash("sha256").update(BIG).digest("hex")}`;
});
afterAll(async () => {
  await ecr?.close();
  cleanupTemps();
});

/** A command's line for a layer of the fake. */
function line(command: "get-download-url-for-layer" | "download-layer", digest: string): string[] {
  return [command, "--endpoint-url", ecr.endpoint, "--repository-name", "cluster-autoscaler", "--layer-digest", digest];
}
const smallDigest = `sha256:${createHash("sha256").update(SMALL).digest("hex")}`;

function env(): Record<string, string> {
  return { ...cleanEnv(tempDir()), ...keyEnv(), AWS_REGION: ecr.region };
}

/** Run the CLI with stdout a pipe whose reader closes after the first chunk (as `| head -c1`). */
function runWithEarlyClose(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: env(), stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.once("data", () => child.stdout.destroy());
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("stdout closed early", () => {
  it("get-download-url-for-layer: exit 0 and nothing on stderr, as the AWS CLI", async () => {
    // Output larger than a pipe buffer is not needed: the reader is gone before we write.
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, ...line("get-download-url-for-layer", smallDigest)], { env: env(), stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.destroy();
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (code) => resolve({ code, stderr }));
    });
    expect(result).toEqual({ code: 0, stderr: "" });
  });

  it("download-layer --output-file -: stops, exit 141, no stack trace", async () => {
    const result = await runWithEarlyClose([...line("download-layer", bigDigest), "--output-file", "-"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(141);
  });
});

describe("the pager", () => {
  // The pager is used only when stdout is a terminal: util-linux's `script` gives one.
  const script = "/usr/bin/script";
  it.runIf(existsSync(script))("a pager that does not exist: exit 253 and the AWS CLI's message, not lost output", async () => {
    const command = [process.execPath, CLI, ...line("get-download-url-for-layer", smallDigest), "--query", "layerDigest"].map((a) => `'${a}'`).join(" ");
    const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(script, ["-qec", `${command}; echo "rc=$?"`, "/dev/null"], { env: { ...env(), AWS_PAGER: "no-such-pager-xyz" } });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.on("close", (code) => resolve({ code, out }));
    });
    expect(result.out).toContain("Unable to redirect output to pager.");
    expect(result.out).toContain("[Errno 2] No such file or directory: 'no-such-pager-xyz'");
    expect(result.out).toContain("rc=253");
  });
});

describe("a signal during a download", () => {
  it("SIGTERM: the temporary file is removed, the target untouched, exit 143", async () => {
    const dir = tempDir();
    const target = join(dir, "layer.bin");
    writeFileSync(target, "before");
    ecr.setFaults([{ type: "slow-drip", match: "blob", chunkBytes: 64 * 1024, intervalMs: 50 }]);
    try {
      const code = await new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [CLI, ...line("download-layer", bigDigest), "--output-file", target], { env: env(), stdio: "ignore" });
        const poll = setInterval(() => {
          // Once the temporary file exists, the download is under way.
          if (readdirSync(dir).some((f) => f.endsWith(".partial"))) {
            clearInterval(poll);
            child.kill("SIGTERM");
          }
        }, 20);
        child.on("close", (c) => {
          clearInterval(poll);
          resolve(c);
        });
      });
      expect(code).toBe(143);
      expect(readdirSync(dir)).toEqual(["layer.bin"]);
      expect(readFileSync(target, "utf8")).toBe("before");
    } finally {
      ecr.setFaults([]);
    }
  });
});

describe("--output-file that is not a plain path", () => {
  it("a symlink to a file: the file it points to gets the layer, the symlink stays", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "real.bin"), "old");
    symlinkSync(join(dir, "real.bin"), join(dir, "link.bin"));
    const result = await runCli([...line("download-layer", smallDigest), "--output-file", join(dir, "link.bin")], { env: env() });
    expect(result.code).toBe(0);
    expect(lstatSync(join(dir, "link.bin")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "link.bin"))).toBe(join(dir, "real.bin"));
    expect(readFileSync(join(dir, "real.bin"), "utf8")).toBe(SMALL);
  });

  it("a FIFO: the bytes go through it and it stays a FIFO", async () => {
    const dir = tempDir();
    const fifo = join(dir, "pipe");
    await new Promise((resolve, reject) => spawn("mkfifo", [fifo]).on("close", (c) => (c === 0 ? resolve(c) : reject(new Error(`mkfifo ${c}`)))));
    const reader = new Promise<Buffer>((resolve) => {
      const cat = spawn("cat", [fifo]);
      const chunks: Buffer[] = [];
      cat.stdout.on("data", (d: Buffer) => chunks.push(d));
      cat.on("close", () => resolve(Buffer.concat(chunks)));
    });
    const result = await runCli([...line("download-layer", smallDigest), "--output-file", fifo], { env: env() });
    expect(result.code).toBe(0);
    expect((await reader).toString()).toBe(SMALL);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });
});

describe("settings that cannot be honoured say so", () => {
  it("AWS_RETRY_MODE=legacy: a warning on stderr, and the call made in standard mode", async () => {
    ecr.setFaults([{ type: "error", code: "ServerException" }]);
    try {
      const result = await runCli(line("get-download-url-for-layer", smallDigest), { env: { ...env(), AWS_RETRY_MODE: "legacy" } });
      expect(result.stderr).toContain("retry_mode=legacy (from AWS_RETRY_MODE or the profile) is not supported; using standard.");
      // Standard mode's 3 attempts (legacy mode would make 5).
      expect(result.stderr).toContain("(reached max retries: 2)");
      expect(result.code).toBe(254);
    } finally {
      ecr.setFaults([]);
    }
  });
});
