/** The `--help` texts (also `help` as the command's only word, and `-h`). */
import type { Command } from "./args.js";
import { PROGRAM } from "./failure.js";

const EXIT_CODES = `EXIT CODES (the AWS CLI's)
  0    success
  252  a usage or parameter error: a missing, unknown or invalid option, bad --cli-input-json
  253  no region, or no credentials
  254  ECR (or the layer store) answered with an error
  255  anything else: connection refused, reset or dropped, a timeout, a profile not found`;

const GLOBAL = `GLOBAL OPTIONS (as the AWS CLI's; also read from the environment and the profile)
  --region REGION            AWS_REGION, AWS_DEFAULT_REGION, the profile's region
  --profile NAME             AWS_PROFILE; --profile also sets aside AWS_ACCESS_KEY_ID/...
  --endpoint-url URL         AWS_ENDPOINT_URL_ECR, AWS_ENDPOINT_URL, the profile's endpoint_url
  --output FORMAT            json (default), text, table, yaml, yaml-stream; AWS_DEFAULT_OUTPUT
  --query JMESPATH           print only part of the result
  --debug                    print each request's and answer's headers, secrets redacted
  --no-sign-request          send the call unsigned (no credentials needed)
  --ca-bundle PATH           trust these CA certificates; AWS_CA_BUNDLE
  --no-verify-ssl            do not verify the endpoint's TLS certificate
  --cli-read-timeout SECS    most seconds to wait for an answer (default 60, 0: none)
  --cli-connect-timeout SECS most seconds to wait for a connection (default 60, 0: none)
  --color on|off|auto        colour in table output (auto: when stdout is a terminal)
  --no-cli-pager             do not page output (AWS_PAGER, cli_pager, PAGER, else less,
                             only when stdout is a terminal)
  --no-paginate, --cli-binary-format FORMAT, --no-cli-auto-prompt
                             accepted; they change nothing for these commands, as in the AWS CLI
  --cli-auto-prompt          not supported: says so and exits 252
  (retries: the AWS CLI's standard mode, AWS_MAX_ATTEMPTS or max_attempts, default 3 attempts;
  another retry_mode gets a warning)
  --version                  print the version`;

const IDENTITY = `  --repository-name NAME     the repository (required)
  --layer-digest DIGEST      the layer's digest, e.g. sha256:6171... (required)
  --registry-id ID           the registry's 12-digit account ID (default: your own)
  --cli-input-json JSON      the input as JSON, or file://PATH; options given win over it
  --cli-input-yaml YAML      the input as YAML, or file://PATH; options given win over it`;

const TEXTS: Record<Command | "main", string> = {
  main: `${PROGRAM}: Amazon ECR's GetDownloadUrlForLayer, as \`aws ecr get-download-url-for-layer\`

SYNOPSIS
  ${PROGRAM} get-download-url-for-layer --repository-name NAME --layer-digest DIGEST [options]
  ${PROGRAM} download-layer --repository-name NAME --layer-digest DIGEST --output-file PATH|- [options]
  ${PROGRAM} <command> help

COMMANDS
  get-download-url-for-layer  print a pre-signed URL for a layer (the AWS CLI's command, same output)
  download-layer              download a layer, verified against its digest

${GLOBAL}

${EXIT_CODES}
`,
  "get-download-url-for-layer": `${PROGRAM} get-download-url-for-layer: a pre-signed download URL for one layer

The same options, output and exit codes as \`aws ecr get-download-url-for-layer\` (AWS CLI v2).

SYNOPSIS
  ${PROGRAM} get-download-url-for-layer --repository-name NAME --layer-digest DIGEST
      [--registry-id ID] [--cli-input-json JSON | --cli-input-yaml YAML]
      [--generate-cli-skeleton [input|yaml-input|output]] [global options]

OPTIONS
${IDENTITY}
  --generate-cli-skeleton [input|yaml-input|output]
                             print an input template (JSON or YAML) or an example of the
                             output, and send nothing

${GLOBAL}

EXAMPLE
  ${PROGRAM} get-download-url-for-layer --region us-east-1 \\
      --repository-name cluster-autoscaler --layer-digest sha256:6171... --query downloadUrl --output text

OUTPUT
  {"downloadUrl": "...", "layerDigest": "..."} in the --output format. The URL is a
  short-lived credential for the layer: do not log it.

${EXIT_CODES}
`,
  "download-layer": `${PROGRAM} download-layer: download a layer and verify it against its digest

Asks ECR for the layer's URL, downloads it (resuming a dropped connection), and checks
the bytes against the digest. A file is written beside PATH and renamed into place only
once verified; on any failure PATH is left as it was. Progress goes to stderr when stderr
is a terminal.

SYNOPSIS
  ${PROGRAM} download-layer --repository-name NAME --layer-digest DIGEST --output-file PATH|-
      [--registry-id ID] [--cli-input-json JSON | --cli-input-yaml YAML] [global options]

OPTIONS
${IDENTITY}
  --output-file PATH|-       where to write the layer. A file (or a symlink to one) is written
                             beside it and renamed into place once verified. - (stdout), a
                             FIFO or a device get the bytes as they come: a digest mismatch
                             is then reported after them, with exit code 255

${GLOBAL}

EXAMPLE
  ${PROGRAM} download-layer --region us-east-1 --repository-name cluster-autoscaler \\
      --layer-digest sha256:6171... --output-file layer.tar.gz

OUTPUT
  With a file: {"layerDigest": "...", "size": N, "outputFile": "..."} in the --output format.
  If stdout closes early (| head), the download stops with exit code 141.

${EXIT_CODES}
`,
};

export function helpText(command: Command | undefined): string {
  return TEXTS[command ?? "main"];
}
