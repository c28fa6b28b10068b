/**
 * Racing work against an abort, and timers that a long limit cannot break: every request,
 * body read and credential load that a signal or a time limit must cut short races here.
 * (The back-off between retries, a bounded sleep, is `sleep` in `retry.ts`.)
 */

/** setTimeout fires at once for delays past 2^31 - 1 ms; longer limits are "about 24 days". */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** `setTimeout` with the delay capped at {@link MAX_TIMER_MS}, so a huge limit waits instead of firing at once. */
export function cappedTimeout(callback: () => void, ms: number): ReturnType<typeof setTimeout> {
  return setTimeout(callback, Math.min(ms, MAX_TIMER_MS));
}

/**
 * Settle with `promise`, or reject with the signal's reason as soon as it fires, whether
 * or not whatever `promise` waits on heeds the signal itself.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => {}); // a late rejection after the abort is expected, not unhandled
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
