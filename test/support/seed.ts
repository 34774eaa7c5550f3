/** Rows that store tests need underneath what they test: an account, its instances, an integration. */
import { randomUUID } from "node:crypto";
import { AccountStore } from "../../src/api/auth/account-store.js";
import {
  DEFAULT_SETTINGS,
  EMPTY_PROXY,
  EMPTY_S3,
  type InstanceRecord,
} from "../../src/api/instances/instance-model.js";
import { InstanceStore } from "../../src/api/instances/instance-store.js";
import type { SecretBox } from "../../src/platform/crypto.js";
import type { Database, Db } from "../../src/platform/db/database.js";
import { bridgeDb } from "../../src/bridge/bridge-schema.js";

export async function seedAccount(db: Db, maxInstances = 100): Promise<string> {
  const id = randomUUID();
  await new AccountStore(db).create(
    { id, name: `account-${id.slice(0, 8)}`, maxInstances, createdAt: new Date().toISOString() },
    `hash-${id}`,
  );
  return id;
}

/** A disconnected instance record (not stored); its token hash is `hash-<name>`. */
export function instanceRecord(
  secrets: SecretBox,
  accountId: string,
  overrides: Partial<InstanceRecord> = {},
): InstanceRecord {
  const id = overrides.id ?? randomUUID();
  const now = new Date().toISOString();
  return {
    id,
    accountId,
    name: `i-${id.slice(0, 8)}`,
    provider: "sandbox",
    connectionState: "disconnected",
    presenceStatus: "unavailable",
    numberJid: null,
    profile: { name: "", pictureUrl: "", isBusiness: false, businessName: "" },
    hasSession: false,
    tokenSealed: secrets.seal(`token-${id}`),
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/** Stores an instance with default blocks; the quota result is returned as is. */
export function seedInstance(
  db: Db,
  secrets: SecretBox,
  record: InstanceRecord,
  maxInstances = 100,
): Promise<"created" | "quota"> {
  return new InstanceStore(db, secrets).create(
    {
      record,
      tokenHash: `hash-${record.name}`,
      settings: DEFAULT_SETTINGS,
      proxy: EMPTY_PROXY,
      s3: EMPTY_S3,
    },
    maxInstances,
  );
}

/** A gateway integration row with placeholder secrets, for the queue's own tests. */
export async function seedIntegration(database: Database, id: string): Promise<void> {
  await bridgeDb(database)
    .insertInto("bridge_integrations")
    .values({
      id,
      instance_id: `instance-${id}`,
      instance_name: "support",
      chatwoot_base_url: "http://chatwoot.test",
      chatwoot_account_id: 1,
      chatwoot_token_sealed: "x",
      inbox_id: 1,
      inbox_name: "WhatsApp",
      inbox_scope: "http://chatwoot.test#1#1",
      webhook_secret_sealed: "x",
      signing_secret_sealed: null,
      sign_messages: 0,
      ignore_groups: 0,
      start_as_pending: 0,
      reopen_resolved: 1,
      status: "active",
      last_error: "",
      stream_seq: null,
      reconciled_until: 0,
      activated_at: new Date(0).toISOString(),
      updated_at: new Date(0).toISOString(),
    })
    .execute();
}
