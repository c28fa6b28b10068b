/**
 * GetDownloadUrlForLayer on the wire: input validation, the request body, the
 * response body. Everything ECR-protocol-specific about the operation is here.
 */
import { EcrInputError } from "./errors.js";
import type { ResponseMetadata } from "./errors.js";
import { describeValue, own, safeIsArray } from "./values.js";

/** What GetDownloadUrlForLayer answers. */
export interface GetDownloadUrlForLayerOutput {
  /** The pre-signed URL of the layer blob. Short-lived; treat it as a secret. */
  downloadUrl: string;
  /** The digest of the layer. */
  layerDigest: string;
  /** When `downloadUrl` stops working (its `X-Amz-Date` + `X-Amz-Expires`), if it says. */
  expiresAt?: Date;
  /** The requests sent (`attempts`, 0 with `fromCache: true`), the time slept between them, and the last answer's status and request id. */
  $metadata: ResponseMetadata;
}

/** Input of GetDownloadUrlForLayer. */
export interface GetDownloadUrlForLayerInput {
  /** Name of the repository, e.g. `"cluster-autoscaler"` or `"team/app"`. */
  repositoryName: string;
  /** Digest of the layer, e.g. `"sha256:6171…"`. */
  layerDigest: string;
  /** 12-digit AWS account ID of the registry; defaults to the caller's account. */
  registryId?: string;
}

export const TARGET = "AmazonEC2ContainerRegistry_V20150921.GetDownloadUrlForLayer";
export const CONTENT_TYPE = "application/x-amz-json-1.1";

interface FieldRule {
  min?: number;
  max?: number;
  pattern: RegExp;
  /** The pattern as the model states it, for messages. */
  source: string;
}

// The ECR model's constraints (2026), anchored because the model's patterns are full-match.
const repositoryNameSource = "[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*";
const layerDigestSource = "[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+";
const registryIdSource = "[0-9]{12}";

const rules: Record<keyof GetDownloadUrlForLayerInput, FieldRule> = {
  repositoryName: { min: 2, max: 256, pattern: new RegExp(`^(?:${repositoryNameSource})$`), source: repositoryNameSource },
  layerDigest: { pattern: new RegExp(`^(?:${layerDigestSource})$`), source: layerDigestSource },
  registryId: { pattern: new RegExp(`^(?:${registryIdSource})$`), source: registryIdSource },
};

/**
 * @internal For the CLI only, which must behave as the AWS CLI does: botocore checks
 * presence, type and minimum length on the client and leaves patterns and maximum lengths
 * to the service. No library entry imports this, so bundlers drop it.
 */
export function leaveRulesToService(): void {
  for (const rule of Object.values(rules)) {
    rule.pattern = /^/;
    delete rule.min;
    delete rule.max;
  }
}

/** Check one input member against the model's rule; throws {@link EcrInputError} naming the value and the rule. */
export function checkMember(field: keyof GetDownloadUrlForLayerInput, value: unknown, required: boolean): void {
  if (value === undefined && !required) return;
  if (value === undefined) throw new EcrInputError(field, `${field} is required`);
  if (typeof value !== "string") {
    throw new EcrInputError(field, `${field} must be a string, got ${describeValue(value)}`);
  }
  const rule = rules[field];
  if (rule.min !== undefined && value.length < rule.min) {
    throw new EcrInputError(field, `${field} ${describeValue(value)} is shorter than ${rule.min} characters`);
  }
  if (rule.max !== undefined && value.length > rule.max) {
    throw new EcrInputError(field, `${field} ${describeValue(value)} is longer than ${rule.max} characters`);
  }
  if (!rule.pattern.test(value)) {
    throw new EcrInputError(field, `${field} ${describeValue(value)} does not match the pattern ${rule.source}`);
  }
}

/**
 * Check the input against the ECR model before anything is sent, and return a copy
 * holding only the known members (so a caller's extra or inherited properties never
 * reach the wire).
 */
export function validateInput(input: unknown): GetDownloadUrlForLayerInput {
  if (typeof input !== "object" || input === null || safeIsArray(input)) {
    throw new EcrInputError("input", `input must be an object with repositoryName and layerDigest, got ${describeValue(input)}`);
  }
  // Own properties only: `__proto__` tricks or a polluted prototype must not supply a value.
  let registryId: unknown, repositoryName: unknown, layerDigest: unknown;
  try {
    registryId = own(input, "registryId");
    repositoryName = own(input, "repositoryName");
    layerDigest = own(input, "layerDigest");
  } catch {
    // A getter or a proxy trap threw: what it threw is the caller's, and may say anything.
    throw new EcrInputError("input", "input could not be read: a getter or proxy trap threw");
  }
  checkMember("registryId", registryId, false);
  checkMember("repositoryName", repositoryName, true);
  checkMember("layerDigest", layerDigest, true);
  // registryId is always an own member of the copy, even undefined: a polluted
  // Object.prototype.registryId must not reach the body through it.
  return { repositoryName, layerDigest, registryId } as GetDownloadUrlForLayerInput;
}

/** The JSON body, members in the model's order as the AWS SDKs and CLI send them. */
export function serializeInput(input: GetDownloadUrlForLayerInput): string {
  // JSON.stringify leaves out a registryId that is undefined.
  return JSON.stringify({ registryId: input.registryId, repositoryName: input.repositoryName, layerDigest: input.layerDigest });
}

/** The members of a successful answer, or the reason it is not one. */
export type ParsedOutput = { ok: true; downloadUrl: string; layerDigest: string } | { ok: false; reason: string };

/** Read a 200 answer's body. Anything but a JSON object with a string `downloadUrl` is not an answer. */
export function parseOutput(text: string, requestedDigest: string): ParsedOutput {
  if (text.trim() === "") return { ok: false, reason: "the body is empty" };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // The body is not quoted: a truncated answer may hold part of a pre-signed URL.
    return { ok: false, reason: `the body is not valid JSON (${text.length} characters)` };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { ok: false, reason: "the body is not a JSON object" };
  // Own members only: a polluted Object.prototype.downloadUrl must not make `{}` an answer.
  const downloadUrl = own(data, "downloadUrl");
  const layerDigest = own(data, "layerDigest");
  if (typeof downloadUrl !== "string" || downloadUrl === "") return { ok: false, reason: "the body has no string downloadUrl" };
  if (layerDigest !== undefined && typeof layerDigest !== "string") return { ok: false, reason: "the body's layerDigest is not a string" };
  return { ok: true, downloadUrl, layerDigest: layerDigest ?? requestedDigest };
}
