/**
 * The gateway records a batch of events (jobs and its cursor, one transaction) while the
 * API, another process on the same database, keeps writing its event log. On SQLite a
 * transaction that read first and writes after another process's commit was refused at
 * once (SQLITE_BUSY_SNAPSHOT): the gateway dropped the batch, closed its stream and read
 * it again (seen in the bench's resume run). The batch must record, the API's write must
 * wait for it, and both must land. Both dialects, the API's writes in a worker thread.
 */
import type { KyselyPlugin, QueryId } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventEnvelope } from "../../src/contracts/events.js";
import { bridgeDb } from "../../src/bridge/bridge-schema.js";
import { recordBatch } from "../../src/bridge/inbound/stream-consumer.js";
import { IntegrationStore } from "../../src/bridge/integrations/integration-store.js";
import { ManualClock } from "../../src/platform/clock.js";
import { SecretBox } from "../../src/platform/crypto.js";
import { DIALECTS, openTestDatabase, type TestDatabase } from "../support/databases.js";
import { seedIntegration } from "../support/seed.js";
import { startStoreWorker, type StoreWorker } from "../support/store-worker.js";
import { seedWebhook } from "../events/support/delivery-workers.js";

const secrets = SecretBox.fromKey("e".repeat(64));

describe.each(DIALECTS)("recording a stream batch on %s while the API writes", (dialect) => {
  let database: TestDatabase | undefined;
  let api: StoreWorker | undefined;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    if (database === undefined) return;
    api = await startStoreWorker(database.options);
  });
  afterAll(async () => {
    await api?.close();
    await database?.dispose();
  });

  it("records the batch, and the API's write lands after it", async ({ skip }) => {
    if (database === undefined || api === undefined) return skip();
    const worker = api;
    await seedIntegration(database, "race");
    await bridgeDb(database)
      .updateTable("bridge_integrations")
      .set({
        chatwoot_token_sealed: secrets.seal("token"),
        webhook_secret_sealed: secrets.seal("secret"),
      })
      .where("id", "=", "race")
      .execute();
    const { instanceId, webhookId } = await seedWebhook(database.db, "http://127.0.0.1:9/hook");

    // Once the transaction has read a row, the API appends an event and commits (it is
    // given 100 ms), before the transaction writes.
    let appended: Promise<number[][]> | undefined;
    const selects = new Set<QueryId>();
    const interleave: KyselyPlugin = {
      transformQuery: (args) => {
        if (args.node.kind === "SelectQueryNode") selects.add(args.queryId);
        return args.node;
      },
      transformResult: async (args) => {
        if (appended === undefined && selects.has(args.queryId)) {
          appended = worker.append({ instanceId, webhookId, batches: [["meanwhile"]] });
          appended.catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return args.result;
      },
    };
    const db = bridgeDb({ ...database, db: database.db.withPlugin(interleave) });
    const batch = [
      { event: "label.update", seq: 7, data: {}, instanceData: {} },
    ] as unknown as EventEnvelope[];

    const last = await recordBatch(
      { db, dialect, secrets, clock: new ManualClock() },
      "race",
      batch,
    );
    expect(last).toBe(7);
    expect(appended).toBeDefined();
    expect(await appended).toEqual([[1]]);
    const integration = await new IntegrationStore(bridgeDb(database), secrets).get("race");
    expect(integration?.streamSeq).toBe(7);
  });
});
