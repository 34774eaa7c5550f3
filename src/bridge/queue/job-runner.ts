/**
 * Runs the gateway's jobs: claims due jobs (at most one per conversation at a time, see
 * job-store.ts), hands each to the handler of its kind, and records the outcome. A
 * finished job's own writes (its message map row) commit in the same transaction that
 * marks it done, so a crash anywhere repeats work but never records it twice. Jobs that
 * finish while another completion commits are completed together in the next.
 */
import type { Clock } from "../../platform/clock.js";
import type { DialectName } from "../../platform/db/database.js";
import type { Logger } from "../../platform/logger.js";
import { backoffDelay, type Backoff } from "../../platform/retry.js";
import type { BridgeDb, BridgeTx } from "../bridge-schema.js";
import { JobStore, type Job } from "./job-store.js";

export type JobOutcome =
  /** Finished; `commit` writes its results in the transaction that completes it. */
  | { kind: "done"; commit?: (tx: BridgeTx) => Promise<void> }
  /** Try again later; a rate limit (`countAttempt: false`) spends no attempt. */
  | {
      kind: "retry";
      error: string;
      retryAfterMs?: number | undefined;
      countAttempt?: boolean;
      integrationError?: string | undefined;
    }
  /** Will never succeed: dead-lettered at once. */
  | { kind: "dead"; error: string; integrationError?: string | undefined };

export interface JobHandler {
  handle(job: Job): Promise<JobOutcome>;
  /** Makes a job's failure visible (a failed status, a private note); best effort. */
  onDead?(job: Job, error: string): Promise<void>;
}

export interface JobRunnerOptions {
  db: BridgeDb;
  dialect: DialectName;
  handlers: Record<string, JobHandler>;
  owner: string;
  clock: Clock;
  logger: Logger;
  /** Jobs in flight at once in this process. */
  concurrency: number;
  /** How long a claim holds a job before another process may take it. */
  lockMs: number;
  maxAttempts: number;
  backoff: Backoff;
  /** The longest sleep between looks at the queue (jobs of other processes, retries). */
  pollMs: number;
  /**
   * A job settled: `integrationError` is set when it failed for a reason that is the
   * integration's (Chatwoot refused its token), undefined when it went through.
   */
  onSettled?: (integrationId: string, integrationError: string | undefined) => Promise<void>;
}

export class JobRunner {
  private readonly jobs: JobStore;
  /** The ids of the jobs this runner is executing. */
  private readonly held = new Set<number>();
  private running = false;
  private looping = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private renewal: NodeJS.Timeout | undefined;
  private readonly idle = new Set<() => void>();
  /** Finished jobs waiting for the completion being committed; undefined when none is. */
  private finishing: Finished[] | undefined;

  constructor(private readonly options: JobRunnerOptions) {
    this.jobs = new JobStore(options.db, options.dialect);
  }

  start(): void {
    this.running = true;
    // A job in flight keeps its claim however long its calls take: only a runner that
    // stopped renewing (its process died or hangs) lets the claim lapse to another.
    this.renewal = setInterval(() => void this.renew(), Math.max(50, this.options.lockMs / 3));
    this.renewal.unref();
    this.wake();
  }

  /** New work may be due: look at the queue now. */
  wake(): void {
    if (!this.running) return;
    if (this.looping) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.looping = true;
    void this.loop().finally(() => {
      this.looping = false;
      this.settle();
      if (this.again) this.wake();
    });
  }

  /** Stops claiming and waits for the jobs in flight. */
  async close(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    while (this.held.size > 0 || this.looping) {
      await new Promise<void>((resolve) => this.idle.add(resolve));
    }
    clearInterval(this.renewal);
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        const room = this.options.concurrency - this.held.size;
        if (room <= 0) return;
        const now = this.options.clock.now();
        const claimed = await this.jobs.claim(this.options.owner, now, room, this.options.lockMs);
        for (const job of claimed) this.runOne(job);
        if (claimed.length === room) this.again = true;
      } while (this.again && this.running);
    } catch (error) {
      this.options.logger.warn({ err: error }, "job queue unavailable; trying again shortly");
    } finally {
      this.schedule();
    }
  }

  /**
   * A job finished. Claiming costs about the same for one job as for several, so a busy
   * runner claims again once a quarter of its slots are free; an idle one (the next job
   * of the same conversation) at once. New jobs and the poll still wake it whatever is free.
   */
  private refill(): void {
    const free = this.options.concurrency - this.held.size;
    if (this.held.size === 0 || free >= Math.ceil(this.options.concurrency / 4)) this.wake();
  }

  private schedule(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), this.options.pollMs);
    this.timer.unref();
  }

  private runOne(job: Job): void {
    this.held.add(job.id);
    void this.execute(job)
      .catch((error: unknown) => {
        this.options.logger.error(
          { err: error, jobId: job.id, kind: job.kind },
          "job failed unexpectedly",
        );
        return this.fail(job, { kind: "retry", error: "internal error" });
      })
      .catch(() => undefined)
      .finally(() => {
        this.held.delete(job.id);
        this.settle();
        this.refill();
      });
  }

  private async execute(job: Job): Promise<void> {
    const handler = this.options.handlers[job.kind];
    if (handler === undefined) {
      await this.fail(job, { kind: "dead", error: `no handler for job kind ${job.kind}` });
      return;
    }
    const outcome = await handler.handle(job);
    if (outcome.kind === "done") {
      await this.complete(job, outcome.commit);
      await this.options.onSettled?.(job.integrationId, undefined);
      return;
    }
    await this.fail(job, outcome, handler);
    if (outcome.integrationError !== undefined)
      await this.options.onSettled?.(job.integrationId, outcome.integrationError);
  }

  /**
   * Marks the job done, with its own writes, once committed. A job that finishes while
   * another completion commits waits for it and goes with the others that did in the
   * next transaction (a group commit): a busy runner pays one commit, and on PostgreSQL
   * one begin and one commit round trip, per batch instead of per job.
   */
  private complete(job: Job, commit: Finished["commit"]): Promise<void> {
    return new Promise((resolve, reject) => {
      const finished = { job, commit, resolve, reject };
      if (this.finishing !== undefined) {
        this.finishing.push(finished);
        return;
      }
      // Started after the event loop's current turn, which may finish other jobs (their
      // Chatwoot answers arrived together): on SQLite a completion holds the loop until
      // it commits, so none could join it otherwise.
      const waiting: Finished[] = [finished];
      this.finishing = waiting;
      setImmediate(() => void this.completeWaiting(waiting));
    });
  }

  private async completeWaiting(waiting: Finished[]): Promise<void> {
    while (waiting.length > 0) {
      const batch = waiting.splice(0, waiting.length);
      if (batch.length > 1 && (await this.completeTogether(batch))) continue;
      for (const finished of batch) {
        await this.completeAlone(finished.job, finished.commit).then(
          finished.resolve,
          finished.reject,
        );
      }
    }
    this.finishing = undefined;
  }

  /**
   * Completes the batch in one transaction, whole or not at all: false when it was rolled
   * back (a claim that lapsed, a write that failed, the database), and then each job is
   * completed alone, so that only its own failure reaches it.
   */
  private async completeTogether(batch: Finished[]): Promise<boolean> {
    try {
      await this.completeIn(batch);
    } catch {
      return false;
    }
    for (const finished of batch) finished.resolve();
    return true;
  }

  private async completeAlone(job: Job, commit: Finished["commit"]): Promise<void> {
    await this.completeIn([{ job, commit }]).catch((error: unknown) => {
      if (!(error instanceof LostClaim)) throw error;
      this.options.logger.warn(
        { jobId: job.id },
        "job claim lapsed before it finished; left to its new holder",
      );
    });
  }

  /** Writes each job's results, then marks them all done, in one transaction. */
  private async completeIn(batch: readonly Pick<Finished, "job" | "commit">[]): Promise<void> {
    const now = this.options.clock.now();
    await this.options.db.transaction().execute(async (tx) => {
      for (const { commit } of batch) await commit?.(tx);
      const ids = batch.map(({ job }) => job.id);
      const done = new Set(
        await new JobStore(tx, this.options.dialect).completeAll(ids, this.options.owner, now),
      );
      // A claim that lapsed meanwhile belongs to someone else: roll our writes back.
      const lapsed = ids.find((id) => !done.has(id));
      if (lapsed !== undefined) throw new LostClaim(lapsed);
    });
  }

  private async fail(
    job: Job,
    outcome: Exclude<JobOutcome, { kind: "done" }>,
    handler?: JobHandler,
  ): Promise<void> {
    const now = this.options.clock.now();
    const exhausted =
      outcome.kind === "retry" &&
      outcome.countAttempt !== false &&
      job.attempts >= this.options.maxAttempts;
    if (outcome.kind === "retry" && !exhausted) {
      const wait = outcome.retryAfterMs ?? backoffDelay(job.attempts, this.options.backoff);
      await this.jobs.retryLater(
        job.id,
        this.options.owner,
        now,
        now + wait,
        outcome.error,
        outcome.countAttempt !== false,
      );
      return;
    }
    const error = exhausted
      ? `${outcome.error} (gave up after ${job.attempts} attempts)`
      : outcome.error;
    if (!(await this.jobs.bury(job.id, this.options.owner, now, error))) return;
    this.options.logger.warn({ jobId: job.id, kind: job.kind, error }, "gateway job dead-lettered");
    await handler?.onDead?.(job, error).catch((failure: unknown) => {
      this.options.logger.warn(
        { err: failure, jobId: job.id },
        "could not report a dead job in Chatwoot",
      );
    });
  }

  private async renew(): Promise<void> {
    if (this.held.size === 0) return;
    const now = this.options.clock.now();
    await this.jobs
      .extend([...this.held], this.options.owner, now + this.options.lockMs, now)
      .catch((error: unknown) => {
        this.options.logger.warn({ err: error }, "could not renew the claims of running jobs");
      });
  }

  private settle(): void {
    if (this.held.size > 0 || this.looping) return;
    for (const resolve of this.idle) resolve();
    this.idle.clear();
  }
}

interface Finished {
  job: Job;
  commit: ((tx: BridgeTx) => Promise<void>) | undefined;
  resolve: () => void;
  reject: (error: unknown) => void;
}

class LostClaim extends Error {
  constructor(id: number) {
    super(`lost the claim of job ${id}`);
  }
}
