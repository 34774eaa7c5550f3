import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IntegrationRecord } from "../../src/api/chatwoot/chatwoot-model.js";
import { ChatwootStore } from "../../src/api/chatwoot/chatwoot-store.js";
import { InstanceStore } from "../../src/api/instances/instance-store.js";
import { SecretBox } from "../../src/platform/crypto.js";
import { DIALECTS, openTestDatabase, type TestDatabase } from "../support/databases.js";
import { instanceRecord, seedAccount, seedInstance } from "../support/seed.js";

const secrets = SecretBox.fromKey("cd".repeat(32));

describe.each(DIALECTS)("chatwoot store on %s", (dialect) => {
  let database: TestDatabase | undefined;
  let store: ChatwootStore;
  let instances: InstanceStore;
  let accountId: string;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    if (database === undefined) return;
    store = new ChatwootStore(database.db, secrets);
    instances = new InstanceStore(database.db, secrets);
    accountId = await seedAccount(database.db);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  async function newInstance(): Promise<string> {
    const instance = instanceRecord(secrets, accountId);
    await seedInstance(database!.db, secrets, instance);
    return instance.id;
  }

  const record = (
    instanceId: string,
    overrides: Partial<IntegrationRecord> = {},
  ): IntegrationRecord => ({
    id: randomUUID(),
    instanceId,
    bridgeIntegrationId: "int_abc",
    chatwootBaseUrl: "https://cw.example.com",
    chatwootAccountId: 2_147_483_647,
    chatwootApiToken: "plain-token-123",
    inboxId: 0,
    inboxName: "Inbox",
    status: "active",
    lastError: "",
    signMessages: true,
    ignoreGroups: false,
    startAsPending: true,
    reopenResolved: false,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  });

  it("round-trips a record, with the token sealed at rest", async ({ skip }) => {
    if (database === undefined) return skip();
    const instanceId = await newInstance();
    const saved = record(instanceId);
    await store.save(saved);
    expect(await store.find(instanceId)).toEqual(saved);
    const raw = await database.db
      .selectFrom("chatwoot_integrations")
      .select("chatwoot_api_token_sealed")
      .where("instance_id", "=", instanceId)
      .executeTakeFirstOrThrow();
    expect(raw.chatwoot_api_token_sealed).not.toContain("plain-token-123");
    expect(secrets.open(raw.chatwoot_api_token_sealed)).toBe("plain-token-123");
  });

  it("updates in place on a second save, keeping the id and created_at", async ({ skip }) => {
    if (database === undefined) return skip();
    const instanceId = await newInstance();
    const first = record(instanceId);
    await store.save(first);
    await store.save(
      record(instanceId, {
        id: randomUUID(),
        chatwootApiToken: "rotated",
        signMessages: false,
        createdAt: "2026-02-02T00:00:00.000Z",
        updatedAt: "2026-02-02T00:00:00.000Z",
      }),
    );
    const found = await store.find(instanceId);
    expect(found?.id).toBe(first.id);
    expect(found?.createdAt).toBe(first.createdAt);
    expect(found?.updatedAt).toBe("2026-02-02T00:00:00.000Z");
    expect(found?.chatwootApiToken).toBe("rotated");
    expect(found?.signMessages).toBe(false);
  });

  it("records live values only for the integration it was read from, and backfills a 0 inbox", async ({
    skip,
  }) => {
    if (database === undefined) return skip();
    const instanceId = await newInstance();
    await store.save(record(instanceId));
    const at = "2026-03-03T00:00:00.000Z";
    await store.recordLive(
      instanceId,
      "int_other",
      { status: "error", lastError: "x", inboxId: 9 },
      at,
    );
    expect(await store.find(instanceId)).toMatchObject({ status: "active", inboxId: 0 });
    await store.recordLive(
      instanceId,
      "int_abc",
      { status: "paused", lastError: "p", inboxId: 9 },
      at,
    );
    expect(await store.find(instanceId)).toMatchObject({
      status: "paused",
      lastError: "p",
      inboxId: 9,
    });
    await store.recordLive(
      instanceId,
      "int_abc",
      { status: "active", lastError: "", inboxId: 10 },
      at,
    );
    expect(await store.find(instanceId)).toMatchObject({ status: "active", inboxId: 9 });
  });

  it("summarises, removes once, and goes with its instance", async ({ skip }) => {
    if (database === undefined) return skip();
    const instanceId = await newInstance();
    expect(await store.summary(instanceId)).toBeUndefined();
    await store.save(record(instanceId, { inboxId: 4 }));
    expect(await store.summary(instanceId)).toEqual({
      enabled: true,
      status: "active",
      inboxId: 4,
      inboxName: "Inbox",
    });
    expect(await store.remove(instanceId)).toBe(true);
    expect(await store.remove(instanceId)).toBe(false);

    const other = await newInstance();
    await store.save(record(other));
    await instances.delete(other);
    expect(await store.find(other)).toBeUndefined();
  });

  it("keeps one row per instance", async ({ skip }) => {
    if (database === undefined) return skip();
    const instanceId = await newInstance();
    await Promise.all([store.save(record(instanceId)), store.save(record(instanceId))]);
    const rows = await database.db
      .selectFrom("chatwoot_integrations")
      .select("id")
      .where("instance_id", "=", instanceId)
      .execute();
    expect(rows).toHaveLength(1);
  });
});
