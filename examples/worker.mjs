// A Cloudflare Worker: GET /v2/<repository>/blobs/<digest> answers with a redirect to the
// layer's pre-signed URL, the way a registry does. Bind AWS_REGION, AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY (secrets); ECR_ENDPOINT optionally points it at another endpoint.
import { EcrServiceException, getDownloadUrlForLayer } from "ecr-layer-url";

export default {
  async fetch(request, env) {
    const match = /^\/v2\/(.+)\/blobs\/([^/]+)$/.exec(new URL(request.url).pathname);
    if (!match) return new Response("not found\n", { status: 404 });
    const [, repositoryName, layerDigest] = match;
    try {
      const { downloadUrl } = await getDownloadUrlForLayer(
        { repositoryName, layerDigest },
        {
          region: env.AWS_REGION,
          endpoint: env.ECR_ENDPOINT || undefined,
          credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
        },
      );
      return Response.redirect(downloadUrl, 307);
    } catch (error) {
      const status = error.name === "LayersNotFoundException" || error.name === "RepositoryNotFoundException" ? 404 : 502;
      // error.message is safe to show: the library redacts secrets from it.
      return Response.json({ error: error.name, message: error.message }, { status: error instanceof EcrServiceException ? status : 500 });
    }
  },
};
