/**
 * Runs work one at a time per key, in the order it was asked for, within this process:
 * the writes of one instance's Chatwoot integration (so that two sets, or a set and a
 * delete, cannot both reach the gateway), the sends under one caller-chosen messageId,
 * the inbound batches of one WhatsApp connection (Baileys does not wait for one batch's
 * handler before starting the next).
 * A failure belongs to its caller and never stops the work queued behind it. Across
 * processes it guarantees nothing: that takes a lease or a transaction.
 */
export class KeyedSerializer {
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
      // The last in line forgets the key, so that keys do not accumulate.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
