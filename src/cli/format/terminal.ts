/**
 * The table's width limit. The CLI asks the kernel for stdout's window size (TIOCGWINSZ)
 * and uses 80 when that fails, as it does whenever stdout is not a terminal (a pipe, a file).
 */
const FALLBACK_COLUMNS = 80;

export function terminalWidth(stream: { isTTY?: boolean; columns?: number }): number {
  if (stream.isTTY !== true || typeof stream.columns !== "number") return FALLBACK_COLUMNS;
  return stream.columns;
}
