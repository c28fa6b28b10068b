/**
 * The AWS CLI's five `--output` formats, byte for byte as AWS CLI v2 writes them to
 * stdout. Pure: the caller picks the terminal width (see {@link terminalWidth}) and
 * whether colour is on, and writes the result.
 */
import { FormatError, PythonError } from "./errors.js";
import { formatJson } from "./json.js";
import { formatTable } from "./table.js";
import { formatText } from "./text.js";
import { formatYaml, formatYamlStream } from "./yaml.js";

export { FormatError } from "./errors.js";
export { terminalWidth } from "./terminal.js";

export type OutputFormat = "json" | "text" | "table" | "yaml" | "yaml-stream";

export interface FormatOptions {
  /** Terminal width in columns, used by table. */
  terminalWidth: number;
  /**
   * Emit the ANSI colour codes the AWS CLI emits for `--color on` (and for `auto` on a
   * terminal). Only the table is coloured.
   */
  color: boolean;
  /** Operation name, used as the table title: "GetDownloadUrlForLayer". */
  title: string;
}

/**
 * Exactly the bytes the AWS CLI writes to stdout for this value (including trailing
 * newline(s), or "" if it prints nothing).
 *
 * @throws FormatError where the CLI's formatter raises (text and table on lists mixing
 * objects with other values, table rows of different lengths). Its message is what the
 * CLI prints to stderr between newlines before exiting 255, its `stdout` what the CLI
 * had printed by then.
 */
export function formatOutput(value: unknown, format: OutputFormat, options: FormatOptions): string {
  const out: string[] = [];
  try {
    switch (format) {
      case "json":
        return formatJson(value);
      case "text":
        formatText(value, out);
        return out.join("");
      case "table":
        return formatTable(value, options.title, options.terminalWidth, options.color);
      case "yaml":
        return formatYaml(value);
      case "yaml-stream":
        return formatYamlStream(value);
    }
  } catch (error) {
    if (error instanceof PythonError) throw new FormatError(error.message, out.join(""));
    throw error;
  }
}
