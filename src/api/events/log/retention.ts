/**
 * Prunes the event log: events older than EVENT_RETENTION_DAYS go, unless a webhook
 * delivery still waits for them or a registered consumer (the integration gateway) has
 * not recorded them yet; finished deliveries (delivered or dead) older than that go too. Runs at start and then hourly, and empties a deleted instance's log.
 *
 * All of it runs in bounded batches with a turn of the event loop between them, so that
 * HTTP requests, lease renewals and WebSocket heartbeats are served while a large log is
 * pruned (one DELETE on SQLite's synchronous driver would hold the process throughout).
 */
import type { Clock } from "../../../platform/clock.js";
import type { Logger } from "../../../platform/logger.js";
import type { PruneCursor, RetentionStore } from "./retention-store.js";
import { nextTurn } from "../../../platform/next-turn.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const INTERVAL_MS = 60 * 60 * 1000;
/** Rows per batch: a few milliseconds of SQLite work each (bench/retention.ts). */
export const PRUNE_BATCH = 250;

export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly store: RetentionStore,
    private readonly retentionDays: number,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly batch = PRUNE_BATCH,
  ) {}

  start(): void {
    this.running = this.runOnce();
    this.timer = setInterval(() => {
      this.running = this.runOnce();
    }, INTERVAL_MS);
    this.timer.unref();
  }

  /** Prunes once; returns how many events were removed. */
  async prune(): Promise<number> {
    const cutoff = new Date(this.clock.now() - this.retentionDays * DAY_MS).toISOString();
    while (!this.stopped) {
      const removed = await this.store.pruneFinishedDeliveries(cutoff, this.batch);
      await nextTurn();
      if (removed < this.batch) break;
    }
    let removed = 0;
    let cursor: PruneCursor | undefined;
    while (!this.stopped) {
      const batch = await this.store.pruneEvents(cutoff, this.batch, cursor);
      removed += batch.removed;
      await nextTurn();
      if (batch.next === undefined) break;
      cursor = batch.next;
    }
    return removed;
  }

  /** Removes a deleted instance's deliveries and events, batch by batch. */
  async purgeInstance(instanceId: string): Promise<void> {
    while ((await this.store.purgeInstance(instanceId, this.batch)) > 0) await nextTurn();
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async runOnce(): Promise<void> {
    try {
      const removed = await this.prune();
      if (removed > 0) this.logger.info({ removed }, "old events pruned from the event log");
    } catch (error) {
      this.logger.warn({ err: error }, "event log pruning failed");
    }
  }
}
