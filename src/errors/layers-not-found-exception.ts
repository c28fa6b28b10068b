import { EcrServiceException } from "./ecr-service-exception.js";

/** No layer with that digest exists in the repository. */
export class LayersNotFoundException extends EcrServiceException {
  /** Always `"LayersNotFoundException"`, the AWS error code. */
  override name = "LayersNotFoundException" as const;
}
