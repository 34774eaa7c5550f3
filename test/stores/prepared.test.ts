/** Statements compiled once and run with bound values, on both dialects. */
import { sql, type Generated, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DialectName } from "../../src/platform/db/database.js";
import { prepared } from "../../src/platform/db/prepared.js";
import { DIALECTS, openTestDatabase, type TestDatabase } from "../support/databases.js";

interface Tables {
  prepared_items: { id: Generated<number>; kind: string; name: string; note: string | null };
}
type ItemsDb = Kysely<Tables>;

describe.each(DIALECTS)("prepared statements on %s", (dialect: DialectName) => {
  let database: TestDatabase | undefined;
  let db: ItemsDb;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    if (database === undefined) return;
    db = database.db as unknown as ItemsDb;
    const id = dialect === "sqlite" ? sql`integer primary key` : sql`serial primary key`;
    await sql`create table prepared_items (id ${id}, kind text not null, name text not null, note text)`.execute(
      db,
    );
    await db
      .insertInto("prepared_items")
      .values([
        { kind: "fruit", name: "apple", note: null },
        { kind: "fruit", name: "pear", note: "ripe" },
        { kind: "tool", name: "saw", note: null },
      ])
      .execute();
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("builds once per handle and binds each call's arguments where the markers were", async (context) => {
    if (database === undefined) return context.skip();
    let builds = 0;
    const named = prepared((handle: ItemsDb, a: { kind: string; name: string }) => {
      builds += 1;
      return handle
        .selectFrom("prepared_items")
        .select(["name", "note"])
        .where("kind", "=", a.kind)
        .where((eb) => eb.or([eb("name", "=", a.name), eb("note", "=", a.name)]))
        .orderBy("id");
    });
    expect(await named.all(db, { kind: "fruit", name: "apple" })).toEqual([
      { name: "apple", note: null },
    ]);
    expect(await named.all(db, { kind: "fruit", name: "ripe" })).toEqual([
      { name: "pear", note: "ripe" },
    ]);
    expect(await named.first(db, { kind: "tool", name: "apple" })).toBeUndefined();
    expect(await named.first(db, { kind: "tool", name: "saw" })).toEqual({
      name: "saw",
      note: null,
    });
    expect(builds).toBe(1);
  });

  it("answers the one row a statement must return, and says so when there is none", async (context) => {
    if (database === undefined) return context.skip();
    const counted = prepared((handle: ItemsDb, a: { kind: string }) =>
      handle
        .selectFrom("prepared_items")
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .where("kind", "=", a.kind),
    );
    expect(Number((await counted.only(db, { kind: "fruit" })).n)).toBe(2);
    const named = prepared((handle: ItemsDb, a: { name: string }) =>
      handle.selectFrom("prepared_items").select("id").where("name", "=", a.name),
    );
    await expect(named.only(db, { name: "nobody" })).rejects.toThrow("returned none");
  });

  it("keeps the query's own values as they were built, beside the arguments", async (context) => {
    if (database === undefined) return context.skip();
    const fruitNamed = prepared((handle: ItemsDb, a: { name: string }) =>
      handle
        .selectFrom("prepared_items")
        .select("name")
        .where("kind", "=", "fruit")
        .where("name", "=", a.name),
    );
    expect(await fruitNamed.first(db, { name: "pear" })).toEqual({ name: "pear" });
    expect(await fruitNamed.first(db, { name: "saw" })).toBeUndefined();
  });

  it("runs writes with their affected rows, a null argument bound as null", async (context) => {
    if (database === undefined) return context.skip();
    const annotate = prepared((handle: ItemsDb, a: { kind: string; note: string | null }) =>
      handle.updateTable("prepared_items").set({ note: a.note }).where("kind", "=", a.kind),
    );
    const result = await annotate.execute(db, { kind: "fruit", note: null });
    expect(Number(result.numAffectedRows)).toBe(2);
    const notes = await db
      .selectFrom("prepared_items")
      .select("note")
      .where("kind", "=", "fruit")
      .execute();
    expect(notes).toEqual([{ note: null }, { note: null }]);
    const added = prepared((handle: ItemsDb, a: { kind: string; name: string }) =>
      handle
        .insertInto("prepared_items")
        .values({ kind: a.kind, name: a.name, note: a.name })
        .returning(["name", "note"]),
    );
    expect(await added.all(db, { kind: "tool", name: "drill" })).toEqual([
      { name: "drill", note: "drill" },
    ]);
  });

  it("runs in transactions on the plan of their dialect, and rolls back with them", async (context) => {
    if (database === undefined) return context.skip();
    let builds = 0;
    const add = prepared((handle: ItemsDb, a: { name: string }) => {
      builds += 1;
      return handle.insertInto("prepared_items").values({ kind: "tx", name: a.name, note: null });
    });
    await db.transaction().execute(async (tx) => {
      await add.execute(tx, { name: "kept" });
      await add.execute(tx, { name: "kept too" });
    });
    await expect(
      db.transaction().execute(async (tx) => {
        await add.execute(tx, { name: "undone" });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const names = await db
      .selectFrom("prepared_items")
      .select("name")
      .where("kind", "=", "tx")
      .orderBy("id")
      .execute();
    expect(names.map((row) => row.name)).toEqual(["kept", "kept too"]);
    await add.execute(db, { name: "outside" });
    expect(builds).toBe(1);
  });

  it("refuses an argument that is not bound as it came", async (context) => {
    if (database === undefined) return context.skip();
    const changed = prepared((handle: ItemsDb, a: { name: string }) =>
      handle.selectFrom("prepared_items").select("id").where("name", "like", `${a.name}%`),
    );
    await expect(changed.all(db, { name: "ap" })).rejects.toThrow("changed before it was bound");
    const inlined = prepared((handle: ItemsDb, a: { name: string }) =>
      handle.selectFrom("prepared_items").select("id").where("name", "=", sql.lit(a.name)),
    );
    await expect(inlined.all(db, { name: "apple" })).rejects.toThrow("written into its SQL");
    const inspected = prepared((handle: ItemsDb, a: { name: string }) =>
      handle.selectFrom("prepared_items").select("id").where("name", "=", a.name.toUpperCase()),
    );
    await expect(inspected.all(db, { name: "apple" })).rejects.toThrow(
      'argument "name" is not bound as a value',
    );
  });
});
