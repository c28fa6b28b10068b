/** Shared set-up for the wire tests: a real fake ECR on loopback and clients of both builds. */
import { EcrLayerClient as FetchClient } from "../../src/index.js";
import { EcrLayerClient as NodeClient } from "../../src/node.js";
import type { EcrLayerClientConfig } from "../../src/config.js";
import { FAKE_CREDENTIALS, startFakeEcr } from "../../src/testing/index.js";

export type FakeEcr = Awaited<ReturnType<typeof startFakeEcr>>;

export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** Both transports run the same wire tests: `node:http` (Node entry) and `fetch` (agnostic entry). */
export const runtimes = [
  { name: "node:http", Client: NodeClient },
  { name: "fetch", Client: FetchClient },
] as const;

export async function fakeEcr(options: Parameters<typeof startFakeEcr>[0] = {}): Promise<FakeEcr> {
  return startFakeEcr({ repositories: { "cluster-autoscaler": ["layer one", "layer two"], "team/app": ["app layer"] }, ...options });
}

export function clientConfig(ecr: FakeEcr, extra: EcrLayerClientConfig = {}): EcrLayerClientConfig {
  return { region: ecr.region, endpoint: ecr.endpoint, credentials: FAKE_CREDENTIALS, ...extra };
}

export function firstLayer(ecr: FakeEcr, repositoryName = "cluster-autoscaler"): { repositoryName: string; layerDigest: string } {
  const layer = ecr.layers.find((l) => l.repositoryName === repositoryName);
  if (!layer) throw new Error(`no layer in ${repositoryName}`);
  return { repositoryName, layerDigest: layer.layerDigest };
}

/** The API requests the server received (not blob fetches or preflights). */
export function apiRequests(ecr: FakeEcr) {
  return ecr.requests.filter((r) => r.kind === "api");
}

/** Run `fn` and return what it threw (failing the test if it didn't). */
export async function thrown(fn: () => Promise<unknown>): Promise<Error & Record<string, any>> {
  try {
    await fn();
  } catch (error) {
    return error as Error & Record<string, any>;
  }
  throw new Error("expected the call to throw");
}

export { FAKE_CREDENTIALS };
