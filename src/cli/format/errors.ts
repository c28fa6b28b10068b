/**
 * The AWS CLI's formatters raise on some odd values (a list of objects holding a
 * scalar, rows of different lengths in a table). The CLI then writes whatever the
 * formatter had printed, `\n<message>\n` to stderr, and exits 255.
 */

/** Thrown inside a formatter with the message the Python exception would carry. */
export class PythonError extends Error {
  override name = "PythonError";
}

/** The AWS CLI fails on this value; `stdout` is what it printed before failing. */
export class FormatError extends Error {
  override name = "FormatError";
  constructor(
    message: string,
    readonly stdout: string,
  ) {
    super(message);
  }
}
