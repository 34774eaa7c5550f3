/**
 * Kysely's SQLite driver prepares every statement afresh, and a profile of the API
 * (issue 11) spent about a quarter of its time in better-sqlite3's `prepare`. The
 * queries of a process are few and repeat (Kysely builds the same text for the same
 * query with bound parameters), so this keeps the prepared statements by their text
 * and hands them out again.
 *
 * A statement still being stepped through (a streamed query) is busy and cannot run
 * twice at once: a second caller then gets a statement of its own, uncached. The cache
 * holds at most `capacity` statements and drops the least recently used first, which
 * bounds what queries of ever-changing text (`in (?, ?, …)` of any length) can take.
 */
import type { SqliteDatabase, SqliteStatement } from "kysely";

/** What is needed of better-sqlite3's statements beyond Kysely's interface. */
export interface PreparedStatement extends SqliteStatement {
  readonly busy: boolean;
}

export interface PreparingDatabase {
  prepare(sql: string): PreparedStatement;
  close(): unknown;
}

export const DEFAULT_STATEMENT_CAPACITY = 500;

export function cachingStatements(
  database: PreparingDatabase,
  capacity = DEFAULT_STATEMENT_CAPACITY,
): SqliteDatabase & { readonly cachedStatements: number } {
  const statements = new Map<string, PreparedStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      const cached = statements.get(sql);
      if (cached !== undefined) {
        if (cached.busy) return database.prepare(sql);
        // Re-inserted, so the map's first key stays the least recently used.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      if (statements.size >= capacity) {
        const oldest = statements.keys().next();
        if (oldest.done !== true) statements.delete(oldest.value);
      }
      statements.set(sql, statement);
      return statement;
    },
    close(): void {
      statements.clear();
      database.close();
    },
    get cachedStatements() {
      return statements.size;
    },
  };
}
