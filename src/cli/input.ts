/**
 * The operation's parameters, gathered as the AWS CLI gathers them: options first, then
 * `--cli-input-json` / `--cli-input-yaml` for what the options left out, checked only for
 * what botocore checks on the client (required members, types, minimum lengths), with
 * its messages. Patterns and maximum lengths are the service's to judge, as with the AWS CLI.
 */
import { readFile } from "node:fs/promises";
import { constants } from "node:os";
import type { Options } from "./args.js";
import { ParamError } from "./failure.js";
import { pyStr, typeName } from "./python.js";

/** The operation's members in the model's order, with their CLI names and minimum lengths. */
const MEMBERS = [
  { name: "registryId", option: "registry-id", min: 0 },
  { name: "repositoryName", option: "repository-name", min: 2 },
  { name: "layerDigest", option: "layer-digest", min: 0 },
] as const;
const REQUIRED = ["repositoryName", "layerDigest"];

/** The command-line names of the required members, for argparse's "required" error. */
export const REQUIRED_OPTIONS = ["--repository-name", "--layer-digest"];

/** `--generate-cli-skeleton` / `input`: what the AWS CLI prints, byte for byte. */
export const INPUT_SKELETON = '{\n    "registryId": "",\n    "repositoryName": "",\n    "layerDigest": ""\n}\n';

/** `--generate-cli-skeleton yaml-input`: the AWS CLI's text, its uneven comment spacing included. */
export const YAML_INPUT_SKELETON =
  "registryId: ''  # The Amazon Web Services account ID associated with the registry that contains the image layer to download.\n" +
  "repositoryName: '' # [REQUIRED] The name of the repository that is associated with the image layer to download.\n" +
  "layerDigest: '' # [REQUIRED] The digest of the image layer to download.\n";

/** `--generate-cli-skeleton output`: each member holds its own name. */
export const OUTPUT_SKELETON = { downloadUrl: "downloadUrl", layerDigest: "layerDigest" };

/** Python's class of a JSON value, as botocore prints it: `<class 'str'>`. */
function pyType(value: unknown): string {
  return `<class '${typeName(value)}'>`;
}

/** Python's text for a failed open(): `[Errno 2] No such file or directory: 'path'`. */
function pythonOsError(error: NodeJS.ErrnoException, path: string): string {
  const texts: Record<string, string> = { ENOENT: "No such file or directory", EACCES: "Permission denied", EISDIR: "Is a directory", ENOTDIR: "Not a directory" };
  const errno = error.code ? constants.errno[error.code as keyof typeof constants.errno] : undefined;
  const text = error.code ? texts[error.code] : undefined;
  return errno !== undefined && text !== undefined ? `[Errno ${errno}] ${text}: '${path}'` : `${error.message}: '${path}'`;
}

/** `file://path` reads the file, as the AWS CLI's paramfile does; anything else is the value itself. */
async function paramFile(option: string, value: string): Promise<string> {
  const prefix = ["file://", "fileb://"].find((p) => value.startsWith(p));
  if (prefix === undefined) return value;
  const path = value.slice(prefix.length);
  try {
    return await readFile(path.replace(/^~(?=$|\/)/, process.env.HOME ?? "~"), "utf8");
  } catch (error) {
    throw new ParamError(`Error parsing parameter '--${option}': Unable to load paramfile ${value}: ${pythonOsError(error as NodeJS.ErrnoException, path)}`);
  }
}

/** The `--cli-input-json` / `--cli-input-yaml` map, parsed (not yet checked); undefined without either. */
export async function loadInput(options: Options): Promise<Record<string, unknown> | undefined> {
  const json = options["cli-input-json"];
  const yaml = options["cli-input-yaml"];
  if (json === undefined && yaml === undefined) return undefined;
  if (json !== undefined && yaml !== undefined) throw new ParamError("Only one --cli-input- parameter may be specified.");
  const option = json !== undefined ? "cli-input-json" : "cli-input-yaml";
  const text = await paramFile(option, String(json ?? yaml));
  let loaded: unknown;
  try {
    if (json !== undefined) loaded = JSON.parse(text);
    else loaded = (await import("yaml")).parse(text, { schema: "core", uniqueKeys: false }) ?? null;
  } catch {
    throw new ParamError(`Error parsing parameter '${option}': Invalid ${json !== undefined ? "JSON" : "YAML"} received.`);
  }
  if (typeof loaded !== "object" || loaded === null || Array.isArray(loaded)) {
    throw new ParamError(`Error parsing parameter '--${option}': Invalid type: expecting map, received ${pyType(loaded)}`);
  }
  return loaded as Record<string, unknown>;
}

/**
 * The parameters of the call: each option given, then the input file's members that no
 * option set. Throws {@link ParamError} with botocore's report when they break its checks.
 */
export async function gatherParams(options: Options, loaded: Record<string, unknown> | undefined): Promise<Record<string, string>> {
  // No prototype: an input key named `__proto__` is an unknown member, not a prototype.
  const params: Record<string, unknown> = Object.create(null);
  for (const member of MEMBERS) {
    const value = options[member.option];
    // As the AWS CLI, every string option may be read from a file.
    if (typeof value === "string") params[member.name] = await paramFile(member.option, value);
  }
  for (const [key, value] of Object.entries(loaded ?? {})) if (!Object.hasOwn(params, key)) params[key] = value;
  const errors: string[] = [];
  for (const name of REQUIRED) if (!Object.hasOwn(params, name)) errors.push(`Missing required parameter in input: "${name}"`);
  const known = MEMBERS.map((m) => m.name as string);
  for (const key of Object.keys(params)) {
    if (!known.includes(key)) errors.push(`Unknown parameter in input: "${key}", must be one of: ${known.join(", ")}`);
  }
  for (const [key, value] of Object.entries(params)) {
    const member = MEMBERS.find((m) => m.name === key);
    if (!member) continue;
    if (typeof value !== "string") {
      errors.push(`Invalid type for parameter ${key}, value: ${pyStr(value)}, type: ${pyType(value)}, valid types: <class 'str'>`);
    } else if ([...value].length < member.min) {
      errors.push(`Invalid length for parameter ${key}, value: ${[...value].length}, valid min length: ${member.min}`);
    }
  }
  if (errors.length > 0) throw new ParamError(`Parameter validation failed:\n${errors.join("\n")}`);
  return { ...params } as Record<string, string>;
}
