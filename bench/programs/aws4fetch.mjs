// The same one-call program with aws4fetch and a hand-built AWS JSON 1.1 request. Same
// environment contract as ecr-layer-url.mjs.
import { AwsClient } from "aws4fetch";

const env = globalThis.process?.env ?? {};
const aws = new AwsClient({
  accessKeyId: env.BENCH_ACCESS_KEY_ID ?? "AKIDEXAMPLE",
  secretAccessKey: env.BENCH_SECRET_ACCESS_KEY ?? "secret",
  service: "ecr",
  region: "us-east-1",
});
aws
  .fetch(`${env.BENCH_ENDPOINT ?? "https://api.ecr.us-east-1.amazonaws.com"}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "AmazonEC2ContainerRegistry_V20150921.GetDownloadUrlForLayer",
    },
    body: JSON.stringify({ repositoryName: env.BENCH_REPOSITORY ?? "bench", layerDigest: env.BENCH_DIGEST ?? `sha256:${"0".repeat(64)}` }),
  })
  .then(async (res) => {
    const out = await res.json();
    if (!res.ok) throw new Error(`${res.status} ${out.__type}`);
    console.log(out.layerDigest);
  });
