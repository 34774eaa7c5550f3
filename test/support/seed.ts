/** Rows that store tests need underneath what they test: an account and its instances. */
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
import type { Db } from "../../src/platform/db/database.js";

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
