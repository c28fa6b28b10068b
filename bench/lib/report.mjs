// The printed report: one markdown table (values with ratios to the SDK and to the
// node:http floor) and the targets check.
import { FLOOR, SDK } from "./contenders.mjs";

const int = (x) => Math.round(x).toLocaleString("en-US");
const fixed = (digits) => (x) => x.toFixed(digits);
const ratio = (r) => (!Number.isFinite(r) ? "?" : r >= 10 ? r.toFixed(0) : r.toFixed(2));

const COLUMNS = [
  { key: "coldMs", label: "cold start ms", fmt: int },
  { key: "rssMb", label: "peak RSS MB", fmt: fixed(1) },
  { key: "cpuUs", label: "CPU us/call", fmt: int },
  { key: "p50Us", label: "p50 us", fmt: int },
  { key: "p99Us", label: "p99 us", fmt: int },
  { key: "callsPerSec", label: "calls/s c32", fmt: int },
  { key: "browserGz", label: "browser gz B", fmt: int, sizes: true },
  { key: "nodeGz", label: "node gz B", fmt: int, sizes: true },
];

function cell(column, rows, name) {
  const value = rows.get(name)[column.key];
  if (value === undefined || value === null || Number.isNaN(value)) return rows.get(name)[`${column.key}Note`] ?? "n/a";
  const sdk = rows.get(SDK);
  const floor = rows.get(FLOOR);
  if (column.key === "nodeGz") {
    // The SDK's node bundle with @aws-sdk/* external is only the program; compare with
    // the SDK bundled whole (what the cold start runs), and say so.
    if (name === SDK) return `${int(value)} ext. / ${int(sdk.nodeGzWhole)} whole`;
    return `${int(value)} (${ratio(value / sdk.nodeGzWhole)}x SDK whole)`;
  }
  const parts = [];
  if (name !== SDK && Number.isFinite(sdk[column.key])) parts.push(`${ratio(value / sdk[column.key])}x SDK`);
  if (!column.sizes && name !== FLOOR && Number.isFinite(floor[column.key])) parts.push(`${ratio(value / floor[column.key])}x floor`);
  return parts.length ? `${column.fmt(value)} (${parts.join(", ")})` : column.fmt(value);
}

/** @param rows Map name -> { coldMs, rssMb, cpuUs, p50Us, p99Us, callsPerSec, browserGz, nodeGz, nodeGzWhole } */
export function table(names, rows) {
  const lines = [];
  lines.push(`| contender | ${COLUMNS.map((c) => c.label).join(" | ")} |`);
  lines.push(`| --- | ${COLUMNS.map(() => "---:").join(" | ")} |`);
  for (const name of names) lines.push(`| ${name} | ${COLUMNS.map((c) => cell(c, rows, name)).join(" | ")} |`);
  return lines.join("\n");
}

/** The spec's targets for ecr-layer-url, each with the measured value and pass/MISS. */
export function targets(rows, ours) {
  const o = rows.get(ours);
  const sdk = rows.get(SDK);
  const floor = rows.get(FLOOR);
  const checks = [
    { target: "cold start <= 0.6x SDK", r: o.coldMs / sdk.coldMs, ok: (r) => r <= 0.6, shown: `${int(o.coldMs)} ms vs ${int(sdk.coldMs)} ms` },
    { target: "CPU/call <= 1/3 SDK", r: o.cpuUs / sdk.cpuUs, ok: (r) => r <= 1 / 3, shown: `${int(o.cpuUs)} us vs ${int(sdk.cpuUs)} us` },
    { target: "calls/s at c32 >= 2.5x SDK", r: o.callsPerSec / sdk.callsPerSec, ok: (r) => r >= 2.5, shown: `${int(o.callsPerSec)} vs ${int(sdk.callsPerSec)}` },
    { target: "p99 latency <= 1.5x node:http floor", r: o.p99Us / floor.p99Us, ok: (r) => r <= 1.5, shown: `${int(o.p99Us)} us vs ${int(floor.p99Us)} us`, of: "floor" },
  ];
  const lines = ["| target | measured | ratio | result |", "| --- | --- | ---: | --- |"];
  for (const c of checks) lines.push(`| ${c.target} | ${c.shown} | ${ratio(c.r)}x ${c.of ?? "SDK"} | ${c.ok(c.r) ? "pass" : "MISS"} |`);
  return { text: lines.join("\n"), passed: checks.filter((c) => c.ok(c.r)).length, total: checks.length };
}
