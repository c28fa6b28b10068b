/** The `ecr-layer-url` command. */
import { main } from "./main.js";

// exitCode, not exit(): stdout may be a pipe still taking our output.
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
