/**
 * Runs the writes of one instance's integration one at a time in this process, so that
 * two sets (or a set and a delete) cannot both reach the gateway and leave it with an
 * integration the row no longer names. Across API processes the last write wins.
 */
export class InstanceLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    // The chain continues whatever `work` does; its result belongs to the caller.
    const tail = current.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
