/**
 * Printing a command's result as the AWS CLI does: `--query`, then the output format, then
 * the pager. Both commands print through here, so it sits apart from either.
 */
import { CliFailure, EXIT, ParamError } from "./failure.js";
import { FormatError, formatOutput, terminalWidth } from "./format/index.js";
import { writeResult } from "./pager.js";
import { outputFormat } from "./settings.js";
import type { Settings } from "./settings.js";

export type Query = (value: unknown) => unknown;

/** A `--query` expression, checked now: the AWS CLI rejects a bad one before doing anything else. */
export async function compileQuery(expression: string): Promise<Query> {
  const { compile, search } = await import("@jmespath-community/jmespath");
  try {
    compile(expression);
  } catch (error) {
    throw new ParamError(`Bad value for --query ${expression}: Invalid jmespath expression: ${(error as Error).message}`);
  }
  return (value) => search(value as Parameters<typeof search>[0], expression);
}

/** Print a result as the AWS CLI would: the query applied, then the output format. */
export async function printResult(value: unknown, query: Query | undefined, settings: Settings, title = "GetDownloadUrlForLayer"): Promise<void> {
  const shown = query ? query(value) : value;
  let text: string;
  try {
    text = formatOutput(shown, outputFormat(settings), { terminalWidth: terminalWidth(process.stdout), color: settings.color, title });
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    // The AWS CLI's formatter fails on some values after printing part of them.
    await writeResult(error.stdout, settings.pager);
    throw new CliFailure(error.message, EXIT.general);
  }
  // On a terminal, the AWS CLI's colour library resets once more at exit.
  if (settings.output === "table" && settings.color && process.stdout.isTTY) text += "\x1b[0m";
  await writeResult(text, settings.pager);
}
