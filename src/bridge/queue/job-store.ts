/**
 * The gateway's durable job queue: the SQL for `bridge_jobs`, but for retention's
 * (`retention-store.ts`).
 *
 * Jobs of one `order_key` (a conversation) run one at a time, in the order they were
 * enqueued; jobs of different keys run in parallel, in any number of processes. A claim
 * takes a due job only when no earlier job of its key is unfinished, marks it running
 * under the claimer's name until a deadline, and a claim whose holder died lapses at
 * that deadline and is taken again. On PostgreSQL the candidates are locked with
 * `FOR UPDATE SKIP LOCKED`, so racing claimers never take the same job; SQLite runs the
 * whole claim as one statement under its single writer lock.
 */
import { sql, type RawBuilder, type Selectable } from "kysely";
import type { DialectName } from "../../platform/db/database.js";
import type { BridgeDb, BridgeJobsTable, JobState } from "../bridge-schema.js";
import { CLAIM, COUNTS, OPEN, SETTLED } from "./job-statements.js";
import { nextMark } from "../../platform/db/shared-reads.js";

export interface NewJob {
  integrationId: string;
  kind: string;
  orderKey: string;
  /** Unique per integration: enqueuing the same work twice adds one job. */
  dedupeKey?: string | undefined;
  payload: unknown;
  /** Epoch ms before which it must not run (default: now). */
  notBefore?: number | undefined;
}

export interface Job {
  id: number;
  integrationId: string;
  kind: string;
  orderKey: string;
  dedupeKey: string | null;
  payload: unknown;
  state: JobState;
  /** Claims so far, this one included. */
  attempts: number;
  nextAttemptAt: number;
  lastError: string;
  createdAt: string;
  updatedAt: string;
  /**
   * Set on a job this process claimed: a mark taken once the claim returned, so reads
   * begun after it see everything the job was made from (shared-reads.ts).
   */
  claimedMark?: number;
}

/** Jobs per insert statement: 13 parameters each, far under both dialects' caps. */
const ENQUEUE_CHUNK = 500;

export class JobStore {
  constructor(
    private readonly db: BridgeDb,
    private readonly dialect: DialectName,
  ) {}

  /** Adds jobs, skipping those whose dedupe key is already queued; returns how many were added. */
  async enqueue(jobs: NewJob[], now: number): Promise<number> {
    const at = new Date(now).toISOString();
    let added = 0;
    // One statement per chunk: a statement's bound parameters are capped (65,535 on
    // PostgreSQL, 32,766 on SQLite), and a resumed stream or a reconciliation can bring
    // thousands of jobs at once. On a transaction's handle the chunks commit together.
    for (let start = 0; start < jobs.length; start += ENQUEUE_CHUNK) {
      const result = await this.db
        .insertInto("bridge_jobs")
        .values(
          jobs.slice(start, start + ENQUEUE_CHUNK).map((job) => ({
            integration_id: job.integrationId,
            kind: job.kind,
            order_key: job.orderKey,
            dedupe_key: job.dedupeKey ?? null,
            payload: JSON.stringify(job.payload),
            state: "pending" as const,
            attempts: 0,
            next_attempt_at: job.notBefore ?? now,
            locked_by: null,
            locked_until: null,
            last_error: "",
            created_at: at,
            updated_at: at,
          })),
        )
        .onConflict((oc) => oc.columns(["integration_id", "dedupe_key"]).doNothing())
        .executeTakeFirst();
      added += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return added;
  }

  /**
   * Claims up to `limit` due jobs, at most one per order key, for `owner` until now + lockMs.
   *
   * The plan must not hang on the planner's statistics: a burst's first claims run with
   * statistics gathered while the table held only finished jobs, which put the open
   * states at one row. Read that way, `id in (select … limit … for update skip locked)`
   * was planned as a semi-join that ran the locking subquery again for every open job,
   * and `not exists` as an anti-join that walked the open index whole for each
   * candidate: minutes of CPU at a backlog of 10,000 (test/stores/job-claim-plan.test.ts).
   * So the candidates are a materialized CTE (chosen and locked once), and the head
   * check compares with the key's first open job, a scalar subquery that can only be a
   * seek of the open index by key.
   */
  async claim(owner: string, now: number, limit: number, lockMs: number): Promise<Job[]> {
    const rows = await CLAIM[this.dialect].all(this.db, {
      owner,
      now,
      limit,
      lockedUntil: now + lockMs,
      updatedAt: new Date(now).toISOString(),
    });
    const claimedMark = nextMark();
    return rows.map((row) => ({ ...toJob(row), claimedMark })).sort((a, b) => a.id - b.id);
  }

  /** Moves the deadline of `owner`'s claims on these jobs (those it still holds) to `until`. */
  async extend(ids: number[], owner: string, until: number, now: number): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.db
      .updateTable("bridge_jobs")
      .set({ locked_until: until, updated_at: new Date(now).toISOString() })
      .where("id", "in", ids)
      .where("state", "=", "running")
      .where("locked_by", "=", owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Finishes a claimed job; false when `owner` no longer holds it. */
  async complete(id: number, owner: string, now: number): Promise<boolean> {
    return (await this.completeAll([id], owner, now)).length === 1;
  }

  /** Finishes claimed jobs in one statement: the ids `owner` still held, which are done. */
  async completeAll(ids: readonly number[], owner: string, now: number): Promise<number[]> {
    const rows = await this.db
      .updateTable("bridge_jobs")
      .set({
        state: "done",
        locked_by: null,
        locked_until: null,
        updated_at: new Date(now).toISOString(),
      })
      .where("id", "in", ids)
      .where("state", "=", "running")
      .where("locked_by", "=", owner)
      .returning("id")
      .execute();
    return rows.map((row) => row.id);
  }

  /**
   * Puts a claimed job back for a later attempt. `countAttempt: false` (a rate limit)
   * does not spend one of its attempts.
   */
  async retryLater(
    id: number,
    owner: string,
    now: number,
    at: number,
    error: string,
    countAttempt = true,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable("bridge_jobs")
      .set((eb) => ({
        state: "pending" as const,
        next_attempt_at: at,
        locked_by: null,
        locked_until: null,
        last_error: error,
        updated_at: new Date(now).toISOString(),
        ...(countAttempt ? {} : { attempts: eb("attempts", "-", 1) }),
      }))
      .where("id", "=", id)
      .where("state", "=", "running")
      .where("locked_by", "=", owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Gives up on a claimed job: it stays, dead, until replayed. */
  async bury(id: number, owner: string, now: number, error: string): Promise<boolean> {
    return this.finish(id, owner, now, { state: "dead", last_error: error });
  }

  /** Cancels every unfinished job of an integration (it is being deleted). */
  async cancelAll(integrationId: string, now: number): Promise<number> {
    const result = await this.db
      .updateTable("bridge_jobs")
      .set({ state: "cancelled", locked_by: null, updated_at: new Date(now).toISOString() })
      .where("integration_id", "=", integrationId)
      .where("state", "in", OPEN)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * A dead job runs again from its first attempt; false when it is not dead (or, with
   * `integrationId`, not that integration's: a retry never crosses integrations).
   */
  async replay(id: number, now: number, integrationId?: string): Promise<boolean> {
    let query = this.db
      .updateTable("bridge_jobs")
      .set({
        state: "pending",
        attempts: 0,
        next_attempt_at: now,
        updated_at: new Date(now).toISOString(),
      })
      .where("id", "=", id)
      .where("state", "=", "dead");
    if (integrationId !== undefined) query = query.where("integration_id", "=", integrationId);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async get(id: number): Promise<Job | undefined> {
    const row = await this.db
      .selectFrom("bridge_jobs")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row === undefined ? undefined : toJob(row);
  }

  /** Jobs in a state, oldest first, optionally of one integration. */
  async list(state: JobState, integrationId: string | undefined, limit: number): Promise<Job[]> {
    let query = this.db
      .selectFrom("bridge_jobs")
      .selectAll()
      .where("state", "=", state)
      .orderBy("id")
      .limit(limit);
    if (integrationId !== undefined) query = query.where("integration_id", "=", integrationId);
    return (await query.execute()).map(toJob);
  }

  /** An integration's unfinished and dead jobs (finished ones are not counted). */
  /**
   * An integration's open and dead jobs, in one statement off the integration's state
   * index: finished jobs are not read, however many wait for retention.
   */
  async counts(integrationId: string): Promise<{ open: number; dead: number }> {
    const row = await COUNTS.only(this.db, { integrationId });
    return { open: Number(row.open), dead: Number(row.dead) };
  }

  /**
   * The queue's gauges in one statement: how many jobs are pending, running or dead, and
   * when the oldest of each was queued (ISO). Finished jobs (done, cancelled) are never
   * read: the open states are grouped off the claim's partial indexes (the predicate
   * repeated literally, as they require) and the dead ones off the state index, so the
   * read stays as cheap as the queue is short however many finished rows wait for
   * retention.
   */
  async stateCounts(): Promise<{ state: JobState; count: number; oldest: string }[]> {
    const grouped = (states: RawBuilder<JobState>[]) =>
      this.db
        .selectFrom("bridge_jobs")
        .select([
          "state",
          sql<number | string>`count(*)`.as("n"),
          sql<string>`min(created_at)`.as("oldest"),
        ])
        .where("state", "in", states)
        .groupBy("state");
    // The dead half repeats the settled index's own condition, so that index serves it.
    const dead = grouped([sql.lit<JobState>("dead")]).where("state", "in", SETTLED);
    const rows = await grouped(OPEN).unionAll(dead).execute();
    return rows.map((row) => ({ state: row.state, count: Number(row.n), oldest: row.oldest }));
  }

  private async finish(
    id: number,
    owner: string,
    now: number,
    set: { state: JobState; last_error?: string },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable("bridge_jobs")
      .set({ ...set, locked_by: null, locked_until: null, updated_at: new Date(now).toISOString() })
      .where("id", "=", id)
      .where("state", "=", "running")
      .where("locked_by", "=", owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

function toJob(row: Selectable<BridgeJobsTable>): Job {
  return {
    id: row.id,
    integrationId: row.integration_id,
    kind: row.kind,
    orderKey: row.order_key,
    dedupeKey: row.dedupe_key,
    payload: JSON.parse(row.payload) as unknown,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
