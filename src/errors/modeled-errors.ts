import type { EcrServiceException } from "./ecr-service-exception.js";
import { InvalidParameterException } from "./invalid-parameter-exception.js";
import { LayerInaccessibleException } from "./layer-inaccessible-exception.js";
import { LayersNotFoundException } from "./layers-not-found-exception.js";
import { RepositoryNotFoundException } from "./repository-not-found-exception.js";
import { ServerException } from "./server-exception.js";
import { UnableToGetUpstreamLayerException } from "./unable-to-get-upstream-layer-exception.js";

/** What a modeled error is built with: its class fixes `name` (and ServerException `$fault`). */
export type ModeledOptions = Omit<ConstructorParameters<typeof EcrServiceException>[0], "name" | "$fault">;

/** The error classes of the codes GetDownloadUrlForLayer models, by code. */
export const modeledErrors: Readonly<Record<string, new (options: ModeledOptions) => EcrServiceException>> = {
  InvalidParameterException,
  LayerInaccessibleException,
  LayersNotFoundException,
  RepositoryNotFoundException,
  ServerException,
  UnableToGetUpstreamLayerException,
};
