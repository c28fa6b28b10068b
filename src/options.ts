/**
 * Checking option values: a client's config (an {@link EcrConfigError} when wrong) and a
 * call's options (an {@link EcrInputError}). Each message names the option, the value
 * and the rule. `null` means none wherever `undefined` does.
 */
import { EcrConfigError, EcrInputError } from "./errors.js";
import { describeValue } from "./values.js";

/** Options of one call. */
export interface RequestOptions {
  /** Cancels the call: the in-flight request and any back-off sleep, at once. */
  abortSignal?: AbortSignal;
  /** Time limit of each attempt in ms, overriding the client's. */
  requestTimeoutMs?: number;
  /** Ask ECR even when the URL cache holds a fresh URL; the answer replaces the cached one. */
  refresh?: boolean;
}

/** A boolean config option's value; anything but true, false or undefined is an error naming it. */
export function flag(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value === "boolean") return value;
  // A string "false" would otherwise switch the feature on.
  throw new EcrConfigError(`Invalid ${name}: expected true or false, got ${describeValue(value)}`);
}

/** A numeric config option: undefined, or a finite number >= `min`. */
export function checkNumber(name: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new EcrConfigError(`${name} must be a finite number >= ${min}, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

/** A whole-number config option >= `min`, `fallback` when undefined. */
export function checkWhole(name: string, value: unknown, min: number, fallback: number): number {
  const checked = checkNumber(name, value, min) ?? fallback;
  if (!Number.isInteger(checked)) throw new EcrConfigError(`${name} must be a whole number, got ${checked}`);
  return checked;
}

/** A call's options object: `{}` for undefined or null, else it must be an object. */
export function callOptions<T extends object>(options: T | null | undefined): T | Partial<T> {
  if (options == null) return {};
  if (typeof options !== "object") throw new EcrInputError("options", `options must be an object, got ${typeof options}`);
  return options;
}

/** Check a call's `requestTimeoutMs` option: a finite number of ms, 0 for none. */
export function checkTimeoutOption(value: unknown): void {
  if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
    throw new EcrInputError("requestTimeoutMs", `requestTimeoutMs must be a finite number >= 0, got ${describeValue(value)}`);
  }
}

/** Check a call's `abortSignal` option: anything with `addEventListener`; null or undefined mean none (returned as undefined). */
export function checkAbortSignal(value: unknown): AbortSignal | undefined {
  if (value != null && typeof (value as { addEventListener?: unknown }).addEventListener !== "function") {
    throw new EcrInputError("abortSignal", "abortSignal must be an AbortSignal");
  }
  return (value ?? undefined) as AbortSignal | undefined;
}
