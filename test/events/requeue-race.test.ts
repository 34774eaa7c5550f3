/**
 * An operator requeues dead letters through the API while another process on the same
 * database (a gateway, a second API) commits. On SQLite, a requeue that read the dead
 * letters in a transaction and wrote them after that commit was refused at once
 * (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out): the call failed. The requeue
 * must land, and so must the other process's write. Both dialects, the other process's
 * writes in a worker thread.
 */
import type { KyselyPlugin } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryStore } from "../../src/api/events/webhooks/delivery-store.js";
import { DIALECTS, openTestDatabase, type TestDatabase } from "../support/databases.js";
import { startStoreWorker, type StoreWorker } from "../support/store-worker.js";
import { seedWebhook } from "./support/delivery-workers.js";

describe.each(DIALECTS)("requeueing dead letters on %s while another process writes", (dialect) => {
  let database: TestDatabase | undefined;
  let other: StoreWorker | undefined;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    if (database === undefined) return;
    other = await startStoreWorker(database.options);
  });
  afterAll(async () => {
    await other?.close();
    await database?.dispose();
  });

  it("requeues them, and the other process's write lands too", async ({ skip }) => {
    if (database === undefined || other === undefined) return skip();
    const worker = other;
    const { instanceId, webhookId } = await seedWebhook(database.db, "http://127.0.0.1:9/hook");
    await worker.append({ instanceId, webhookId, batches: [["failed twice"]] });
    await database.db
      .updateTable("webhook_deliveries")
      .set({ status: "dead", finished_at: new Date().toISOString() })
      .where("webhook_id", "=", webhookId)
      .execute();

    // Once the requeue's first statement has answered, the other process appends an
    // event (a new pending delivery) and commits; it is given 100 ms.
    let appended: Promise<number[][]> | undefined;
    const interleave: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        if (appended === undefined) {
          appended = worker.append({ instanceId, webhookId, batches: [["meanwhile"]] });
          appended.catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return args.result;
      },
    };
    const deliveries = new DeliveryStore(database.db.withPlugin(interleave));

    const requeued = await deliveries.requeue(instanceId, new Date().toISOString(), {});
    expect(requeued).toEqual({ count: 1, webhookIds: [webhookId] });
    expect(await appended).toEqual([[2]]);
    const statuses = await database.db
      .selectFrom("webhook_deliveries")
      .select("status")
      .where("webhook_id", "=", webhookId)
      .execute();
    expect(statuses.map((row) => row.status)).toEqual(["pending", "pending"]);
  });
});
