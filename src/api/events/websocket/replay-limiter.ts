/**
 * How many streams of this process may be reading the event log at once (a replay
 * holds a page of events in memory while it writes it). Others wait their turn, first
 * come first served; a stream that closes while waiting leaves the queue.
 */
export type Release = () => void;

/** Concurrent replays per process: pages in memory at once. */
export const REPLAY_LIMIT = 8;

export class ReplayLimiter {
  private active = 0;
  private readonly queue: { grant: () => void; cancel: () => void }[] = [];

  constructor(private readonly limit = REPLAY_LIMIT) {}

  /** A turn, or undefined when `signal` aborted first. Call the release exactly once. */
  acquire(signal: AbortSignal): Promise<Release | undefined> {
    if (signal.aborted) return Promise.resolve(undefined);
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => {
      const waiter = {
        grant: () => {
          signal.removeEventListener("abort", waiter.cancel);
          resolve(this.releaser());
        },
        cancel: () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          resolve(undefined);
        },
      };
      this.queue.push(waiter);
      signal.addEventListener("abort", waiter.cancel, { once: true });
    });
  }

  /** Replays running now, and waiting. */
  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.queue.length };
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The turn passes straight to the next in line, so `active` stays within the limit.
      const next = this.queue.shift();
      if (next === undefined) this.active -= 1;
      else next.grant();
    };
  }
}
