/**
 * The client's view of the server's clock: the local clock plus an offset that each
 * response's `Date` corrects, so requests stay signable when the local clock is off.
 */
import type { LowerCaseHeaders } from "./headers.js";

/** A response whose `Date` is this far from our clock means our signature's time was off. */
export const SKEW_RETRY_THRESHOLD_MS = 4 * 60_000;
/** `Date` has 1 s resolution: smaller differences are noise, not skew. */
const SKEW_UPDATE_THRESHOLD_MS = 1_000;
/** SigV4 dates have four-digit years: a clock must stay within 1970-01-01 and 9999-12-31. */
const END_OF_9999 = 253402300800000;

/** Whether a time (ms since the epoch) can be written as a SigV4 date. */
export const signable = (ms: number): boolean => ms >= 0 && ms < END_OF_9999;

/** The local clock plus the offset learnt from the server. */
export class Clock {
  /** Milliseconds to add to the local clock. */
  offset: number;

  constructor(offset: number) {
    this.offset = offset;
  }

  /** Now on the server's clock. */
  now(): number {
    return Date.now() + this.offset;
  }

  /**
   * Correct the offset from a response's `Date`. Returns how far off the clock this
   * attempt was signed with was (ms, absolute): measured against the offset used for
   * signing, so concurrent calls each see their own skew, not one another's correction.
   */
  observe(headers: LowerCaseHeaders, signingOffset: number): number {
    const serverTime = headers.date ? Date.parse(headers.date) : Number.NaN;
    // A Date we could not sign with (year 275760, say) would stop every later request.
    if (!signable(serverTime)) return 0;
    const now = Date.now();
    if (Math.abs(serverTime - (now + this.offset)) >= SKEW_UPDATE_THRESHOLD_MS) this.offset = serverTime - now;
    return Math.abs(serverTime - (now + signingOffset));
  }
}
