import { EcrServiceException } from "./ecr-service-exception.js";

/** A parameter was rejected by the service (for example a digest of the wrong length). */
export class InvalidParameterException extends EcrServiceException {
  /** Always `"InvalidParameterException"`, the AWS error code. */
  override name = "InvalidParameterException" as const;
}
