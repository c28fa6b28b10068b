// The AWS CLI v2 is the spec for `--output`: each case of format-cases.ts is printed by the
// real CLI (through a JMESPath literal in `--query`, or the operation's own response from
// the fake ECR), and formatOutput must give the same bytes. Needs /usr/bin/aws; `npm test`
// lists this suite as not run when it is missing. The pure cases at the end need nothing.
import { execFile } from "node:child_process";
import { search } from "@jmespath-community/jmespath";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FormatError, formatOutput, terminalWidth } from "../../src/cli/format/index.js";
import type { OutputFormat } from "../../src/cli/format/index.js";
import { startFakeEcr } from "../../src/testing/index.js";
import { available } from "../support/system-suites.js";
import { CASES } from "./format-cases.js";

const AWS = "/usr/bin/aws";
const TITLE = "GetDownloadUrlForLayer";
const DOWNLOAD_URL = "https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/e1f4-123456789012-3997bfa3/sha256:fixed?X-Amz-Expires=3600";
/** The CLI's stdout is a pipe here, so it falls back to this width; the same call tells us. */
const PIPE_WIDTH = terminalWidth({ isTTY: false });

type Ecr = Awaited<ReturnType<typeof startFakeEcr>>;
interface Printed {
  code: number;
  stdout: string;
  stderr: string;
}
interface Run {
  name: string;
  format: OutputFormat;
  colour: boolean;
  query?: string;
}

/** A JMESPath literal: JSON between backticks, its own backticks escaped. */
function literal(value: unknown): string {
  return `\`${JSON.stringify(value).replaceAll("`", "\\`")}\``;
}

const RUNS: Run[] = CASES.flatMap((c) => {
  const query = "literal" in c ? literal(c.literal) : undefined;
  return [
    ...c.formats.map((format) => ({ name: c.name, format, colour: false, query })),
    ...(c.colour ?? []).map((format) => ({ name: c.name, format, colour: true, query })),
  ];
});

let ecr: Ecr;
let layerDigest: string;
const printed = new Map<Run, Printed>();

function aws(run: Run): Promise<Printed> {
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: "/nonexistent",
    AWS_ACCESS_KEY_ID: ecr.credentials[0]!.accessKeyId,
    AWS_SECRET_ACCESS_KEY: ecr.credentials[0]!.secretAccessKey,
    AWS_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_PAGER: "",
  };
  const args = ["ecr", "get-download-url-for-layer", "--endpoint-url", ecr.endpoint, "--repository-name", "team/app", "--layer-digest", layerDigest];
  args.push("--output", run.format, ...(run.query === undefined ? [] : ["--query", run.query]), ...(run.colour ? ["--color", "on"] : []));
  return new Promise((resolve) => {
    execFile(AWS, args, { env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Two at a time: the machine has two cores and each run is a second of Python start-up. */
async function runAll(runs: Run[]): Promise<void> {
  const queue = [...runs];
  const worker = async (): Promise<void> => {
    for (let run = queue.shift(); run; run = queue.shift()) printed.set(run, await aws(run));
  };
  await Promise.all([worker(), worker()]);
}

/** What we print for the run, or how we fail, in the shape of what the CLI did. */
function ours(run: Run): Printed {
  const response = { downloadUrl: DOWNLOAD_URL, layerDigest };
  // As the CLI will: the query evaluated by @jmespath-community/jmespath.
  const value: unknown = run.query === undefined ? response : search(response as Parameters<typeof search>[0], run.query);
  try {
    return { code: 0, stdout: formatOutput(value, run.format, { terminalWidth: PIPE_WIDTH, color: run.colour, title: TITLE }), stderr: "" };
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    return { code: 255, stdout: error.stdout, stderr: `\n${error.message}\n` };
  }
}

describe.skipIf(!available(AWS))("output formats against the AWS CLI v2", () => {
  beforeAll(async () => {
    ecr = await startFakeEcr({ repositories: { "team/app": ["layer bytes"] } });
    layerDigest = ecr.layers[0]!.layerDigest;
    // Every call gets this fixed answer (no `times`: runs overlap, so one fault for all).
    // layerDigest comes first on the wire; the CLI prints members in model order anyway.
    ecr.setFaults([{ type: "status", status: 200, body: JSON.stringify({ layerDigest, downloadUrl: DOWNLOAD_URL }) }]);
    await runAll(RUNS);
  }, 120_000);
  afterAll(() => ecr?.close());

  it.each(RUNS.map((run) => [`${run.name}: ${run.format}${run.colour ? " --color on" : ""}`, run] as const))("%s", (_, run) => {
    const theirs = printed.get(run)!;
    expect(ours(run)).toEqual(theirs);
  });
});

// Cases the CLI does not need to show: their expectations come from reading its Python.
describe("formatOutput without the CLI", () => {
  const options = { terminalWidth: 80, color: false, title: "T" };

  // MultiTable.render: a table wider than the terminal (_determine_conversion_needed) has
  // its one-row sections turned into key/value rows (convert_to_vertical_table). Here the
  // table is 12 wide: 2 columns of 1 character padded by 4, plus 2 borders.
  it("keeps the header row when the table fits the terminal, even exactly", () => {
    const table = ["------------", "|     T    |", "+----+-----+", "|  a |  b  |", "+----+-----+", "|  x |  y  |", "+----+-----+", ""].join("\n");
    expect(formatOutput({ b: "y", a: "x" }, "table", { ...options, terminalWidth: 12 })).toBe(table);
  });

  it("turns the row into key/value rows one column narrower", () => {
    const table = ["------------", "|     T    |", "+----+-----+", "|  a |  x  |", "|  b |  y  |", "+----+-----+", ""].join("\n");
    expect(formatOutput({ b: "y", a: "x" }, "table", { ...options, terminalWidth: 11 })).toBe(table);
  });

  // TableFormatter._build_table returns False for any falsy value, and nothing is rendered.
  it.each([[null], [false], [0], [""], [[]], [{}]])("prints no table for %j", (value) => {
    expect(formatOutput(value, "table", options)).toBe("");
  });

  // JSONFormatter and YAMLFormatter skip `response == {}`; StreamedYAMLFormatter too.
  it.each(["json", "yaml", "yaml-stream"] as const)("prints nothing for {} in %s", (format) => {
    expect(formatOutput({}, format, options)).toBe("");
  });

  // determine_terminal_width: the TIOCGWINSZ ioctl on stdout fails unless it is a
  // terminal, and the default of 80 is used.
  it("takes the terminal's width, or 80 when stdout is not a terminal", () => {
    expect(terminalWidth({ isTTY: true, columns: 132 })).toBe(132);
    expect(terminalWidth({ isTTY: false, columns: 132 })).toBe(80);
    expect(terminalWidth({})).toBe(80);
  });

  // text._format_list: a list holding a dict needs .items() of every element, and a
  // scalar has none; what was printed before stays printed.
  it("keeps the text printed before the CLI's formatter fails", () => {
    const failure = (() => {
      try {
        formatOutput(["a", [{ x: 1 }, 2]], "text", options);
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(FormatError);
    expect(failure).toMatchObject({ message: "'int' object has no attribute 'items'", stdout: "a\n" });
  });
});
