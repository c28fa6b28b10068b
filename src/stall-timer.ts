/**
 * The stall timer of a download: it fires when one wait on the network (for response
 * headers, or for the next bytes of a body) lasts the time limit. Only the waits count:
 * time the reader spends not reading is not a stall.
 */
import { cappedTimeout } from "./abort.js";

/** Watches the waits between `start()` and `stop()`; `onStall` runs when one lasts `timeoutMs` (0: never). */
export class StallTimer {
  /** Whether the timer fired since {@link StallTimer.reset}. */
  stalled = false;
  readonly #timeoutMs: number;
  readonly #onStall: () => void;
  /** When the current wait began; 0 when none is under way. */
  #since = 0;
  #timer?: ReturnType<typeof setTimeout>;

  constructor(timeoutMs: number, onStall: () => void) {
    this.#timeoutMs = timeoutMs;
    this.#onStall = onStall;
  }

  /** A wait on the network begins. */
  start(): void {
    this.#since = Date.now();
    // One timer for the whole download, re-armed for what is left: not one per chunk.
    if (this.#timeoutMs > 0 && this.#timer === undefined) this.#arm(this.#timeoutMs);
  }

  /** The wait is over. */
  stop(): void {
    this.#since = 0;
  }

  /** A new request: it has not stalled (yet). */
  reset(): void {
    this.stalled = false;
  }

  /** The download is over: no more firing. */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(ms: number): void {
    this.#timer = cappedTimeout(() => {
      this.#timer = undefined;
      if (this.#since === 0) return; // nobody is waiting on the network: nothing to time
      const waited = Date.now() - this.#since;
      if (waited < this.#timeoutMs) return this.#arm(this.#timeoutMs - waited);
      this.stalled = true;
      this.#onStall();
    }, ms);
  }
}
