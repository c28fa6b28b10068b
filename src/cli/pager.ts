/**
 * Writing the result: to stdout, or, when stdout is a terminal and a pager is set
 * (`AWS_PAGER`, the profile's `cli_pager`, `PAGER`, else `less`), through the pager, as
 * the AWS CLI v2 does. `LESS` defaults to `FRX`, so short output stays on screen.
 */
import { spawn } from "node:child_process";
import { CliFailure, EXIT } from "./failure.js";

/** Write to a stream and wait until it took the bytes (a pipe may be slower than we are). */
export function write(stream: NodeJS.WritableStream, text: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
}

export async function writeResult(text: string, pager: string | undefined): Promise<void> {
  if (text === "") return;
  if (pager === undefined || !process.stdout.isTTY) return write(process.stdout, text);
  const child = spawn(pager, { shell: true, stdio: ["pipe", "inherit", "inherit"], env: { LESS: "FRX", ...process.env } });
  await new Promise<void>((resolve, reject) => {
    child.once("error", (error) =>
      reject(
        new CliFailure(
          `Unable to redirect output to pager. Received the following error when opening pager:\n${error.message}\n\n` +
            "Turn the pager off with --no-cli-pager or AWS_PAGER=\"\".",
          EXIT.config,
        ),
      ),
    );
    child.once("close", () => resolve());
    child.stdin.on("error", () => {}); // the reader may quit before reading everything
    child.stdin.end(text);
  });
}
