/**
 * The plans the database chooses for the queries a store really runs: a store is given
 * a handle that records each compiled query, and each is then explained (EXPLAIN QUERY
 * PLAN on SQLite, EXPLAIN on PostgreSQL) with its own parameters.
 */
import { CompiledQuery, type KyselyPlugin } from "kysely";
import type { Database, Db } from "../../src/platform/db/database.js";

export interface RecordingDb {
  db: Db;
  /** Every query run through `db` so far, compiled. */
  queries(): CompiledQuery[];
}

/** `onQuery` sees each query as it is sent, so a test can place it among other work. */
export function recordingDb(
  database: Database,
  onQuery: (query: CompiledQuery) => void = () => undefined,
): RecordingDb {
  const compiled: CompiledQuery[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      const query = database.db.getExecutor().compileQuery(args.node, args.queryId);
      compiled.push(query);
      onQuery(query);
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
  return { db: database.db.withPlugin(plugin), queries: () => [...compiled] };
}

/** The plan's text, one line per step. */
export async function planOf(database: Database, query: CompiledQuery): Promise<string> {
  const prefix = database.dialect === "sqlite" ? "explain query plan " : "explain ";
  const result = await database.db.executeQuery<Record<string, unknown>>(
    CompiledQuery.raw(prefix + query.sql, [...query.parameters]),
  );
  return result.rows
    .map((row) => String(database.dialect === "sqlite" ? row.detail : row["QUERY PLAN"]))
    .join("\n");
}
