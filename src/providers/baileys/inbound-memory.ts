/**
 * What a connection learns as events go by and the mapping needs later: which phone
 * number is behind a LID, group subjects, and poll secrets (to decrypt votes). Each
 * map is bounded; the oldest entries go first.
 */
import type { PollSecret } from "./inbound-polls.js";

export class BoundedMap<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size <= this.capacity) return;
    const oldest = this.entries.keys().next();
    if (oldest.done !== true) this.entries.delete(oldest.value);
  }
}

export class InboundMemory {
  readonly phoneByLid = new BoundedMap<string>(50_000);
  readonly groupNames = new BoundedMap<string>(10_000);
  readonly polls = new BoundedMap<PollSecret>(2_000);
}
