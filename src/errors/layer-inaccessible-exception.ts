import { EcrServiceException } from "./ecr-service-exception.js";

/** The layer exists but is not accessible (for example still being uploaded). */
export class LayerInaccessibleException extends EcrServiceException {
  /** Always `"LayerInaccessibleException"`, the AWS error code. */
  override name = "LayerInaccessibleException" as const;
}
