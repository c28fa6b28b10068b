// The GetDownloadUrlForLayer request as the hand-built contenders send it: AWS JSON 1.1,
// the same target, content type and body as ecr-layer-url and the SDK send.
export const X_AMZ_TARGET = "AmazonEC2ContainerRegistry_V20150921.GetDownloadUrlForLayer";
export const CONTENT_TYPE = "application/x-amz-json-1.1";

export const requestBody = ({ repositoryName, layerDigest }) => JSON.stringify({ repositoryName, layerDigest });

/**
 * The floors' request. "presigned": signed by the bench, then sent byte for byte on
 * every call (the fake accepts a signature for 5 minutes and does not detect
 * replays), so the server does the same work as for a signed client (verify, sign a
 * download URL, answer 200) while the floor does no signing at all. "unsigned": the same
 * headers without x-amz-date / authorization; the fake answers 400
 * MissingAuthenticationTokenException, which costs it less than a 200.
 * @param signSigV4 the signer exported by ecr-layer-url/testing
 * @returns {{ headers: Record<string, string>, body: string, expectStatus: number }}
 */
export function floorRequest(target, mode, signSigV4) {
  const body = requestBody(target);
  const headers = {
    "content-type": CONTENT_TYPE,
    "x-amz-target": X_AMZ_TARGET,
    "content-length": String(Buffer.byteLength(body)),
  };
  if (mode === "unsigned") return { headers, body, expectStatus: 400 };
  const signed = signSigV4(
    { method: "POST", url: `${target.endpoint}/`, headers, body },
    { credentials: target.credentials, region: target.region, service: "ecr" },
  );
  return { headers: signed.headers, body, expectStatus: 200 };
}
