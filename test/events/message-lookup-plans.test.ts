/**
 * The event log's look-ups by message id (a send's answer, `replyTo`, receipts, edits
 * and reactions) answer oldest first, and on SQLite without statistics they read the
 * message indexes rather than walk the instance's whole log in sequence order, which
 * made every send slower as the log grew (issue 11). PostgreSQL plans from statistics;
 * there only the answers are checked.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventLogStore, type LogEntry } from "../../src/api/events/log/log-store.js";
import { SecretBox } from "../../src/platform/crypto.js";
import { DIALECTS, openTestDatabase, type TestDatabase } from "../support/databases.js";
import { planOf, recordingDb } from "../support/query-plans.js";
import { instanceRecord, seedAccount, seedInstance } from "../support/seed.js";

const LOGGED = 2_000;
const secrets = SecretBox.fromKey("d".repeat(64));
const CHAT = "5511900000000@s.whatsapp.net";

const exchange = (id: string, targetId: string | null = null): LogEntry => ({
  event: "message.exchange",
  data: { message: { id, content: { text: id } } } as never,
  messageId: id,
  targetId,
  chatJid: CHAT,
  fromMe: true,
  mediaBase64: null,
});

const receipt = (id: string, status: string): LogEntry => ({
  event: "message.status",
  data: { messageId: id, status } as never,
  messageId: id,
  targetId: null,
  chatJid: CHAT,
  fromMe: true,
  mediaBase64: null,
});

describe.each(DIALECTS)("message look-ups in the event log on %s", (dialect) => {
  let database: TestDatabase | undefined;
  let log: EventLogStore;
  let instanceId: string;
  let accountId: string;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    if (database === undefined) return;
    const db = database.db;
    accountId = await seedAccount(db);
    const record = instanceRecord(secrets, accountId);
    instanceId = record.id;
    await seedInstance(db, secrets, record);
    const at = new Date().toISOString();
    for (let start = 1; start <= LOGGED; start += 500) {
      const rows = Array.from({ length: 500 }, (_, i) => {
        const id = `old-${start + i}`;
        return {
          instance_id: instanceId,
          seq: start + i,
          event: "message.exchange",
          message_id: id,
          target_id: null,
          chat_jid: CHAT,
          from_me: 1 as const,
          data: JSON.stringify({ message: { id } }),
          media_base64: null,
          created_at: at,
        };
      });
      await db.insertInto("events").values(rows).execute();
    }
    await db
      .insertInto("event_sequences")
      .values({ instance_id: instanceId, last_seq: LOGGED })
      .execute();
    log = new EventLogStore(db);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const append = (entry: LogEntry) => log.append(instanceId, entry, [], new Date().toISOString());

  it("answers the first exchange of a message id, and receipts and actions oldest first", async ({
    skip,
  }) => {
    if (database === undefined) return skip();
    const id = `m-${randomUUID()}`;
    const first = await append(exchange(id));
    await append(receipt(id, "delivered"));
    const second = await append(exchange(id));
    await append(receipt(id, "read"));
    const edit = await append(exchange(`e-${randomUUID()}`, id));
    const reaction = await append(exchange(`r-${randomUUID()}`, id));

    expect((await log.findMessage(instanceId, id))?.seq).toBe(first);
    expect(first).toBeLessThan(second);
    const statuses = await log.statusesOf(instanceId, id);
    expect(statuses.map((s) => (s.data as { status: string }).status)).toEqual([
      "delivered",
      "read",
    ]);
    expect((await log.actionsOn(instanceId, id)).map((a) => a.seq)).toEqual([edit, reaction]);
    expect(await log.findMessage(instanceId, "no-such-message")).toBeUndefined();
    expect(await log.ownersOf(accountId, id)).toEqual([instanceId]);
  });

  it("reads the message indexes, not the whole log in sequence order", async ({ skip }) => {
    if (database === undefined || dialect !== "sqlite") return skip();
    const recording = recordingDb(database);
    const store = new EventLogStore(recording.db);
    const id = "old-1000";
    expect((await store.findMessage(instanceId, id))?.seq).toBe(1000);
    await store.findMessage(instanceId, id, true);
    await store.statusesOf(instanceId, id);
    await store.actionsOn(instanceId, id);
    const plans = await Promise.all(recording.queries().map((q) => planOf(database!, q)));
    expect(plans).toHaveLength(4);
    for (const plan of plans) {
      expect(plan).toMatch(/USING INDEX events_(message|target)_idx/);
      expect(plan).not.toMatch(/sqlite_autoindex_events/);
    }
  });
});
