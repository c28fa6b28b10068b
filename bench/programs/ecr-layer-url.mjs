// The program the size budgets and the cold-start benchmark measure: import the call, pass
// explicit credentials, make one call. The endpoint comes from the environment so the same
// bundle can run against the benchmark's loopback server.
import { getDownloadUrlForLayer } from "ecr-layer-url";

const env = globalThis.process?.env ?? {};
getDownloadUrlForLayer(
  { repositoryName: env.BENCH_REPOSITORY ?? "bench", layerDigest: env.BENCH_DIGEST ?? `sha256:${"0".repeat(64)}` },
  {
    region: "us-east-1",
    endpoint: env.BENCH_ENDPOINT,
    credentials: { accessKeyId: env.BENCH_ACCESS_KEY_ID ?? "AKIDEXAMPLE", secretAccessKey: env.BENCH_SECRET_ACCESS_KEY ?? "secret" },
  },
).then((out) => console.log(out.layerDigest));
