// Usage: node examples/node.mjs <repository> <layer-digest> [registry-id]
// Region and credentials come from the environment / ~/.aws, as for the AWS CLI.
// Try it without AWS: ECR_ENDPOINT=http://127.0.0.1:PORT with a fake ECR running.
import { EcrLayerClient, EcrServiceException, redactUrl } from "ecr-layer-url";

const [repositoryName, layerDigest, registryId] = process.argv.slice(2);
if (!repositoryName || !layerDigest) {
  console.error("usage: node examples/node.mjs <repository> <layer-digest> [registry-id]");
  process.exit(2);
}

const client = new EcrLayerClient({
  endpoint: process.env.ECR_ENDPOINT, // undefined: resolved from the region
  logger: process.env.DEBUG ? console : undefined,
});

try {
  const { downloadUrl, expiresAt, $metadata } = await client.getDownloadUrlForLayer(
    { repositoryName, layerDigest, registryId },
    { abortSignal: AbortSignal.timeout(15_000) },
  );
  console.log(JSON.stringify({ downloadUrl: redactUrl(downloadUrl), expiresAt, attempts: $metadata.attempts }, null, 2));
} catch (error) {
  // error.name is the AWS error code for service errors, e.g. LayersNotFoundException.
  console.error(`${error.name}: ${error.message}`);
  process.exitCode = error instanceof EcrServiceException ? 1 : 2;
}
