// The contenders as the per-call benchmark drives them: create(target) makes a client
// once; call() makes one GetDownloadUrlForLayer call and throws unless the answer is the
// expected one (so a broken contender cannot look fast); check(result) is the stricter
// assertion made on the first call; close() releases the client. The floors also have
// resign(floor): take freshly signed headers (a signature is good for 5 minutes).
//
// target: { endpoint, region, repositoryName, layerDigest, credentials, oursModule?, floor?: {headers, body, expectStatus} }
import { CONTENT_TYPE, X_AMZ_TARGET, requestBody } from "./request.mjs";

function checkDownloadUrl(target, out) {
  if (typeof out?.downloadUrl !== "string" || !out.downloadUrl.startsWith(`${target.endpoint}/blobs/`)) {
    throw new Error(`no download URL in the answer: ${JSON.stringify(out)?.slice(0, 300)}`);
  }
  if (out.layerDigest !== target.layerDigest) throw new Error(`wrong layerDigest ${out.layerDigest}`);
}

function httpError(status, text) {
  return new Error(`HTTP ${status}: ${text.slice(0, 300)}`);
}

export const CLIENTS = {
  async "ecr-layer-url"(target) {
    // The bench's snapshot of dist/node.js (what "ecr-layer-url" resolves to in Node).
    const { EcrLayerClient } = await import(target.oursModule ?? "ecr-layer-url");
    // urlCache off: every call goes to the server, as the SDK's do. With the cache on (the
    // default) every call after the first would be answered from memory, which measures
    // nothing the other contenders do.
    const client = new EcrLayerClient({ region: target.region, endpoint: target.endpoint, credentials: target.credentials, urlCache: false });
    const input = { repositoryName: target.repositoryName, layerDigest: target.layerDigest };
    return {
      call: () => client.getDownloadUrlForLayer(input),
      check: (out) => {
        if (out.$metadata.httpStatusCode !== 200) throw new Error(`status ${out.$metadata.httpStatusCode}`);
        checkDownloadUrl(target, out);
      },
      close: () => client.destroy(),
    };
  },

  async "@aws-sdk/client-ecr"(target) {
    const { ECRClient, GetDownloadUrlForLayerCommand } = await import("@aws-sdk/client-ecr");
    // The SDK's defaults: its NodeHttpHandler with a keep-alive agent (maxSockets 50).
    const client = new ECRClient({ region: target.region, endpoint: target.endpoint, credentials: target.credentials });
    const input = { repositoryName: target.repositoryName, layerDigest: target.layerDigest };
    return {
      call: () => client.send(new GetDownloadUrlForLayerCommand(input)),
      check: (out) => {
        if (out.$metadata.httpStatusCode !== 200) throw new Error(`status ${out.$metadata.httpStatusCode}`);
        checkDownloadUrl(target, out);
      },
      close: () => client.destroy(),
    };
  },

  async aws4fetch(target) {
    const { AwsClient } = await import("aws4fetch");
    const aws = new AwsClient({ ...target.credentials, service: "ecr", region: target.region });
    const url = `${target.endpoint}/`;
    const body = requestBody(target);
    return {
      call: async () => {
        const res = await aws.fetch(url, {
          method: "POST",
          headers: { "content-type": CONTENT_TYPE, "x-amz-target": X_AMZ_TARGET },
          body,
        });
        const text = await res.text();
        if (res.status !== 200) throw httpError(res.status, text);
        return JSON.parse(text);
      },
      check: (out) => checkDownloadUrl(target, out),
      close: () => {},
    };
  },

  async "fetch (floor)"(target) {
    const url = `${target.endpoint}/`;
    const { body, expectStatus } = target.floor;
    // fetch computes Content-Length itself (the same value that was signed).
    const withoutLength = ({ "content-length": _, ...rest }) => rest;
    const headers = withoutLength(target.floor.headers);
    return {
      call: async () => {
        const res = await fetch(url, { method: "POST", headers, body });
        const text = await res.text();
        if (res.status !== expectStatus) throw httpError(res.status, text);
        return JSON.parse(text);
      },
      check: (out) => (expectStatus === 200 ? checkDownloadUrl(target, out) : floorError(out)),
      resign: (floor) => Object.assign(headers, withoutLength(floor.headers)),
      close: () => {},
    };
  },

  async "node:http (floor)"(target) {
    const http = await import("node:http");
    const agent = new http.Agent({ keepAlive: true });
    const { hostname, port } = new URL(target.endpoint);
    const options = { agent, hostname, port, path: "/", method: "POST", headers: { ...target.floor.headers } };
    const { body, expectStatus } = target.floor;
    return {
      call: () =>
        new Promise((resolve, reject) => {
          const req = http.request(options, (res) => {
            const chunks = [];
            res.on("data", (chunk) => chunks.push(chunk));
            res.on("end", () => {
              const text = Buffer.concat(chunks).toString("utf8");
              if (res.statusCode !== expectStatus) reject(httpError(res.statusCode, text));
              else resolve(JSON.parse(text));
            });
            res.on("error", reject);
          });
          req.on("error", reject);
          req.end(body);
        }),
      check: (out) => (expectStatus === 200 ? checkDownloadUrl(target, out) : floorError(out)),
      resign: (floor) => Object.assign(options.headers, floor.headers),
      close: () => agent.destroy(),
    };
  },
};

function floorError(out) {
  if (out?.__type !== "MissingAuthenticationTokenException") throw new Error(`unexpected floor answer ${JSON.stringify(out)}`);
}
