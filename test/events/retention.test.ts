/**
 * Event log retention and an instance's clean-up run in bounded batches with a turn of
 * the event loop between them (on SQLite's synchronous driver one DELETE of a large log
 * held the process for seconds), and still keep what a pending delivery needs.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventLogStore, type LogEntry } from "../../src/api/events/log/log-store.js";
import { RetentionJob } from "../../src/api/events/log/retention.js";
import { RetentionStore } from "../../src/api/events/log/retention-store.js";
import { DeliveryStore } from "../../src/api/events/webhooks/delivery-store.js";
import { WebhookStore } from "../../src/api/events/webhooks/webhook-store.js";
import { ManualClock } from "../../src/platform/clock.js";
import { SecretBox } from "../../src/platform/crypto.js";
import type { Db } from "../../src/platform/db/database.js";
import { DIALECTS, openTestDatabase, type TestDatabase } from "../support/databases.js";
import { captureLog } from "../support/log-capture.js";
import { recordingDb } from "../support/query-plans.js";
import { instanceRecord, seedAccount, seedInstance } from "../support/seed.js";

const secrets = SecretBox.fromKey("e".repeat(64));
const OLD = "2020-01-01T00:00:00.000Z";
const BATCH = 100;

const entry = (text: string): LogEntry => {
  const id = randomUUID();
  return {
    event: "message.exchange",
    data: { id, type: "text", message: { id, content: { text } } } as never,
    messageId: id,
    targetId: null,
    chatJid: "5511900000000@s.whatsapp.net",
    fromMe: false,
    mediaBase64: null,
  };
};

/** Writes `count` events straight into the log (faster than one transaction each). */
async function bulkEvents(db: Db, instanceId: string, count: number, at: string): Promise<void> {
  const row = (seq: number) => ({
    instance_id: instanceId,
    seq,
    event: "message.exchange",
    data: JSON.stringify(entry(`m${seq}`).data),
    created_at: at,
  });
  for (let start = 1; start <= count; start += 200) {
    const rows = Array.from({ length: Math.min(200, count - start + 1) }, (_, i) => row(start + i));
    await db.insertInto("events").values(rows).execute();
  }
  await db
    .insertInto("event_sequences")
    .values({ instance_id: instanceId, last_seq: count })
    .execute();
}

/**
 * Runs `work` while a callback re-queues itself on every turn of the event loop, and
 * returns what happened in order: "tick" for that callback, "delete <table>" for each
 * DELETE the store sent.
 */
async function timeline(
  database: TestDatabase,
  work: (store: RetentionStore) => Promise<unknown>,
): Promise<string[]> {
  const steps: string[] = [];
  const recording = recordingDb(database, (query) => {
    const table = /^delete from "(\w+)"/.exec(query.sql)?.[1];
    if (table !== undefined) steps.push(`delete ${table}`);
  });
  let done = false;
  const tick = () => {
    if (done) return;
    steps.push("tick");
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    await work(new RetentionStore(recording.db));
  } finally {
    done = true;
  }
  return steps;
}

/** True when some "tick" lies between every two consecutive DELETEs of the table. */
function interleaved(steps: string[], table: string): boolean {
  const deletes = steps.flatMap((step, index) => (step === `delete ${table}` ? [index] : []));
  return deletes.every((at, i) => i === 0 || steps.slice(deletes[i - 1], at).includes("tick"));
}

describe.each(DIALECTS)("event log retention on %s", (dialect) => {
  let database: TestDatabase | undefined;
  let accountId: string;
  const clock = new ManualClock(Date.UTC(2026, 5, 1));
  const logger = captureLog("silent").logger;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    if (database !== undefined) accountId = await seedAccount(database.db);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  async function newInstance(db: Db): Promise<string> {
    const record = instanceRecord(secrets, accountId);
    await seedInstance(db, secrets, record);
    return record.id;
  }

  it("prunes in batches, yielding between them, and keeps what a delivery awaits", async ({
    skip,
  }) => {
    if (database === undefined) return skip();
    const db = database.db;
    const instanceId = await newInstance(db);
    await bulkEvents(db, instanceId, 1_000, OLD);
    const hook = await new WebhookStore(db, secrets).upsert(
      instanceId,
      {
        label: "keep",
        enabled: true,
        url: "http://target.invalid/hook",
        authorization: null,
        byEvents: false,
        events: [],
        mediaBase64: false,
      },
      OLD,
    );
    const log = new EventLogStore(db);
    const awaited = await log.append(instanceId, entry("awaited"), [hook.id], OLD);
    const recent = await log.append(
      instanceId,
      entry("recent"),
      [],
      new Date(clock.now()).toISOString(),
    );

    let removed = 0;
    const steps = await timeline(database, async (store) => {
      removed = await new RetentionJob(store, 30, clock, logger, BATCH).prune();
    });
    expect(removed).toBe(1_000);
    expect(steps.filter((step) => step === "delete events").length).toBeGreaterThanOrEqual(10);
    expect(interleaved(steps, "events")).toBe(true);
    expect(await log.read(instanceId, 1, false)).toBeUndefined();
    expect(await log.read(instanceId, awaited, false)).toBeDefined();
    expect(await log.read(instanceId, recent, false)).toBeDefined();
    expect((await new DeliveryStore(db).head(hook.id))?.eventSeq).toBe(awaited);
  });

  it("removes finished deliveries in batches too", async ({ skip }) => {
    if (database === undefined) return skip();
    const db = database.db;
    const instanceId = await newInstance(db);
    const hook = await new WebhookStore(db, secrets).upsert(
      instanceId,
      {
        label: "done",
        enabled: true,
        url: "http://target.invalid/hook",
        authorization: null,
        byEvents: false,
        events: [],
        mediaBase64: false,
      },
      OLD,
    );
    const rows = Array.from({ length: 350 }, (_, i) => ({
      id: randomUUID(),
      webhook_id: hook.id,
      instance_id: instanceId,
      event_seq: i + 1,
      status: i % 2 === 0 ? ("delivered" as const) : ("dead" as const),
      attempts: 1,
      next_attempt_at: OLD,
      created_at: OLD,
      updated_at: OLD,
    }));
    await db.insertInto("webhook_deliveries").values(rows).execute();
    const steps = await timeline(database, (store) =>
      new RetentionJob(store, 30, clock, logger, BATCH).prune(),
    );
    expect(steps.filter((step) => step === "delete webhook_deliveries").length).toBe(4);
    expect(interleaved(steps, "webhook_deliveries")).toBe(true);
    const left = await db
      .selectFrom("webhook_deliveries")
      .select("id")
      .where("instance_id", "=", instanceId)
      .execute();
    expect(left).toEqual([]);
  });

  it("empties a deleted instance's log in batches before its row goes", async ({ skip }) => {
    if (database === undefined) return skip();
    const db = database.db;
    const instanceId = await newInstance(db);
    const now = new Date(clock.now()).toISOString();
    await bulkEvents(db, instanceId, 450, now);
    const steps = await timeline(database, (store) =>
      new RetentionJob(store, 30, clock, logger, BATCH).purgeInstance(instanceId),
    );
    expect(steps.filter((step) => step === "delete events").length).toBeGreaterThanOrEqual(5);
    expect(interleaved(steps, "events")).toBe(true);
    expect(await new EventLogStore(db).readAfter(instanceId, 0, 10, false)).toEqual([]);
  });
});
