// A child process spoken to in JSON lines: next() resolves with its next stdout line,
// parsed; send() writes one line to its stdin; end() closes stdin and waits for the exit.
// If the child dies, pending and later next() calls reject with the end of its stderr.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

export function lineChild(label, args, { cwd, env, inheritStderr = false }) {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["pipe", "pipe", inheritStderr ? "inherit" : "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  const queued = [];
  const waiting = [];
  let exited;
  createInterface({ input: child.stdout }).on("line", (line) => {
    const value = JSON.parse(line);
    const w = waiting.shift();
    if (w) w.resolve(value);
    else queued.push(value);
  });
  const exit = new Promise((resolve) => child.once("exit", resolve)).then((code) => {
    exited = new Error(`${label} exited (${code})${stderr ? `:\n${stderr}` : ""}`);
    for (const w of waiting.splice(0)) w.reject(exited);
  });
  child.stdin.on("error", () => {}); // a child that died: reported through next()
  return {
    next: () =>
      queued.length ? Promise.resolve(queued.shift()) : exited ? Promise.reject(exited) : new Promise((resolve, reject) => waiting.push({ resolve, reject })),
    send: (value) => child.stdin.write(`${typeof value === "string" ? value : JSON.stringify(value)}\n`),
    end: async () => {
      child.stdin.end();
      await exit;
    },
  };
}
