/**
 * How the CLI fails: the AWS CLI's exit codes and the exact shape of its messages on
 * stderr, so scripts written against `aws ecr get-download-url-for-layer` read ours the same.
 */

/** The AWS CLI v2's exit codes. */
export const EXIT = {
  ok: 0,
  /** Usage and parameter errors: a missing or unknown option, a bad value, bad input JSON. */
  usage: 252,
  /** No region, no credentials. */
  config: 253,
  /** The service answered with an error. */
  service: 254,
  /** Everything else: the connection, a timeout, a missing profile. */
  general: 255,
} as const;

export const PROGRAM = "ecr-layer-url";

/** The AWS CLI's usage block, with our program's commands. */
export const USAGE =
  `${PROGRAM} [options] <command> [parameters]\n` +
  "To see help text, you can run:\n\n" +
  `  ${PROGRAM} help\n` +
  `  ${PROGRAM} <command> help\n`;

/** A failure with its message (printed between blank lines, as the AWS CLI does) and exit code. */
export class CliFailure extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }

  /** The bytes for stderr. */
  render(): string {
    return `\n${this.message}\n`;
  }
}

/** An argparse error: printed after the usage block, prefixed with the program's name. */
export class UsageError extends CliFailure {
  constructor(message: string) {
    super(message, EXIT.usage);
  }

  override render(): string {
    return `\nusage: ${USAGE}\n${PROGRAM}: error: ${this.message}\n\n`;
  }
}

/** Options and words the command does not know. */
export class UnknownOptionsError extends CliFailure {
  constructor(unknown: readonly string[]) {
    super(`Unknown options: ${unknown.join(", ")}`, EXIT.usage);
  }

  override render(): string {
    return `\nusage: ${USAGE}\n${this.message}\n\n`;
  }
}

/** A bad parameter value, or input that breaks the model's rules (exit 252). */
export class ParamError extends CliFailure {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}
