/**
 * A consumer acks as often as it likes (after every event, say); the database hears of
 * it at most once per interval, with the highest seq acked, and once more when the
 * stream closes. A lost write only leaves the stored position behind, which makes
 * retention keep more, never less.
 */
import type { Clock } from "../../../platform/clock.js";

export const ACK_INTERVAL_MS = 1_000;

export class AckThrottle {
  private pending: number | undefined;
  private highest = -1;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (seq: number) => Promise<void>,
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void,
    private readonly intervalMs = ACK_INTERVAL_MS,
  ) {}

  ack(seq: number): void {
    if (seq <= this.highest) return;
    this.highest = seq;
    this.pending = seq;
    if (this.timer !== undefined) return;
    const wait = this.lastWriteAt + this.intervalMs - this.clock.now();
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
    this.timer.unref();
  }

  /** Writes what is pending now and waits for every write started. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flush();
    await this.writing;
  }

  private flush(): void {
    const seq = this.pending;
    if (seq === undefined) return;
    this.pending = undefined;
    this.lastWriteAt = this.clock.now();
    this.writing = this.writing.then(() => this.write(seq)).catch(this.onError);
  }
}
