// The fake ECR in a process of its own, so the measuring process's CPU time is the
// client's alone. Prints one JSON line (endpoint, region, repository, digest, keys) on
// stdout once listening. Reads commands on stdin, one per line:
//   "stats" -> prints {"statuses": {"200": n, ...}, "signatures": {"valid": n, ...}, "api": n, "other": n, "connections": n}
//              (connections: open right now, idle keep-alive ones included)
//   "faults <json array>" -> replaces the fault queue (see FakeEcr.setFaults), prints {"ok": true}
// and exits when stdin ends (the parent died or closed it).
import { createInterface } from "node:readline";

// BENCH_TESTING_MODULE: the bench's snapshot of dist/testing (default: the package's).
const { FAKE_CREDENTIALS, startFakeEcr } = await import(process.env.BENCH_TESTING_MODULE ?? "ecr-layer-url/testing");

const REPOSITORY = "bench";

const ecr = await startFakeEcr({ repositories: { [REPOSITORY]: ["layer bytes for the ecr-layer-url benchmark\n".repeat(64)] } });

// The server records every request; fold finished records into counters now and then so
// thousands of calls don't pile up in memory (and in the server's GC work).
const statuses = {};
const signatures = {};
const kinds = { api: 0, other: 0 };
function fold() {
  const pending = [];
  for (const record of ecr.requests) {
    if (record.status === 0) {
      pending.push(record);
      continue;
    }
    statuses[record.status] = (statuses[record.status] ?? 0) + 1;
    signatures[record.signature] = (signatures[record.signature] ?? 0) + 1;
    kinds[record.kind === "api" ? "api" : "other"] += 1;
  }
  ecr.requests.length = 0;
  ecr.requests.push(...pending);
}
const timer = setInterval(fold, 250);

process.stdout.write(
  `${JSON.stringify({
    endpoint: ecr.endpoint,
    region: ecr.region,
    repositoryName: REPOSITORY,
    layerDigest: ecr.layers[0].layerDigest,
    credentials: { accessKeyId: FAKE_CREDENTIALS.accessKeyId, secretAccessKey: FAKE_CREDENTIALS.secretAccessKey },
  })}\n`,
);

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line === "stats") {
    fold();
    ecr.openConnections().then((connections) => process.stdout.write(`${JSON.stringify({ statuses, signatures, ...kinds, connections })}\n`));
  } else if (line.startsWith("faults ")) {
    ecr.setFaults(JSON.parse(line.slice("faults ".length)));
    process.stdout.write(`${JSON.stringify({ ok: true })}\n`);
  }
});
lines.on("close", async () => {
  clearInterval(timer);
  await ecr.close();
  process.exit(0);
});
