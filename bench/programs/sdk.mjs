// The same one-call program with @aws-sdk/client-ecr: import the command, pass explicit
// credentials, make one call. Same environment contract as ecr-layer-url.mjs.
import { ECRClient, GetDownloadUrlForLayerCommand } from "@aws-sdk/client-ecr";

const env = globalThis.process?.env ?? {};
const client = new ECRClient({
  region: "us-east-1",
  endpoint: env.BENCH_ENDPOINT,
  credentials: { accessKeyId: env.BENCH_ACCESS_KEY_ID ?? "AKIDEXAMPLE", secretAccessKey: env.BENCH_SECRET_ACCESS_KEY ?? "secret" },
});
client
  .send(new GetDownloadUrlForLayerCommand({ repositoryName: env.BENCH_REPOSITORY ?? "bench", layerDigest: env.BENCH_DIGEST ?? `sha256:${"0".repeat(64)}` }))
  .then((out) => console.log(out.layerDigest));
