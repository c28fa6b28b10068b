// Floor: the same POST with global fetch and no signing code. BENCH_AMZ_DATE and
// BENCH_AUTHORIZATION, when set, are sent as they are (the benchmark signs the request
// once beforehand); without them the server answers 403. Prints the layer digest, or the
// status and error code. Otherwise the same environment contract as ecr-layer-url.mjs.
const env = globalThis.process?.env ?? {};
const headers = {
  "content-type": "application/x-amz-json-1.1",
  "x-amz-target": "AmazonEC2ContainerRegistry_V20150921.GetDownloadUrlForLayer",
};
if (env.BENCH_AUTHORIZATION) {
  headers["x-amz-date"] = env.BENCH_AMZ_DATE;
  headers.authorization = env.BENCH_AUTHORIZATION;
}
fetch(`${env.BENCH_ENDPOINT ?? "https://api.ecr.us-east-1.amazonaws.com"}/`, {
  method: "POST",
  headers,
  body: JSON.stringify({ repositoryName: env.BENCH_REPOSITORY ?? "bench", layerDigest: env.BENCH_DIGEST ?? `sha256:${"0".repeat(64)}` }),
})
  .then((res) => res.json().then((out) => console.log(res.ok ? out.layerDigest : `${res.status} ${out.__type}`)));
