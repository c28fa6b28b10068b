// Floor: the same POST with node:http and a keep-alive agent, no signing code. Same
// environment as fetch.mjs (BENCH_AMZ_DATE / BENCH_AUTHORIZATION sent when set). Node only.
import { Agent, request } from "node:http";

const env = process.env;
const body = JSON.stringify({ repositoryName: env.BENCH_REPOSITORY ?? "bench", layerDigest: env.BENCH_DIGEST ?? `sha256:${"0".repeat(64)}` });
const headers = {
  "content-type": "application/x-amz-json-1.1",
  "x-amz-target": "AmazonEC2ContainerRegistry_V20150921.GetDownloadUrlForLayer",
  "content-length": String(Buffer.byteLength(body)),
};
if (env.BENCH_AUTHORIZATION) {
  headers["x-amz-date"] = env.BENCH_AMZ_DATE;
  headers.authorization = env.BENCH_AUTHORIZATION;
}
const { hostname, port } = new URL(env.BENCH_ENDPOINT ?? "http://127.0.0.1:80");
const req = request({ agent: new Agent({ keepAlive: true }), hostname, port, path: "/", method: "POST", headers }, (res) => {
  const chunks = [];
  res.on("data", (chunk) => chunks.push(chunk));
  res.on("end", () => {
    const out = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    console.log(res.statusCode === 200 ? out.layerDigest : `${res.statusCode} ${out.__type}`);
  });
});
req.end(body);
