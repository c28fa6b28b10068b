/** The `ecr-layer-url` command. */
import { main } from "./main.js";

// A reader that went away is an EPIPE on the write in progress, handled there; without a
// listener Node would also throw it as an uncaught exception.
process.stdout.on("error", () => {});
// exitCode, not exit(): stdout may be a pipe still taking our output.
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
