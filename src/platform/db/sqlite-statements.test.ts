import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, sql, type Generated } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { cachingStatements, type PreparingDatabase } from "./sqlite-statements.js";

/** A real in-memory SQLite that counts the statements it prepared. */
function countingSqlite(): { sqlite: SQLite.Database; db: PreparingDatabase; prepared: string[] } {
  const sqlite = new SQLite(":memory:");
  sqlite.exec("create table t (id integer primary key, name text)");
  const prepared: string[] = [];
  const db: PreparingDatabase = {
    prepare: (text) => {
      prepared.push(text);
      return sqlite.prepare(text);
    },
    close: () => sqlite.close(),
  };
  return { sqlite, db, prepared };
}

describe("cachingStatements", () => {
  let close: (() => void) | undefined;
  afterEach(() => {
    close?.();
    close = undefined;
  });

  it("prepares a statement once and runs it again with other parameters", () => {
    const { db, prepared } = countingSqlite();
    const cache = cachingStatements(db);
    close = () => cache.close();
    const insert = "insert into t (name) values (?)";
    for (const name of ["a", "b", "c"]) cache.prepare(insert).run([name]);
    const select = "select name from t where id = ?";
    expect(cache.prepare(select).all([2])).toEqual([{ name: "b" }]);
    expect(cache.prepare(select).all([3])).toEqual([{ name: "c" }]);
    expect(prepared).toEqual([insert, select]);
  });

  it("gives a caller its own statement while the cached one is still being stepped through", () => {
    const { db, prepared } = countingSqlite();
    const cache = cachingStatements(db);
    close = () => cache.close();
    for (const name of ["a", "b"]) cache.prepare("insert into t (name) values (?)").run([name]);
    const select = "select name from t order by id";
    const outer = cache.prepare(select).iterate([]);
    expect(outer.next().value).toEqual({ name: "a" });
    expect(cache.prepare(select).all([])).toEqual([{ name: "a" }, { name: "b" }]);
    expect(outer.next().value).toEqual({ name: "b" });
    expect(outer.next().done).toBe(true);
    expect(prepared.filter((text) => text === select)).toHaveLength(2);
  });

  it("keeps at most its capacity and drops the least recently used first", () => {
    const { db, prepared } = countingSqlite();
    const cache = cachingStatements(db, 2);
    close = () => cache.close();
    const q = (n: number) => `select ${n} as n`;
    cache.prepare(q(1));
    cache.prepare(q(2));
    cache.prepare(q(1)); // 1 is now the most recent
    cache.prepare(q(3)); // evicts 2
    expect(cache.cachedStatements).toBe(2);
    cache.prepare(q(1));
    cache.prepare(q(2));
    expect(prepared).toEqual([q(1), q(2), q(3), q(2)]);
  });

  it("answers with the new shape after the schema changed under a cached statement", () => {
    const { sqlite, db } = countingSqlite();
    const cache = cachingStatements(db);
    close = () => cache.close();
    cache.prepare("insert into t (name) values (?)").run(["a"]);
    expect(cache.prepare("select * from t").all([])).toEqual([{ id: 1, name: "a" }]);
    sqlite.exec("alter table t add column extra text default 'x'");
    expect(cache.prepare("select * from t").all([])).toEqual([{ id: 1, name: "a", extra: "x" }]);
  });

  it("serves Kysely, which then prepares each query text once", async () => {
    const { db, prepared } = countingSqlite();
    const kysely = new Kysely<{ t: { id: Generated<number>; name: string } }>({
      dialect: new SqliteDialect({ database: cachingStatements(db) }),
    });
    for (const name of ["a", "b", "c"]) await kysely.insertInto("t").values({ name }).execute();
    for (const id of [1, 2, 3]) {
      const row = await kysely
        .selectFrom("t")
        .select("name")
        .where("id", "=", id)
        .executeTakeFirst();
      expect(row?.name).toBe(["a", "b", "c"][id - 1]);
    }
    await sql`select 1`.execute(kysely);
    expect(prepared).toHaveLength(3);
    await kysely.destroy();
  });
});
