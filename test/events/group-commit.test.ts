/**
 * The event log's group commit (EventLogStore.appendAll): a batch of one instance's events
 * takes consecutive sequence numbers in its order, with its webhook deliveries, in one
 * transaction. On both dialects, two processes' connections (worker threads) racing over
 * one log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventLogStore } from "../../src/api/events/log/log-store.js";
import { DIALECTS, openTestDatabase, type TestDatabase } from "../support/databases.js";
import { startStoreWorker, type StoreWorker } from "../support/store-worker.js";
import { seedWebhook } from "./support/delivery-workers.js";

describe.each(DIALECTS)("appendAll on %s, two processes racing", (dialect) => {
  let database: TestDatabase | undefined;
  let processes: StoreWorker[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    if (database === undefined) return;
    const options = database.options;
    processes = await Promise.all([startStoreWorker(options), startStoreWorker(options)]);
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.close()));
    await database?.dispose();
  });

  it("numbers every event once without gaps, each batch consecutive and in order", async ({
    skip,
  }) => {
    if (database === undefined) return skip();
    const { instanceId, webhookId } = await seedWebhook(database.db, "http://127.0.0.1:9/hook");
    const batchesOf = (p: number) =>
      Array.from({ length: 20 }, (_, b) => Array.from({ length: 5 }, (_, i) => `p${p}-b${b}-${i}`));
    const orders = processes.map((_, p) => batchesOf(p));
    const answers = await Promise.all(
      processes.map((process, p) => process.append({ instanceId, webhookId, batches: orders[p]! })),
    );

    const all = answers.flat(2).sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const stored = await new EventLogStore(database.db).readAfter(instanceId, 0, 1_000, false);
    const textAt = new Map(stored.map((e) => [e.seq, (e.data as { id: string }).id]));
    answers.forEach((batches, p) =>
      batches.forEach((seqs, b) => {
        // Consecutive, and each number holds the event appended at that place in its batch.
        expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));
        expect(seqs.map((seq) => textAt.get(seq))).toEqual(orders[p]![b]);
      }),
    );
    const deliveries = await database.db
      .selectFrom("webhook_deliveries")
      .select("event_seq")
      .where("webhook_id", "=", webhookId)
      .execute();
    expect(deliveries.map((d) => d.event_seq).sort((x, y) => x - y)).toEqual(all);
  });
});
