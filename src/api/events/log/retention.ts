/**
 * Prunes the event log: events older than EVENT_RETENTION_DAYS go, unless a webhook
 * delivery still waits for them; finished deliveries (delivered or dead) older than that
 * go too. Runs at start and then hourly.
 */
import type { Clock } from "../../../platform/clock.js";
import type { Logger } from "../../../platform/logger.js";
import type { EventLogStore } from "./log-store.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const INTERVAL_MS = 60 * 60 * 1000;

export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly log: EventLogStore,
    private readonly retentionDays: number,
    private readonly clock: Clock,
    private readonly logger: Logger,
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
    return this.log.prune(cutoff);
  }

  async close(): Promise<void> {
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
