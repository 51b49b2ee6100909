/**
 * A counting semaphore for child processes: at most `size` jobs run at once, the rest wait
 * in FIFO order. The runtime build uses one; the spec harness shares one across all its
 * scripts, so clang processes never outnumber the cores however many scripts are in flight.
 */
export class Pool {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {}

  /** Run `job` when a slot is free. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await job();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else this.running--;
    }
  }
}
