import { EcrServiceException } from "./ecr-service-exception.js";

/** A pull-through cache repository could not fetch the layer from its upstream registry. */
export class UnableToGetUpstreamLayerException extends EcrServiceException {
  /** Always `"UnableToGetUpstreamLayerException"`, the AWS error code. */
  override name = "UnableToGetUpstreamLayerException" as const;
}
