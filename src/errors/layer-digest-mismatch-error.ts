import { EcrClientError } from "./ecr-client-error.js";

/**
 * A downloaded layer's bytes do not hash to its digest: the blob was altered, or the
 * store holds the wrong object. The body stream errors with this at its end, in place of
 * closing, so a reader can never finish bad bytes without an error; `downloadLayerToFile`
 * leaves no file. `expected` is the layer's digest, `actual` the digest of the bytes read,
 * both as `algorithm:hex`. It has no `$metadata`.
 */
export class LayerDigestMismatchError extends EcrClientError {
  /** Always `"LayerDigestMismatchError"`. */
  override name = "LayerDigestMismatchError" as const;
  /** The layer's digest, as asked for: `algorithm:hex`. */
  readonly expected: string;
  /** The digest of the bytes that arrived, with the same algorithm: `algorithm:hex`. */
  readonly actual: string;

  /** Both digests as `algorithm:hex`; the message quotes them. */
  constructor(expected: string, actual: string) {
    super(`The layer's bytes hash to ${actual}, not to its digest ${expected}`, null);
    this.expected = expected;
    this.actual = actual;
  }
}
