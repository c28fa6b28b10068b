import { EcrClientError } from "./ecr-client-error.js";

/**
 * A layer's size is not `expectedSize`: thrown when the response announces another size,
 * or the stream errors with it as soon as more bytes arrive, or at the end when fewer did.
 * `expected` and `actual` are byte counts (`actual` is at least the bytes seen so far).
 * It has no `$metadata`.
 */
export class LayerSizeMismatchError extends EcrClientError {
  /** Always `"LayerSizeMismatchError"`. */
  override name = "LayerSizeMismatchError" as const;
  /** The `expectedSize` the caller passed, in bytes. */
  readonly expected: number;
  /** The size announced, or the bytes seen so far (a lower bound when the stream ran over). */
  readonly actual: number;

  /** `when` words the message: `"announced as"`, `"at least"` or `"only"`. */
  constructor(expected: number, actual: number, when: string) {
    super(`The layer is ${when} ${actual} bytes, not the expected ${expected}`, null);
    this.expected = expected;
    this.actual = actual;
  }
}
