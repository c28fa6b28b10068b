import { EcrServiceException } from "./ecr-service-exception.js";

/** ECR reported an internal error. Retried like other server errors. */
export class ServerException extends EcrServiceException {
  /** Always `"ServerException"`, the AWS error code. */
  override name = "ServerException" as const;
  /** Always `"server"`: ECR failed, not the request. */
  override readonly $fault = "server" as const;
}
