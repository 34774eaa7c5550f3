/**
 * The queue's hottest statements, compiled once (`prepared`), and the state literals the
 * queue's partial indexes require. `job-store.ts` runs them.
 */
import { sql } from "kysely";
import type { DialectName } from "../../platform/db/database.js";
import { prepared } from "../../platform/db/prepared.js";
import type { BridgeDb, JobState } from "../bridge-schema.js";

/**
 * The open states, written into the SQL itself: the claim's indexes hold open jobs only
 * (finished ones pile up until they are pruned), and a planner uses such a partial index
 * only when the query repeats its predicate literally, never through a bound parameter.
 */
export const OPEN = [sql.lit<JobState>("pending"), sql.lit<JobState>("running")];

/** The settled states, literally too: retention's index (`bridge_jobs_settled_age`) holds only those. */
export const SETTLED = [
  sql.lit<JobState>("done"),
  sql.lit<JobState>("cancelled"),
  sql.lit<JobState>("dead"),
];

interface ClaimArgs {
  owner: string;
  now: number;
  limit: number;
  lockedUntil: number;
  updatedAt: string;
}

/** The claim's statement, compiled once per dialect (it runs for every batch of jobs). */
function claimStatement(dialect: DialectName) {
  return prepared((db: BridgeDb, a: ClaimArgs) => {
    let candidates = db
      .selectFrom("bridge_jobs as j")
      .select("j.id")
      .where("j.state", "in", OPEN)
      .where((eb) =>
        eb.or([
          eb.and([eb("j.state", "=", "pending"), eb("j.next_attempt_at", "<=", a.now)]),
          // A claim lapses to others: its holder renews it while the job runs.
          eb.and([
            eb("j.state", "=", "running"),
            eb("j.locked_until", "<", a.now),
            eb("j.locked_by", "<>", a.owner),
          ]),
        ]),
      )
      // The head of its key: no open job of the key is earlier. Written as `<=` (the
      // head's own id is the least) rather than `=`, so that the planner, which guesses
      // a third of rows pass an inequality but a two-hundredth an equality, walks the due
      // index to the limit instead of sorting every open job.
      .where("j.id", "<=", (eb) =>
        eb
          .selectFrom("bridge_jobs as e")
          .select("e.id")
          .whereRef("e.integration_id", "=", "j.integration_id")
          .whereRef("e.order_key", "=", "j.order_key")
          .where("e.state", "in", OPEN)
          .orderBy("e.id")
          .limit(1),
      )
      // The open jobs' index order: earliest due first, without a sort.
      .orderBy("j.next_attempt_at")
      .orderBy("j.id")
      .limit(a.limit);
    // Locked rows are re-checked against the conditions above before they are returned,
    // so a claimer that lost a race finds them taken or skips them; SQLite runs the
    // statement whole under its writer lock.
    if (dialect === "postgres") candidates = candidates.forUpdate().skipLocked();
    const claim = db
      .with(
        (cte) => cte("candidates").materialized(),
        () => candidates,
      )
      .updateTable("bridge_jobs")
      .from("candidates")
      .set((eb) => ({
        state: "running" as const,
        locked_by: a.owner,
        locked_until: a.lockedUntil,
        attempts: eb("bridge_jobs.attempts", "+", 1),
        updated_at: a.updatedAt,
      }))
      // A join, not `id in (…)`: SQLite, told by old statistics that the table is small,
      // would scan it whole for the members of the list.
      .whereRef("bridge_jobs.id", "=", "candidates.id");
    // SQLite's RETURNING reads the updated table only, and refuses `bridge_jobs.*`.
    return dialect === "postgres" ? claim.returningAll("bridge_jobs") : claim.returningAll();
  });
}

export const CLAIM = { sqlite: claimStatement("sqlite"), postgres: claimStatement("postgres") };

/** An integration's open and dead jobs, read by every status request: compiled once. */
export const COUNTS = prepared((db: BridgeDb, a: { integrationId: string }) =>
  db
    .selectFrom("bridge_jobs")
    .select([
      sql<number | string>`count(case when state = 'dead' then 1 end)`.as("dead"),
      sql<number | string>`count(case when state <> 'dead' then 1 end)`.as("open"),
    ])
    .where("integration_id", "=", a.integrationId)
    .where("state", "in", [...OPEN, sql.lit<JobState>("dead")]),
);
