/**
 * The plans the database chooses for the queries a store really runs: a store is given
 * a handle that records each compiled query, and each is then explained (EXPLAIN QUERY
 * PLAN on SQLite, EXPLAIN on PostgreSQL) with its own parameters.
 */
import { CompiledQuery, type KyselyPlugin } from "kysely";
import type { Database, Db } from "../../src/platform/db/database.js";
import { isPlan } from "../../src/platform/db/prepared.js";

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
      if (!isPlan(query)) record(query);
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
  const record = (query: CompiledQuery) => {
    compiled.push(query);
    onQuery(query);
  };
  const withPlugin = database.db.withPlugin(plugin);
  // A prepared statement is compiled once and then run through `executeQuery`, with
  // each call's values, which a plugin never sees.
  const db = new Proxy(withPlugin, {
    get(target, key) {
      if (key === "executeQuery") {
        return (query: CompiledQuery) => {
          record(query);
          return target.executeQuery(query);
        };
      }
      const value = Reflect.get(target, key, target) as unknown;
      // Kysely's methods read private fields: they must run on the handle itself.
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db, queries: () => [...compiled] };
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
