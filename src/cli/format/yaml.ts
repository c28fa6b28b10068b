/**
 * `--output yaml` and `yaml-stream`, after the CLI's YAMLDumper: a scalar is printed as
 * JSON (to spare YAML's `...` end marker), anything else through ruamel.yaml's safe
 * dumper with block style, keys sorted. An empty object prints nothing. yaml-stream
 * dumps the value as a one-item list (one item per page, and this operation has one).
 */
import { jsonScalar } from "./json.js";
import { isDict, isScalar, pyNumber, sortedKeys } from "../python.js";
import { emitDocument } from "./yaml-emitter.js";
import type { YamlNode, YamlScalar } from "./yaml-emitter.js";
import { resolvePlain } from "./yaml-resolve.js";

export function formatYaml(value: unknown): string {
  if (isDict(value) && Object.keys(value).length === 0) return "";
  if (isScalar(value)) return `${jsonScalar(value)}\n`;
  return emitDocument(represent(value));
}

export function formatYamlStream(value: unknown): string {
  if (isDict(value) && Object.keys(value).length === 0) return "";
  return emitDocument(represent([value]));
}

/** ruamel's SafeRepresenter: a scalar is plain unless a reader would resolve it to another type. */
function represent(value: unknown): YamlNode {
  if (Array.isArray(value)) return { kind: "sequence", items: value.map(represent) };
  if (isDict(value)) {
    return { kind: "mapping", pairs: sortedKeys(Object.keys(value)).map((key) => [representString(key), represent(value[key])]) };
  }
  if (typeof value === "string") return representString(value);
  // null, booleans and numbers are written in the form their own tag resolves from.
  const text = value === null || value === undefined ? "null" : typeof value === "boolean" ? String(value) : pyNumber(value as number).toLowerCase();
  return { kind: "scalar", value: text, plainImplicit: true };
}

function representString(value: string): YamlScalar {
  return { kind: "scalar", value, plainImplicit: resolvePlain(value) === "str" };
}
