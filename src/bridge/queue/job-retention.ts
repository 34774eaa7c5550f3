/**
 * Keeps the gateway's tables as small as its live work: finished jobs (done, cancelled)
 * and the Chatwoot delivery ids seen go after BRIDGE_JOB_RETENTION_HOURS, dead jobs
 * (kept for operators to replay) after EVENT_RETENTION_DAYS. Open jobs are never
 * touched. Runs at start and then hourly, in bounded batches with a turn of the event
 * loop between them, so a large backlog of finished rows never stalls the process.
 */
import type { Clock } from "../../platform/clock.js";
import type { Logger } from "../../platform/logger.js";
import { nextTurn } from "../../platform/next-turn.js";
import type { RetentionStore } from "./retention-store.js";

const HOUR_MS = 60 * 60 * 1000;
/** Rows per batch: a few milliseconds of SQLite work each. */
const BATCH = 250;

export interface JobRetentionOptions {
  finishedMs: number;
  deadMs: number;
  clock: Clock;
  logger: Logger;
  batch?: number;
}

export interface Pruned {
  finished: number;
  dead: number;
  deliveries: number;
}

export class JobRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly store: RetentionStore,
    private readonly options: JobRetentionOptions,
  ) {}

  start(): void {
    this.running = this.runOnce();
    this.timer = setInterval(() => {
      this.running = this.runOnce();
    }, HOUR_MS);
    this.timer.unref();
  }

  /** Prunes once; returns how many rows went. */
  async prune(): Promise<Pruned> {
    const { clock, finishedMs, deadMs } = this.options;
    const now = clock.now();
    const finishedBefore = new Date(now - finishedMs).toISOString();
    const deadBefore = new Date(now - deadMs).toISOString();
    return {
      finished: await this.drain((n) => this.store.prune("finished", finishedBefore, n)),
      dead: await this.drain((n) => this.store.prune("dead", deadBefore, n)),
      deliveries: await this.drain((n) => this.store.pruneDeliveries(now - finishedMs, n)),
    };
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async drain(batch: (limit: number) => Promise<number>): Promise<number> {
    const size = this.options.batch ?? BATCH;
    let removed = 0;
    while (!this.stopped) {
      const count = await batch(size);
      removed += count;
      if (count < size) break;
      await nextTurn();
    }
    return removed;
  }

  private async runOnce(): Promise<void> {
    try {
      const pruned = await this.prune();
      if (pruned.finished + pruned.dead + pruned.deliveries > 0)
        this.options.logger.info(pruned, "old gateway jobs pruned");
    } catch (error) {
      this.options.logger.warn({ err: error }, "gateway job pruning failed");
    }
  }
}
