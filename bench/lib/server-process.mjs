// The fake ECR of lib/server.mjs in a process of its own, so no measured process shares
// its CPU or event loop: `info` resolves to its first line (endpoint, region, repository,
// digest, keys), `stats()` to its answer counts, `close()` ends it.
import { fileURLToPath } from "node:url";
import { lineChild } from "./child.mjs";

export function startServerProcess({ root, env, testingModule, what = "the fake ECR server" }) {
  const child = lineChild(what, [fileURLToPath(new URL("./server.mjs", import.meta.url))], {
    cwd: root,
    env: { ...env, ...(testingModule ? { BENCH_TESTING_MODULE: testingModule } : {}) },
    inheritStderr: true,
  });
  return {
    info: child.next(),
    stats: () => {
      child.send("stats");
      return child.next();
    },
    setFaults: (faults) => {
      child.send(`faults ${JSON.stringify(faults)}`);
      return child.next();
    },
    close: () => child.end(),
  };
}
