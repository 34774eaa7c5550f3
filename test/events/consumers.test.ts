/**
 * Registered consumers of an instance's stream (the integration gateway): where each
 * stands, and retention never pruning an event one of them has not recorded yet.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsumerStore } from "../../src/api/events/log/consumer-store.js";
import { EventLogStore, type LogEntry } from "../../src/api/events/log/log-store.js";
import { RetentionJob } from "../../src/api/events/log/retention.js";
import { RetentionStore } from "../../src/api/events/log/retention-store.js";
import { ManualClock } from "../../src/platform/clock.js";
import { SecretBox } from "../../src/platform/crypto.js";
import { DIALECTS, openTestDatabase, type TestDatabase } from "../support/databases.js";
import { captureLog } from "../support/log-capture.js";
import { instanceRecord, seedAccount, seedInstance } from "../support/seed.js";

const secrets = SecretBox.fromKey("a1".repeat(32));
const OLD = "2020-01-01T00:00:00.000Z";
const AT = "2026-01-01T00:00:00.000Z";

const entry = (): LogEntry => {
  const id = randomUUID();
  return {
    event: "message.exchange",
    data: { id, type: "text", message: { id, content: { text: id } } } as never,
    messageId: id,
    targetId: null,
    chatJid: "5511900000000@s.whatsapp.net",
    fromMe: false,
    mediaBase64: null,
  };
};

describe.each(DIALECTS)("event consumers on %s", (dialect) => {
  let database: TestDatabase | undefined;
  let accountId: string;
  const clock = new ManualClock(Date.UTC(2026, 5, 1));

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    if (database !== undefined) accountId = await seedAccount(database.db);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  async function instanceWithOldEvents(count: number): Promise<string> {
    if (database === undefined) throw new Error("no database");
    const record = instanceRecord(secrets, accountId);
    await seedInstance(database.db, secrets, record);
    const log = new EventLogStore(database.db);
    for (let i = 0; i < count; i += 1) await log.append(record.id, entry(), [], OLD);
    return record.id;
  }

  const remaining = async (instanceId: string) => {
    if (database === undefined) throw new Error("no database");
    const events = await new EventLogStore(database.db).readAfter(instanceId, 0, 100, false);
    return events.map((event) => event.seq);
  };

  it("registers at the opening position, moves only forward, and is forgotten", async ({
    skip,
  }) => {
    if (database === undefined) return skip();
    const consumers = new ConsumerStore(database.db);
    const instanceId = await instanceWithOldEvents(0);
    expect(await consumers.ackedSeq(instanceId, "chatwoot")).toBeUndefined();
    // An ack never creates the row: only opening the stream registers.
    await consumers.ack(instanceId, "chatwoot", 5, AT);
    expect(await consumers.ackedSeq(instanceId, "chatwoot")).toBeUndefined();
    await consumers.register(instanceId, "chatwoot", 3, AT);
    await consumers.ack(instanceId, "chatwoot", 7, AT);
    await consumers.ack(instanceId, "chatwoot", 6, AT);
    expect(await consumers.ackedSeq(instanceId, "chatwoot")).toBe(7);
    // Reopening says where the consumer really is, even behind its last ack.
    await consumers.register(instanceId, "chatwoot", 4, AT);
    expect(await consumers.ackedSeq(instanceId, "chatwoot")).toBe(4);
    await consumers.forgetConsumer(instanceId, "chatwoot");
    expect(await consumers.ackedSeq(instanceId, "chatwoot")).toBeUndefined();
  });

  it("keeps every event a consumer has not recorded, pruning up to the lowest", async ({
    skip,
  }) => {
    if (database === undefined) return skip();
    const consumers = new ConsumerStore(database.db);
    const instanceId = await instanceWithOldEvents(10);
    const other = await instanceWithOldEvents(3);
    const retention = new RetentionJob(
      new RetentionStore(database.db),
      30,
      clock,
      captureLog("silent").logger,
      4,
    );
    await consumers.register(instanceId, "chatwoot", 4, AT);
    await consumers.register(instanceId, "other", 6, AT);
    await retention.prune();
    expect(await remaining(instanceId)).toEqual([5, 6, 7, 8, 9, 10]);
    // Another instance's consumers hold nothing back here.
    expect(await remaining(other)).toEqual([]);

    await consumers.ack(instanceId, "chatwoot", 9, AT);
    await retention.prune();
    expect(await remaining(instanceId)).toEqual([7, 8, 9, 10]);

    await consumers.forgetConsumer(instanceId, "other");
    await retention.prune();
    expect(await remaining(instanceId)).toEqual([10]);
  });

  it("goes with its instance", async ({ skip }) => {
    if (database === undefined) return skip();
    const consumers = new ConsumerStore(database.db);
    const instanceId = await instanceWithOldEvents(1);
    await consumers.register(instanceId, "chatwoot", 1, AT);
    await database.db.deleteFrom("instances").where("id", "=", instanceId).execute();
    const rows = await database.db
      .selectFrom("event_consumers")
      .select("consumer")
      .where("instance_id", "=", instanceId)
      .execute();
    expect(rows).toEqual([]);
  });
});
