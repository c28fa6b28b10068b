/**
 * The fault matrix: every fault of cases.ts, in every scenario, over real HTTP to the
 * fake ECR, over both transports. Real jitter throughout: the back-off is checked
 * against its bounds, from the client's log and from when the server saw each retry.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { GetDownloadUrlForLayerOutput } from "../../src/operation.js";
import type { ResponseMetadata } from "../../src/errors.js";
import { startFakeEcr } from "../../src/testing/index.js";
import { apiRequests, clientConfig, FAKE_CREDENTIALS, firstLayer, runtimes } from "../wire/helpers.js";
import type { FakeEcr } from "../wire/helpers.js";
import { cases, MAX_ATTEMPTS, sleepBounds, TIMEOUT_MS } from "./cases.js";
import type { Case } from "./cases.js";

/** Slack on every time bound: the VM is noisy, and a retry also signs and connects. */
const CALL_SLACK_MS = 1500;
const GAP_SLACK_MS = 250;
/** Timers may fire a millisecond early by performance.now(); receivedAt is rounded the other way. */
const EARLY_MS = 5;

const table: Array<[string, string, string, string, string, string]> = [];

interface LogLine {
  at: number;
  line: string;
}

type Outcome = { ok: true; value: GetDownloadUrlForLayerOutput } | { ok: false; error: Error & Record<string, any> };

/**
 * The call's time range: at most every attempt at its worst and every sleep at its cap,
 * plus slack; at least the attempts' floor and every sleep at its least.
 */
function timeBounds(c: Case): { min: number; max: number } {
  const sleeps = c.expected.backoffs.map((kind, i) => sleepBounds(kind, i, c.retryAfterMs));
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    min: c.minMs + sum(sleeps.map((s) => s.min)) - EARLY_MS,
    max: c.expected.attempts * c.attemptMs + sum(sleeps.map((s) => s.max)) + CALL_SLACK_MS,
  };
}

async function run(Client: (typeof runtimes)[number]["Client"], c: Case) {
  const ecr: FakeEcr = await startFakeEcr({ repositories: { "cluster-autoscaler": ["layer one"] }, clockSkewMs: c.clockSkewMs });
  const log: LogLine[] = [];
  const client = new Client(
    clientConfig(ecr, {
      maxAttempts: MAX_ATTEMPTS,
      requestTimeoutMs: TIMEOUT_MS,
      urlCache: false,
      logger: { debug: (line: unknown) => log.push({ at: performance.now(), line: String(line) }) },
    }),
  );
  try {
    ecr.setFaults(c.faults(ecr));
    const started = performance.now();
    const outcome: Outcome = await client.getDownloadUrlForLayer(firstLayer(ecr)).then(
      (value): Outcome => ({ ok: true, value }),
      (error: Error & Record<string, any>): Outcome => ({ ok: false, error }),
    );
    const ms = performance.now() - started;
    return { log, outcome, ms, offset: client.systemClockOffset, requests: apiRequests(ecr), layer: firstLayer(ecr), endpoint: ecr.endpoint };
  } finally {
    client.destroy();
    await ecr.close();
  }
}

describe.each(runtimes)("fault matrix over $name", ({ name: transport, Client }) => {
  it.each(cases.map((c) => [`${c.fault}, ${c.scenario}`, c] as const))("%s", async (_label, c) => {
    const { log, outcome, ms, offset, requests, layer, endpoint } = await run(Client, c);
    const $metadata: ResponseMetadata = outcome.ok ? outcome.value.$metadata : outcome.error.$metadata;
    table.push([
      transport,
      c.fault,
      c.scenario,
      outcome.ok ? "ok" : outcome.error.name,
      String($metadata?.attempts ?? "?"),
      String(Math.round(ms)),
    ]);
    const { expected } = c;

    // The outcome, and the exact class of the error.
    if (expected.outcome === "ok") {
      if (!outcome.ok) throw outcome.error;
      const { value } = outcome;
      expect(value.layerDigest).toBe(layer.layerDigest);
      expect(value.downloadUrl.slice(0, endpoint.length + 7)).toBe(`${endpoint}/blobs/`);
      expect(value.$metadata).toMatchObject({ httpStatusCode: 200, fromCache: false });
    } else {
      if (outcome.ok) expect.fail(`expected ${expected.outcome.name}, got a URL after ${outcome.value.$metadata.attempts} attempts`);
      const { error } = outcome;
      expect(error).toBeInstanceOf(expected.outcome.class);
      expect(Object.getPrototypeOf(error)).toBe(expected.outcome.class.prototype);
      expect(error.name).toBe(expected.outcome.name);
      expect(error.$metadata.httpStatusCode).toBe(expected.outcome.httpStatusCode);
      if (expected.outcome.fault) {
        expect(error.$fault).toBe(expected.outcome.fault);
        expect(error.$retryable).toEqual(expected.outcome.retryable);
      }
      // However big or odd the answer, the message stays a sentence.
      expect(error.message.length).toBeLessThan(2048);
    }

    // The attempt count, as the client reports it and as the server saw it.
    expect($metadata.attempts).toBe(expected.attempts);
    expect(requests).toHaveLength(expected.attempts);
    // The script ran as meant: the fault answered the first requests and none after, and
    // every request was signed right (but the skewed clock's first).
    expect(requests.map((r) => r.fault !== undefined)).toEqual(requests.map((_, i) => i < expected.faulted));
    expect(requests.map((r) => r.signature)).toEqual(expected.signatures ?? requests.map(() => "valid"));

    // The back-off: each sleep on its kind's base and below its cap, summed in $metadata.
    const sleeps = log.flatMap(({ line }) => {
      const m = /retrying in (\d+) ms after (\w+) \((throttling|transient)\)/.exec(line);
      return m ? [{ ms: Number(m[1]), kind: m[3] }] : [];
    });
    expect(sleeps.map((s) => s.kind)).toEqual(expected.backoffs);
    sleeps.forEach((sleep, i) => {
      const bounds = sleepBounds(expected.backoffs[i]!, i, c.retryAfterMs);
      expect(sleep.ms, `sleep before retry ${i}`).toBeGreaterThanOrEqual(bounds.min);
      expect(sleep.ms, `sleep before retry ${i}`).toBeLessThan(bounds.max);
    });
    expect($metadata.totalRetryDelay).toBe(sleeps.reduce((sum, s) => sum + s.ms, 0));
    const skewLines = log.filter(({ line }) => line.includes("retrying at once with the clock offset corrected"));
    expect(skewLines).toHaveLength(expected.skewRetries);
    if (expected.clockOffsetMs !== undefined) expect(Math.abs(offset - expected.clockOffsetMs)).toBeLessThan(2500);

    // From the server's side: the retry after each failed attempt (whose end the client
    // logs at once) arrived no sooner than its sleep, and not much later.
    const ends = log.filter(({ line }) => /: attempt \d+\//.test(line)).map(({ at }) => at);
    const waits = log.flatMap(({ line }) => {
      const sleep = /retrying in (\d+) ms/.exec(line);
      if (sleep) return [Number(sleep[1])];
      return line.includes("retrying at once") ? [0] : [];
    });
    expect(ends).toHaveLength(expected.attempts);
    expect(waits).toHaveLength(expected.attempts - 1);
    waits.forEach((wait, i) => {
      const gap = requests[i + 1]!.receivedAt - ends[i]!;
      expect(gap, `gap before attempt ${i + 2}`).toBeGreaterThanOrEqual(wait - EARLY_MS);
      expect(gap, `gap before attempt ${i + 2}`).toBeLessThan(wait + GAP_SLACK_MS);
    });

    // The time bound, and the floor that shows the slow faults and long waits really were.
    const bounds = timeBounds(c);
    expect(ms).toBeLessThan(bounds.max);
    expect(ms).toBeGreaterThanOrEqual(bounds.min);

    // Nothing secret in what the caller sees: not the key, not a pre-signed URL's signature.
    const seen = [...log.map((l) => l.line), outcome.ok ? "" : `${outcome.error.message}\n${outcome.error.stack}`].join("\n");
    expect(seen).not.toContain(FAKE_CREDENTIALS.secretAccessKey);
    expect(seen).not.toMatch(/X-Amz-Signature=/i);
  }, 30_000);
});

afterAll(() => {
  const header = ["transport", "fault", "scenario", "outcome", "attempts", "time ms"] as const;
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i >= 4 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ").trimEnd();
  console.log(["", line(header), line(widths.map((w) => "-".repeat(w))), ...table.map(line)].join("\n"));
});
