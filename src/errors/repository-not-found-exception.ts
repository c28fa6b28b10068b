import { EcrServiceException } from "./ecr-service-exception.js";

/** No repository with that name exists in the registry. */
export class RepositoryNotFoundException extends EcrServiceException {
  /** Always `"RepositoryNotFoundException"`, the AWS error code. */
  override name = "RepositoryNotFoundException" as const;
}
