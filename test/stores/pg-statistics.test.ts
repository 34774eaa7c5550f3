/**
 * The PostgreSQL statistics keeper: a queue table filled faster than autovacuum looks is
 * analyzed within seconds, and one that has not changed since is left alone.
 */
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { bridgeDb } from "../../src/bridge/bridge-schema.js";
import { JobStore } from "../../src/bridge/queue/job-store.js";
import { keepStatistics } from "../../src/platform/db/pg-statistics.js";
import { openTestDatabase } from "../support/databases.js";
import { seedIntegration } from "../support/seed.js";
import { waitFor } from "../events/support/helpers.js";

describe("keepStatistics on postgres", () => {
  it("analyzes a queue table within seconds of its growth, and then leaves it", async ({
    skip,
  }) => {
    // openDatabase keeps the statistics of every PostgreSQL database it opens.
    const database = await openTestDatabase("postgres");
    if (database === undefined) return skip();
    try {
      const estimate = async () => {
        const { rows } = await sql<{ n: number }>`
          select reltuples::int as n from pg_class where oid = to_regclass('bridge_jobs')`.execute(
          database.db,
        );
        return rows[0]?.n;
      };
      expect(await estimate()).toBe(-1); // never analyzed: the planner guesses
      await seedIntegration(database, "i1");
      const jobs = Array.from({ length: 3_000 }, (_, i) => ({
        integrationId: "i1",
        kind: "inbound.message",
        orderKey: `chat-${i % 300}`,
        payload: { i },
      }));
      await new JobStore(bridgeDb(database), "postgres").enqueue(jobs, Date.now());

      // Autovacuum would look within a minute; the keeper's next checks are seconds away.
      await waitFor(async () => (await estimate()) === 3_000, "bridge_jobs analyzed", 15_000);
      const keeper = keepStatistics(database.db, ["bridge_jobs"], 3_600_000);
      keeper.stop();
      expect(await keeper.check()).toEqual([]);
    } finally {
      await database.dispose();
    }
  });
});
