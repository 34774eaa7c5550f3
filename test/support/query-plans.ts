/**
 * The plans the database chooses for the queries a store really runs: a store is given
 * a handle that records each compiled query, and each is then explained (EXPLAIN QUERY
 * PLAN on SQLite, EXPLAIN on PostgreSQL) with its own parameters.
 */
import { CompiledQuery, type KyselyPlugin, type RootOperationNode } from "kysely";
import type { Database, Db } from "../../src/platform/db/database.js";

export interface RecordingDb {
  db: Db;
  /** Every query run through `db` so far, compiled. */
  queries(): CompiledQuery[];
}

export function recordingDb(database: Database): RecordingDb {
  const nodes: {
    node: RootOperationNode;
    queryId: Parameters<KyselyPlugin["transformQuery"]>[0]["queryId"];
  }[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      nodes.push({ node: args.node, queryId: args.queryId });
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
  const db = database.db.withPlugin(plugin);
  return {
    db,
    queries: () =>
      nodes.map(({ node, queryId }) => database.db.getExecutor().compileQuery(node, queryId)),
  };
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
