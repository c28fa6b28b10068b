/**
 * GetDownloadUrlForLayer's input rules as ECR enforces them, with the messages of AWS's
 * model validation ("1 validation error detected: Value 'x' at 'repositoryName' …").
 */

/** The members of a GetDownloadUrlForLayer request, as far as they could be read. */
export interface LayerRequest {
  registryId?: string;
  repositoryName?: string;
  layerDigest?: string;
}

const REPOSITORY_PATTERN = "^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$";
const DIGEST_PATTERN = "^[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+$";
const REGISTRY_PATTERN = "^[0-9]{12}$";

const repositoryRegex = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;
// The model's "0-9-_" is a literal '-' inside the class; escaped here to say so.
const digestRegex = /^[a-zA-Z0-9\-_+.]+:[a-fA-F0-9]+$/;
const registryRegex = /^[0-9]{12}$/;

/**
 * Reads the JSON body's members. Returns a SerializationException message when a member
 * has a type that cannot be a string, as AWS's deserializer does; unknown members are
 * ignored and `null` counts as absent.
 */
export function readLayerRequest(body: unknown): LayerRequest | { serializationError: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { serializationError: Array.isArray(body) ? "Start of list found where not expected" : "Start of structure or map found where not expected." };
  }
  // No prototype: a polluted Object.prototype.registryId must not read as a member that came.
  const out = Object.create(null) as LayerRequest;
  for (const member of ["registryId", "repositoryName", "layerDigest"] as const) {
    if (!Object.hasOwn(body, member)) continue;
    const value = (body as Record<string, unknown>)[member];
    if (value === null) continue;
    if (typeof value === "string") out[member] = value;
    else if (typeof value === "number") return { serializationError: "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String" };
    else if (typeof value === "boolean") return { serializationError: "class java.lang.Boolean can not be converted to an String" };
    else if (Array.isArray(value)) return { serializationError: "Start of list found where not expected" };
    else return { serializationError: "Start of structure or map found where not expected." };
  }
  return out;
}

/** The ValidationException message for the request, or `undefined` when it passes. */
export function validationMessage(request: LayerRequest): string | undefined {
  const errors: string[] = [];
  const fail = (member: string, value: string | undefined, rule: string): void => {
    errors.push(`Value ${value === undefined ? "null" : `'${value}'`} at '${member}' failed to satisfy constraint: ${rule}`);
  };

  if (request.registryId !== undefined && !registryRegex.test(request.registryId)) {
    fail("registryId", request.registryId, `Member must satisfy regular expression pattern: ${REGISTRY_PATTERN}`);
  }

  const name = request.repositoryName;
  if (name === undefined) fail("repositoryName", name, "Member must not be null");
  else {
    if (name.length < 2) fail("repositoryName", name, "Member must have length greater than or equal to 2");
    if (name.length > 256) fail("repositoryName", name, "Member must have length less than or equal to 256");
    if (!repositoryRegex.test(name)) fail("repositoryName", name, `Member must satisfy regular expression pattern: ${REPOSITORY_PATTERN}`);
  }

  const digest = request.layerDigest;
  if (digest === undefined) fail("layerDigest", digest, "Member must not be null");
  else if (!digestRegex.test(digest)) fail("layerDigest", digest, `Member must satisfy regular expression pattern: ${DIGEST_PATTERN}`);

  if (errors.length === 0) return undefined;
  return `${errors.length} validation error${errors.length === 1 ? "" : "s"} detected: ${errors.join("; ")}`;
}
