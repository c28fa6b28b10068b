// The printed report: the per-call markdown table (values with ratios to the SDK and to
// the node:http floor), the download table (ratios to the fetch pipe), the CLI start-up
// table (ratios to the AWS CLI) and the targets check.
import { CLI_AWS, CLI_OURS, CLI_ROWS, CLI_TARGET_RATIO } from "./cli-startup.mjs";
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

/**
 * The download table: MiB/s (median over rounds) with its ratio to the fetch pipe, the
 * download's CPU seconds (median), and the MiB/s range over rounds.
 * @param rows Map name -> { mibps, minMibps, maxMibps, cpuS, userS, systemS }
 */
export function downloadTable(names, rows, floor) {
  const base = rows.get(floor).mibps;
  const lines = [
    "| contender | MiB/s (median) | ratio to fetch pipe | CPU s (user + sys) | MiB/s over rounds (min-max) |",
    "| --- | ---: | ---: | ---: | ---: |",
  ];
  for (const name of names) {
    const r = rows.get(name);
    lines.push(
      `| ${name} | ${int(r.mibps)} | ${ratio(r.mibps / base)}x | ${r.cpuS.toFixed(2)} (${r.userS.toFixed(2)} + ${r.systemS.toFixed(2)}) | ${int(r.minMibps)}-${int(r.maxMibps)} |`,
    );
  }
  return lines.join("\n");
}

/**
 * The CLI start-up table: per command, each CLI's median wall time (spawn to exit) with
 * its range over runs and median CPU time, and ours over the AWS CLI's.
 * @param rows [{ label, ours, aws, ratio, error }] from measureCliStartup
 */
export function cliTable(rows) {
  const side = (s) => {
    if (s.error) return "error (see notes)";
    const cpu = s.cpuMs === null ? "" : `, CPU ${int(s.cpuMs)}`;
    return `${int(s.ms)} (${int(s.minMs)}-${int(s.maxMs)}${cpu})`;
  };
  const lines = [
    `| command | ${CLI_OURS} ms (min-max, CPU ms) | ${CLI_AWS} ms (min-max, CPU ms) | ratio to ${CLI_AWS} (target <= ${CLI_TARGET_RATIO.toFixed(2)}) |`,
    "| --- | ---: | ---: | ---: |",
  ];
  for (const r of rows) lines.push(`| ${r.label} | ${side(r.ours)} | ${side(r.aws)} | ${r.error ? "error" : `${ratio(r.ratio)}x`} |`);
  return lines.join("\n");
}

const cliTarget = (row) => `CLI ${row.label} <= ${CLI_TARGET_RATIO.toFixed(2)}x AWS CLI`;

/**
 * The spec's targets for ecr-layer-url, each with the measured value and pass/MISS.
 * rows: the per-call rows (null when that phase did not run); download: { ours, floor }
 * (MiB/s medians; null when the download phase did not run); cli: { rows } from
 * measureCliStartup, or { skipped: why } when the CLI section did not run. A target whose
 * phase did not run is listed as not measured and left out of the count; a CLI row that
 * errored counts as measured and not passed (ERROR).
 */
export function targets(rows, ours, download = null, cli = { skipped: "CLI section not run" }) {
  const checks = [];
  if (rows) {
    const o = rows.get(ours);
    const sdk = rows.get(SDK);
    const floor = rows.get(FLOOR);
    checks.push(
      { target: "cold start <= 0.6x SDK", r: o.coldMs / sdk.coldMs, ok: (r) => r <= 0.6, shown: `${int(o.coldMs)} ms vs ${int(sdk.coldMs)} ms` },
      { target: "CPU/call <= 1/3 SDK", r: o.cpuUs / sdk.cpuUs, ok: (r) => r <= 1 / 3, shown: `${int(o.cpuUs)} us vs ${int(sdk.cpuUs)} us` },
      { target: "calls/s at c32 >= 2.5x SDK", r: o.callsPerSec / sdk.callsPerSec, ok: (r) => r >= 2.5, shown: `${int(o.callsPerSec)} vs ${int(sdk.callsPerSec)}` },
      { target: "p99 latency <= 1.5x node:http floor", r: o.p99Us / floor.p99Us, ok: (r) => r <= 1.5, shown: `${int(o.p99Us)} us vs ${int(floor.p99Us)} us`, of: "floor" },
    );
  } else {
    for (const target of ["cold start <= 0.6x SDK", "CPU/call <= 1/3 SDK", "calls/s at c32 >= 2.5x SDK", "p99 latency <= 1.5x node:http floor"]) checks.push({ target, skipped: "per-call phase not run" });
  }
  if (download) {
    checks.push({
      target: "download throughput >= 0.8x fetch pipe",
      r: download.ours / download.floor,
      ok: (r) => r >= 0.8,
      shown: `${int(download.ours)} MiB/s vs ${int(download.floor)} MiB/s`,
      of: "fetch pipe",
    });
  } else {
    checks.push({ target: "download throughput >= 0.8x fetch pipe", skipped: "download phase not run" });
  }
  if (cli.rows) {
    for (const r of cli.rows) {
      const target = cliTarget(r);
      if (r.error) checks.push({ target, error: r.error });
      else
        checks.push({
          target,
          r: r.ratio,
          ok: (x) => x <= CLI_TARGET_RATIO,
          shown: `${int(r.ours.ms)} ms vs ${int(r.aws.ms)} ms`,
          of: "AWS CLI",
        });
    }
  } else {
    for (const row of CLI_ROWS) checks.push({ target: cliTarget(row), skipped: cli.skipped });
  }
  const measured = checks.filter((c) => !c.skipped);
  const passes = (c) => !c.error && c.ok(c.r);
  const lines = ["| target | measured | ratio | result |", "| --- | --- | ---: | --- |"];
  for (const c of checks) {
    if (c.skipped) lines.push(`| ${c.target} | not measured (${c.skipped}) | | - |`);
    else if (c.error) lines.push(`| ${c.target} | error (see notes) | | ERROR |`);
    else lines.push(`| ${c.target} | ${c.shown} | ${ratio(c.r)}x ${c.of ?? "SDK"} | ${c.ok(c.r) ? "pass" : "MISS"} |`);
  }
  return {
    text: lines.join("\n"),
    passed: measured.filter(passes).length,
    total: measured.length,
    skipped: checks.length - measured.length,
    errors: measured.filter((c) => c.error).length,
  };
}
