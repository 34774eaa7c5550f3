import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventLogStore, type LogEntry } from "../../src/api/events/log/log-store.js";
import { DIALECTS, openTestDatabase, type TestDatabase } from "../support/databases.js";

const entry = (text: string, id = randomUUID()): LogEntry => ({
  event: "message.exchange",
  data: { id, type: "text", message: { id, content: { text } } } as never,
  messageId: id,
  targetId: null,
  chatJid: "5511900000000@s.whatsapp.net",
  fromMe: false,
  mediaBase64: null,
});

describe.each(DIALECTS)("event log store on %s", (dialect) => {
  let database: TestDatabase | undefined;
  let log: EventLogStore;
  const instanceId = randomUUID();

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    if (database === undefined) return;
    const db = database.db;
    const at = new Date().toISOString();
    await db
      .insertInto("accounts")
      .values({ id: "acc", name: "A", token_hash: "h", max_instances: 5, created_at: at })
      .execute();
    await db
      .insertInto("instances")
      .values({
        id: instanceId,
        account_id: "acc",
        name: "i",
        token_hash: "t",
        token_sealed: "s",
        provider: "sandbox",
        connection_state: "connected",
        presence_status: "available",
        number_jid: null,
        profile_name: "",
        profile_picture_url: "",
        is_business: 0,
        business_name: "",
        has_session: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    log = new EventLogStore(db);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("numbers events from 1 without gaps, even when appended concurrently", async ({ skip }) => {
    if (database === undefined) return skip();
    const seqs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        log.append(instanceId, entry(`m${i}`), [], new Date().toISOString()),
      ),
    );
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await log.latestSeq(instanceId)).toBe(20);
    const page = await log.readAfter(instanceId, 5, 3, false);
    expect(page.map((e) => e.seq)).toEqual([6, 7, 8]);
  });

  it("keeps media apart and returns it only when asked", async ({ skip }) => {
    if (database === undefined) return skip();
    const id = randomUUID();
    const seq = await log.append(
      instanceId,
      { ...entry("pic", id), mediaBase64: "AAAA" },
      [],
      new Date().toISOString(),
    );
    const light = await log.read(instanceId, seq, false);
    expect(light).toMatchObject({ hasMedia: true });
    expect(light?.mediaBase64).toBeUndefined();
    expect((await log.findMessage(instanceId, id, true))?.mediaBase64).toBe("AAAA");
  });
});
