// An AWS Lambda function: invoked with { repositoryName, layerDigest, registryId? }, it
// answers { statusCode: 200, layerDigest, downloadUrl, expiresAt } with the layer's
// pre-signed download URL, 404 when ECR has no such layer or repository, 400 for a bad input.
//
// Bundle it (from the project root; in your own project, the same without the path):
//
//   npx esbuild examples/lambda/handler.mjs --bundle --platform=node --target=node20 --format=cjs --minify '--external:@aws-sdk/*' --outfile=build/lambda/index.js
//
// then zip build/lambda/index.js and deploy it with the handler `index.handler` on a
// nodejs20.x (or later) runtime. `@aws-sdk/*` stays external: Lambda's runtime provides it.
// The role needs ecr:GetDownloadUrlForLayer on the repositories.
//
// Nothing is configured here. Lambda puts the region (AWS_REGION) and the role's temporary
// credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) in the
// environment; the client reads them directly and never loads the AWS SDK's default
// credential chain (@aws-sdk/credential-provider-node), so a cold start stays short.
// AWS_ENDPOINT_URL_ECR, when set, points it at another endpoint (a VPC endpoint, a fake ECR).
// Without client options, every invocation of a warm instance shares one client and its
// keep-alive connection.
import { EcrInputError, getDownloadUrlForLayer, redactUrl } from "ecr-layer-url";

const NOT_FOUND = new Set(["LayersNotFoundException", "RepositoryNotFoundException"]);

export const handler = async (event, context) => {
  const { repositoryName, layerDigest, registryId } = event ?? {};
  // Give up a second before Lambda would end the invocation, so the error is ours to report.
  const remainingMs = context?.getRemainingTimeInMillis?.() ?? 30_000;
  try {
    const out = await getDownloadUrlForLayer(
      { repositoryName, layerDigest, ...(registryId ? { registryId } : {}) },
      { abortSignal: AbortSignal.timeout(Math.max(remainingMs - 1_000, 1_000)) },
    );
    // The URL grants access to the layer until it expires: log it redacted only.
    console.log(JSON.stringify({ repositoryName, layerDigest: out.layerDigest, downloadUrl: redactUrl(out.downloadUrl), attempts: out.$metadata.attempts }));
    return { statusCode: 200, layerDigest: out.layerDigest, downloadUrl: out.downloadUrl, expiresAt: out.expiresAt?.toISOString() };
  } catch (error) {
    if (error instanceof EcrInputError) return { statusCode: 400, error: error.name, message: error.message };
    if (NOT_FOUND.has(error.name)) return { statusCode: 404, error: error.name, message: error.message };
    // Anything else (throttling after retries, a network failure, no credentials) fails the
    // invocation, so Lambda records it and an asynchronous caller can retry.
    throw error;
  }
};
