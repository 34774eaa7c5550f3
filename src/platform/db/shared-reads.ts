/**
 * Reads of one row that overlap, sharing one statement where that can show no caller
 * anything older than it must see.
 *
 * A caller must see every write committed before it began: a job, whatever was
 * committed before its claim (the write that enqueued it, an integration's update). A
 * reading sees every write
 * committed before its statement began. So a reading may serve each caller that began
 * before the reading did, and no other: a caller that began later might depend on a
 * write committed after the reading's statement began.
 *
 * "Began" is a mark in this process's order of events (`nextMark`), never a clock
 * reading: two events in one millisecond still have an order. A caller passes the mark
 * taken when it began (`since`); a reading takes its mark before its statement is sent.
 * Without `since`, a caller always reads for itself, and its reading may serve later
 * callers.
 *
 * Callers share the value read: it must not be changed.
 *
 * The gateway reads an integration for every job; the jobs of one claim carry one mark
 * (`Job.claimedMark`), so a burst's jobs share the integration's read (2.3 reads a
 * relayed message became 1.6 on SQLite; on PostgreSQL, where each is a round trip, three
 * in four of the jobs' reads were joined). Other callers (Chatwoot's webhooks, the API)
 * pass no mark.
 */

let marks = 0;

/** A point in this process's order of events: each call returns a larger number. */
export function nextMark(): number {
  marks += 1;
  return marks;
}

interface Reading<V> {
  mark: number;
  value: Promise<V>;
}

export class SharedReads<K, V> {
  /** The latest reading of each key still in flight. */
  private readonly inFlight = new Map<K, Reading<V>>();

  read(key: K, since: number | undefined, load: () => Promise<V>): Promise<V> {
    const latest = this.inFlight.get(key);
    if (since !== undefined && latest !== undefined && latest.mark > since) return latest.value;
    const reading: Reading<V> = { mark: nextMark(), value: load() };
    this.inFlight.set(key, reading);
    const settle = () => {
      if (this.inFlight.get(key) === reading) this.inFlight.delete(key);
    };
    reading.value.then(settle, settle);
    return reading.value;
  }

  /** Readings still in flight (for tests). */
  get size(): number {
    return this.inFlight.size;
  }
}
