// The demo `npm run demo` runs: start the built-in fake ECR on loopback, ask it for a
// layer's download URL exactly as you would ask ECR, and print what came back.
import { getDownloadUrlForLayer, redactUrl } from "ecr-layer-url";
import { FAKE_CREDENTIALS, startFakeEcr } from "ecr-layer-url/testing";

const ecr = await startFakeEcr({
  repositories: { "cluster-autoscaler": ["a layer's bytes: in real life a gzipped tarball"] },
});
try {
  const [layer] = ecr.layers;
  console.log(`fake ECR listening at ${ecr.endpoint}, holding ${layer.repositoryName}@${layer.layerDigest}\n`);

  const started = performance.now();
  const { downloadUrl, layerDigest, expiresAt, $metadata } = await getDownloadUrlForLayer(
    { repositoryName: layer.repositoryName, layerDigest: layer.layerDigest },
    // Against real ECR you would pass neither: the region and credentials come from the
    // environment, ~/.aws/config or the AWS default credential chain.
    { region: ecr.region, endpoint: ecr.endpoint, credentials: FAKE_CREDENTIALS },
  );
  const ms = (performance.now() - started).toFixed(1);

  console.log(`layerDigest  ${layerDigest}`);
  // A pre-signed URL grants access until it expires: log it only with redactUrl().
  console.log(`downloadUrl  ${redactUrl(downloadUrl)}`);
  console.log(`expiresAt    ${expiresAt?.toISOString()} (in ${Math.round((expiresAt - Date.now()) / 60_000)} minutes)`);
  console.log(`request      ${$metadata.requestId}, HTTP ${$metadata.httpStatusCode}, ${$metadata.attempts} attempt(s), ${ms} ms`);

  // The URL works: fetch the blob and check it is the layer we asked for.
  const blob = new Uint8Array(await (await fetch(downloadUrl)).arrayBuffer());
  const { createHash } = await import("node:crypto");
  const actual = `sha256:${createHash("sha256").update(blob).digest("hex")}`;
  console.log(`\nfetched ${blob.byteLength} bytes from the URL; sha256 ${actual === layerDigest ? "matches" : "DOES NOT match"} the digest`);
  if (actual !== layerDigest) process.exitCode = 1;
} finally {
  await ecr.close();
}
