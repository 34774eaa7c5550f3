/**
 * The account's instance quota holds when creations race on separate connections (two
 * API processes): PostgreSQL at READ COMMITTED lets every count-then-insert see the
 * same count unless the creations are serialized on the account row.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, openTestDatabase, type TestDatabase } from "../support/databases.js";
import { seedAccount } from "../support/seed.js";
import { startStoreWorker, type StoreWorker } from "../support/store-worker.js";

const TRIALS = 6;
const PER_CONNECTION = 2;

describe.each(DIALECTS)("instance quota under concurrency on %s", (dialect) => {
  let database: TestDatabase | undefined;
  let connections: StoreWorker[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    if (database === undefined) return;
    const options = database.options;
    connections = await Promise.all([startStoreWorker(options), startStoreWorker(options)]);
  });
  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.close()));
    await database?.dispose();
  });

  it("lets exactly one of the racing creations through when one instance is left", async (context) => {
    if (database === undefined) return context.skip();
    const db = database.db;
    for (let trial = 0; trial < TRIALS; trial += 1) {
      const accountId = await seedAccount(db, 1);
      const results = (
        await Promise.all(
          connections.map((connection, c) =>
            connection.create({
              accountId,
              maxInstances: 1,
              names: Array.from({ length: PER_CONNECTION }, (_, i) => `t${trial}-c${c}-${i}`),
            }),
          ),
        )
      ).flat();
      expect(results.filter((r) => r === "created")).toHaveLength(1);
      expect(results.filter((r) => r === "quota")).toHaveLength(results.length - 1);
      const rows = await db
        .selectFrom("instances")
        .select("id")
        .where("account_id", "=", accountId)
        .execute();
      expect(rows).toHaveLength(1);
    }
  });
});
