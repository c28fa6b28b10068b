/**
 * `ecr-layer-url/testing`: a fake Amazon ECR to test against, Node only.
 *
 * {@link startFakeEcr} starts it; {@link FAKE_CREDENTIALS} are the keys it accepts by
 * default. Its SigV4 verifier ({@link verifySigV4}) and a small signer
 * ({@link signSigV4}) are exported too, for tests that craft requests by hand.
 *
 * @packageDocumentation
 */
export { startFakeEcr, GET_DOWNLOAD_URL_FOR_LAYER_TARGET } from "./fake-ecr.js";
export type { FakeEcr, FakeEcrOptions, RecordedRequest, RecordedSignature, RequestKind } from "./types.js";
export { FAKE_CREDENTIALS, FAKE_SESSION_CREDENTIALS, type FakeCredentials } from "./credentials.js";
export type {
  Fault,
  FaultBase,
  FaultTarget,
  ErrorForm,
  StatusFault,
  ErrorFault,
  DelayFault,
  DropBeforeHeadersFault,
  DropMidBodyFault,
  SlowDripFault,
  HugeErrorFault,
  CorruptFault,
} from "./faults.js";
export { digestOf, type LayerInfo } from "./blobs.js";
export {
  verifySigV4,
  signatureMismatchMessage,
  type SigV4ErrorCode,
  type SigV4Outcome,
  type SigV4Result,
  type SigV4Valid,
  type SigV4Invalid,
  type SigV4Secret,
  type SigV4VerifyOptions,
} from "./sigv4-verify.js";
export { signSigV4, type SigV4Credentials, type SigV4SignInput, type SigV4SignOptions, type SigV4Signed } from "./sigv4-sign.js";
export { canonicalRequest, stringToSign, headerPairs, type SigV4Request } from "./sigv4-canonical.js";
