/**
 * Webhook delivery workers over a real database, without an HTTP server: each stands
 * in for one API process (its own connection, its own owner id) delivering the queue
 * to a real webhook target.
 */
import { randomUUID } from "node:crypto";
import { Agent } from "undici";
import { afterAll, afterEach, beforeAll } from "vitest";
import { EventLogStore, type LogEntry } from "../../../src/api/events/log/log-store.js";
import { DeliveryStore } from "../../../src/api/events/webhooks/delivery-store.js";
import {
  DeliveryWorker,
  WEBHOOK_LANE_SCOPE,
  type DeliverySettings,
} from "../../../src/api/events/webhooks/delivery-worker.js";
import { WebhookStore } from "../../../src/api/events/webhooks/webhook-store.js";
import { systemClock } from "../../../src/platform/clock.js";
import { SecretBox } from "../../../src/platform/crypto.js";
import type { Database, Db, DialectName } from "../../../src/platform/db/database.js";
import type { DeliveryStatus } from "../../../src/platform/db/schema-events.js";
import { LeaseStore, type Owner } from "../../../src/platform/db/lease-store.js";
import { createLogger } from "../../../src/platform/logger.js";
import { openTestDatabasePair, type DatabasePair } from "../../support/databases.js";
import { instanceRecord, seedAccount, seedInstance } from "../../support/seed.js";
import { startWebhookTarget, waitFor, type WebhookTarget } from "./helpers.js";

export const secrets = SecretBox.fromKey("e".repeat(64));

/** A lease store that remembers what each acquire answered. */
export class WatchedLeases extends LeaseStore {
  readonly answers: boolean[] = [];
  override async acquire(key: string, owner: Owner, now: number, ttlMs: number) {
    const won = await super.acquire(key, owner, now, ttlMs);
    this.answers.push(won);
    return won;
  }
}

export interface TestWorker {
  worker: DeliveryWorker;
  leases: WatchedLeases;
  owner: string;
}

/**
 * Two connections to one database of `dialect` for a describe block (`pair` is undefined
 * where the dialect cannot be reached), and each test's workers and webhook targets,
 * closed after it.
 */
export interface DeliveryRig {
  readonly pair: DatabasePair | undefined;
  /** The running test's workers; replace the list as workers stop and start. */
  workers: TestWorker[];
  /** A webhook target, closed after the test. */
  target(): Promise<WebhookTarget>;
}

export function useDeliveryRig(dialect: DialectName): DeliveryRig {
  let pair: DatabasePair | undefined;
  let targets: WebhookTarget[] = [];
  const rig: DeliveryRig = {
    get pair() {
      return pair;
    },
    workers: [],
    async target() {
      const target = await startWebhookTarget();
      targets.push(target);
      return target;
    },
  };
  beforeAll(async () => {
    pair = await openTestDatabasePair(dialect);
  });
  afterEach(async () => {
    await Promise.all(rig.workers.map(({ worker }) => worker.close()));
    rig.workers = [];
    await Promise.all(targets.map((target) => target.close()));
    targets = [];
  });
  afterAll(async () => {
    await pair?.dispose();
  });
  return rig;
}

export function startWorker(
  database: Database,
  settings: Partial<DeliverySettings> = {},
): TestWorker {
  const db = database.db;
  const owner = randomUUID();
  const leases = new WatchedLeases(db, WEBHOOK_LANE_SCOPE);
  const worker = new DeliveryWorker(
    {
      deliveries: new DeliveryStore(db),
      webhooks: new WebhookStore(db, secrets),
      log: new EventLogStore(db),
      instanceData: (instanceId) =>
        Promise.resolve({ baseUrl: "http://ponte.test", instance: instanceId, token: "t" }),
      clock: systemClock,
      logger: createLogger("silent"),
      lanes: leases,
      owner,
      dispatcher: new Agent(),
    },
    {
      timeoutMs: 5_000,
      maxAttempts: 50,
      retryBaseMs: 10,
      pollMs: 50,
      userAgent: "ponte/test",
      concurrency: 8,
      ...settings,
    },
  );
  return { worker, leases, owner };
}

/** An instance with one enabled webhook to `url`; returns their ids. */
export async function seedWebhook(
  db: Db,
  url: string,
): Promise<{ instanceId: string; webhookId: string }> {
  const record = instanceRecord(secrets, await seedAccount(db));
  await seedInstance(db, secrets, record);
  const hook = await new WebhookStore(db, secrets).upsert(
    record.id,
    {
      label: "default",
      enabled: true,
      url,
      authorization: null,
      byEvents: false,
      events: [],
      mediaBase64: false,
    },
    new Date().toISOString(),
  );
  return { instanceId: record.id, webhookId: hook.id };
}

/** A text message of `chat` whose text is `text`, as the log stores it. */
export function message(chat: string, text: string): LogEntry {
  const id = randomUUID();
  const jid = `${chat}@s.whatsapp.net`;
  return {
    event: "message.exchange",
    data: {
      id,
      type: "text",
      message: { id, chat: { jid }, content: { text } },
    } as never,
    messageId: id,
    targetId: null,
    chatJid: jid,
    fromMe: false,
    mediaBase64: null,
  };
}

/** How many deliveries of the webhook are still pending. */
export function pendingCount(db: Db, webhookId: string): Promise<number> {
  return countOf(db, webhookId, "pending");
}

/** Waits until none of the webhook's deliveries is pending. */
export async function drained(db: Db, webhookId: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => (await pendingCount(db, webhookId)) === 0, "an empty queue", timeoutMs);
}

/** How many deliveries of the webhook are recorded as delivered. */
export function deliveredCount(db: Db, webhookId: string): Promise<number> {
  return countOf(db, webhookId, "delivered");
}

async function countOf(db: Db, webhookId: string, status: DeliveryStatus): Promise<number> {
  const row = await db
    .selectFrom("webhook_deliveries")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("webhook_id", "=", webhookId)
    .where("status", "=", status)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
