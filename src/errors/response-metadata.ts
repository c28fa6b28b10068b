/** What is known about the HTTP exchange(s) behind a result or an error. */
export interface ResponseMetadata {
  /** HTTP status of the last response, when one arrived. */
  httpStatusCode?: number;
  /** `x-amzn-RequestId` of the last response, when it had one. */
  requestId?: string;
  /** How many requests were sent (0 when nothing was sent). */
  attempts: number;
  /** Milliseconds spent sleeping between attempts. */
  totalRetryDelay: number;
  /**
   * On a successful answer: `true` when it came from the client's URL cache, so nothing
   * was sent (`attempts` is then 0), `false` when ECR was asked.
   */
  fromCache?: boolean;
}

/** The metadata of an error raised before anything was sent. A new object each call: callers may hold on to it. */
export const noRequest = (): ResponseMetadata => ({ attempts: 0, totalRetryDelay: 0 });
