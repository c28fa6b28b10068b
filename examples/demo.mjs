// The demo `npm run demo` runs: start the built-in fake ECR on loopback, ask it for a
// layer's download URL exactly as you would ask ECR, print what came back, then download
// the layer, verified against its digest, and watch a tampered copy be refused. Last, the
// same call from the command line, as `aws ecr get-download-url-for-layer` would make it.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EcrLayerClient, getDownloadUrlForLayer, redactUrl } from "ecr-layer-url";
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

  // Download it: the bytes are hashed as they stream and must match the digest. The file
  // appears only once they do (written beside it first, then renamed).
  const dir = await mkdtemp(join(tmpdir(), "ecr-layer-url-demo-"));
  try {
    const path = join(dir, "layer.tar.gz");
    const client = new EcrLayerClient({ region: ecr.region, endpoint: ecr.endpoint, credentials: FAKE_CREDENTIALS });
    const saved = await client.downloadLayerToFile({ repositoryName: layer.repositoryName, layerDigest }, path);
    console.log(`\ndownloaded    ${saved.size} bytes to ${path}, verified against ${saved.layerDigest}`);

    // The same layer, with one byte changed on the way (a fault the fake server can inject):
    // the download fails, and no file is left behind.
    ecr.setFaults([{ type: "corrupt", match: "blob", times: 1 }]);
    const tamperedPath = join(dir, "tampered.tar.gz");
    try {
      await client.downloadLayerToFile({ repositoryName: layer.repositoryName, layerDigest }, tamperedPath);
      console.log("tampered      NOT DETECTED");
      process.exitCode = 1;
    } catch (error) {
      if (error.name !== "LayerDigestMismatchError") throw error;
      console.log(`tampered      refused: ${error.name}: ${error.message}`);
      console.log(`              files left in the directory: ${(await readdir(dir)).join(", ")}`);
    }
    client.destroy();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  // The command line: the AWS CLI's options, output and exit codes. Against real ECR you
  // would leave out --endpoint-url, and the keys would be your own.
  const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
  const env = {
    PATH: process.env.PATH,
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    AWS_REGION: ecr.region,
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  };
  for (const repository of [layer.repositoryName, "no-such-repository"]) {
    const args = ["get-download-url-for-layer", "--endpoint-url", ecr.endpoint, "--repository-name", repository, "--layer-digest", layerDigest, "--query", "layerDigest", "--output", "text"];
    console.log(`\n$ ecr-layer-url ${args.join(" ")}`);
    try {
      // Asynchronously: the fake server answers from this process's event loop.
      process.stdout.write((await promisify(execFile)(process.execPath, [cli, ...args], { env })).stdout);
    } catch (error) {
      process.stdout.write(`${error.stderr.trim()}\n(exit code ${error.code})\n`);
    }
  }
} finally {
  await ecr.close();
}
