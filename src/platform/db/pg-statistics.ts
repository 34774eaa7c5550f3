/**
 * Fresh planner statistics for PostgreSQL's queue tables. The queues' claims are planned
 * from the tables' statistics, and autovacuum gathers them at most once a minute
 * (`autovacuum_naptime`), after 10 % of a table changed. A queue fills faster than that:
 * a new integration's first burst, or a gateway resuming thousands of missed events,
 * brings a table from empty to ten thousand rows in seconds, and until the next
 * analysis the planner takes it for the empty table it last saw. The gateway's claim
 * then scanned and sorted every open job at each claim: 10.6 ms a claim with 5,000 open
 * jobs, against 2.2 ms once analyzed (bench/job-claim.ts --postgres).
 *
 * So every `everyMs` this reads the server's own change counters and analyzes a table
 * that changed by autovacuum's rule (50 rows + 10 %), a few seconds after it happened.
 * `skip_locked`: a table another process (or autovacuum) is analyzing is left to it.
 */
import { sql } from "kysely";
import type { Db } from "./database.js";

export const STATISTICS_EVERY_MS = 3_000;
/** autovacuum's defaults: `autovacuum_analyze_threshold` and `_scale_factor`. */
const THRESHOLD_ROWS = 50;
const SCALE_FACTOR = 0.1;

/** The tables whose rows come and go by the thousand: the gateway's jobs, the webhooks' deliveries. */
export const QUEUE_TABLES = ["bridge_jobs", "webhook_deliveries"] as const;

export interface StatisticsKeeper {
  /** Reads the counters once and analyzes the tables that need it; returns their names. */
  check(): Promise<string[]>;
  stop(): void;
}

export function keepStatistics(
  db: Db,
  tables: readonly string[] = QUEUE_TABLES,
  everyMs = STATISTICS_EVERY_MS,
): StatisticsKeeper {
  let checking: Promise<string[]> | undefined;
  const check = async (): Promise<string[]> => {
    const { rows } = await sql<{ table: string; changed: number | string; live: number | string }>`
      select relname as "table", n_mod_since_analyze as changed, n_live_tup as live
      from pg_stat_user_tables
      where relid = any (${sql.raw(regclasses(tables))})
    `.execute(db);
    const stale = rows
      .filter((row) => Number(row.changed) > THRESHOLD_ROWS + SCALE_FACTOR * Number(row.live))
      .map((row) => row.table);
    for (const table of stale) await sql`analyze (skip_locked) ${sql.table(table)}`.execute(db);
    return stale;
  };
  const timer = setInterval(() => {
    // One check at a time; a failed one (the database away for a moment) waits for the next tick.
    checking ??= check()
      .catch(() => [])
      .finally(() => (checking = undefined));
  }, everyMs);
  timer.unref();
  return {
    check,
    stop: () => clearInterval(timer),
  };
}

/**
 * `array[to_regclass('bridge_jobs'), …]`, resolved through the connection's search_path;
 * a table not there (yet) is a null that matches nothing.
 */
function regclasses(tables: readonly string[]): string {
  for (const table of tables) {
    if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`not a table name: ${table}`);
  }
  return `array[${tables.map((table) => `to_regclass('${table}')`).join(", ")}]::oid[]`;
}
