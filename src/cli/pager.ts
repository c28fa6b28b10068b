/**
 * Writing the result: to stdout, or, when stdout is a terminal and a pager is set
 * (`AWS_PAGER`, the profile's `cli_pager`, `PAGER`, else `less`), through the pager, as
 * the AWS CLI v2 does: the command split as a POSIX shell would, run without a shell, and
 * `LESS` defaulting to `FRX`, so short output stays on screen.
 */
import { spawn } from "node:child_process";
import { CliFailure, EXIT } from "./failure.js";

/** Write to a stream and wait until it took the bytes (a pipe may be slower than we are). */
export function write(stream: NodeJS.WritableStream, text: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
}

/** Whether a write failed because the reader closed its end (`| head -c1`). */
export function isBrokenPipe(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "EPIPE";
}

/** A command line split into words as Python's shlex.split() (POSIX mode) does. */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new Error("No closing quotation");
      word = (word ?? "") + command.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let text = "";
      for (i++; i < command.length && command[i] !== '"'; i++) {
        if (command[i] === "\\" && /["\\$`\n]/.test(command[i + 1] ?? "")) i++;
        text += command[i];
      }
      if (i >= command.length) throw new Error("No closing quotation");
      word = (word ?? "") + text;
    } else if (c === "\\" && i + 1 < command.length) {
      word = (word ?? "") + command[++i];
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

function pagerFailure(reason: string): CliFailure {
  return new CliFailure(
    `Unable to redirect output to pager. Received the following error when opening pager:\n${reason}\n\n` +
      'Turn the pager off with --no-cli-pager or AWS_PAGER="".',
    EXIT.config,
  );
}

export async function writeResult(text: string, pager: string | undefined): Promise<void> {
  if (text === "") return;
  if (pager === undefined || !process.stdout.isTTY) return write(process.stdout, text);
  let argv: string[];
  try {
    argv = splitCommand(pager);
  } catch (error) {
    throw pagerFailure((error as Error).message);
  }
  if (argv.length === 0) return write(process.stdout, text);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ["pipe", "inherit", "inherit"], env: { LESS: "FRX", ...process.env } });
  await new Promise<void>((resolve, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(pagerFailure(error.code === "ENOENT" ? `[Errno 2] No such file or directory: '${argv[0]}'` : error.message)),
    );
    child.once("close", () => resolve());
    child.stdin.on("error", () => {}); // the reader may quit before reading everything
    child.stdin.end(text);
  });
}
