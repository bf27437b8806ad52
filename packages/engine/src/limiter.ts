/**
 * Bounded concurrency: at most `max` tasks at once overall and at most `perKey` per key (the
 * account), so one busy account cannot starve the others or trip its own EC2 rate limits.
 */
export interface Limiter {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/** A counting semaphore: acquire resolves when a slot is free; release hands it to the next waiter. */
class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly max: number) {}

  async acquire(): Promise<void> {
    if (this.active < this.max) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `active` stays as it is.
    if (next) next();
    else this.active--;
  }

  get idle(): boolean {
    return this.active === 0 && this.waiting.length === 0;
  }
}

export function createLimiter(options: { max: number; perKey: number }): Limiter {
  if (!(options.max >= 1 && options.perKey >= 1)) throw new RangeError('limiter bounds must be >= 1');
  const global = new Semaphore(options.max);
  const perKey = new Map<string, Semaphore>();
  return {
    async run<T>(key: string, task: () => Promise<T>): Promise<T> {
      let keyed = perKey.get(key);
      if (!keyed) {
        keyed = new Semaphore(options.perKey);
        perKey.set(key, keyed);
      }
      // The per-key slot first: a task waiting on its account never holds a global slot.
      await keyed.acquire();
      try {
        await global.acquire();
        try {
          return await task();
        } finally {
          global.release();
        }
      } finally {
        keyed.release();
        if (keyed.idle) perKey.delete(key);
      }
    },
  };
}
