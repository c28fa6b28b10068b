/**
 * Waits that the server can cancel all at once, so `close()` never has to wait out a
 * `delay` or `slow-drip` fault and leaves no timer behind.
 */
export class Sleeper {
  readonly #pending = new Map<ReturnType<typeof setTimeout>, (slept: boolean) => void>();
  #cancelled = false;

  /** Resolves `true` after `ms`, or `false` at once if {@link Sleeper.cancelAll} ran or runs first. */
  sleep(ms: number): Promise<boolean> {
    if (this.#cancelled) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(timer);
        resolve(true);
      }, Math.max(0, ms));
      this.#pending.set(timer, resolve);
    });
  }

  /** Clears every pending wait, resolving each `false`; later waits resolve `false` at once. */
  cancelAll(): void {
    this.#cancelled = true;
    for (const [timer, resolve] of this.#pending) {
      clearTimeout(timer);
      resolve(false);
    }
    this.#pending.clear();
  }
}
