/**
 * Provider events reach the event log, which is the only way out of the connection
 * manager: a database hiccup at any step delays an event, never loses or doubles it.
 * Read back from the log itself, on both dialects.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectionManager } from "../../src/api/connections/connection-manager.js";
import { EventHub } from "../../src/api/events/log/event-hub.js";
import { EventRecorder } from "../../src/api/events/log/event-recorder.js";
import { EventLogStore } from "../../src/api/events/log/log-store.js";
import { WebhookStore } from "../../src/api/events/webhooks/webhook-store.js";
import type { InstanceRecord } from "../../src/api/instances/instance-model.js";
import { InstanceStore } from "../../src/api/instances/instance-store.js";
import { systemClock } from "../../src/platform/clock.js";
import { SecretBox } from "../../src/platform/crypto.js";
import { LeaseStore } from "../../src/platform/db/lease-store.js";
import { SandboxProvider } from "../../src/providers/sandbox/sandbox-provider.js";
import { DIALECTS, openTestDatabase, type TestDatabase } from "../support/databases.js";
import { captureLog } from "../support/log-capture.js";
import { instanceRecord, seedAccount, seedInstance } from "../support/seed.js";

const secrets = SecretBox.fromKey("ef".repeat(32));

/** Makes the object's method fail `times` times (a busy database), then work again. */
function failFirst(target: object, method: string, times: number): void {
  const record = target as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = record[method]!.bind(target);
  let left = times;
  record[method] = (...args) => {
    if (left > 0) {
      left -= 1;
      return Promise.reject(new Error("SQLITE_BUSY: database is locked"));
    }
    return original(...args);
  };
}

interface Failures {
  append?: number;
  findById?: number;
  updateConnection?: number;
}

describe.each(DIALECTS)("provider events reach the event log on %s", (dialect) => {
  let database: TestDatabase | undefined;
  let accountId: string;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    if (database === undefined) return;
    accountId = await seedAccount(database.db);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  /** A connection manager over the real stores, some of whose writes fail at first. */
  async function setup(db: TestDatabase["db"], failures: Failures) {
    const instance: InstanceRecord = instanceRecord(secrets, accountId);
    await seedInstance(db, secrets, instance);
    const store = new InstanceStore(db, secrets);
    const log = new EventLogStore(db);
    failFirst(store, "findById", failures.findById ?? 0);
    failFirst(store, "updateConnection", failures.updateConnection ?? 0);
    failFirst(log, "append", failures.append ?? 0);
    const captured = captureLog();
    const hub = new EventHub("test", captured.logger);
    const recorder = new EventRecorder(
      log,
      new WebhookStore(db, secrets),
      (id) => store.getSettings(id),
      hub,
      () => undefined,
      systemClock,
    );
    const connections = new ConnectionManager(
      new Map([["sandbox", new SandboxProvider()]]),
      store,
      systemClock,
      captured.logger,
      new LeaseStore(db, "connection"),
      "owner-1",
    );
    connections.recordWith(async (which, event) => {
      await recorder.record(which, event);
    });
    return { instance, connections, log, store, captured };
  }

  it("retries a failed log write, and the event is in the log once", async (context) => {
    if (database === undefined) return context.skip();
    const { instance, connections, log, captured } = await setup(database.db, { append: 2 });
    await (await connections.connection(instance)).connect({});
    await connections.settled(instance.id);
    const events = await log.readAfter(instance.id, 0, 100, false);
    expect(events.map((e) => [e.seq, e.event, (e.data as { state?: string }).state])).toEqual([
      [1, "instance.state", "connected"],
    ]);
    expect(captured.text()).toContain("event log write failed; retrying");
    await connections.closeAll();
  });

  it("retries a hiccup before the log too (instance row, look-up)", async (context) => {
    if (database === undefined) return context.skip();
    const { instance, connections, log, store } = await setup(database.db, {
      findById: 1,
      updateConnection: 1,
    });
    await (await connections.connection(instance)).connect({});
    await connections.settled(instance.id);
    const events = await log.readAfter(instance.id, 0, 100, false);
    expect(events.map((e) => e.event)).toEqual(["instance.state"]);
    expect((await store.findById(instance.id))?.connectionState).toBe("connected");
    await connections.closeAll();
  });

  it("keeps the order in which the connection emitted its events", async (context) => {
    if (database === undefined) return context.skip();
    const { instance, connections, log } = await setup(database.db, { append: 1 });
    const connection = await connections.connection(instance);
    await connection.connect({});
    await connection.logout();
    await connection.reconnect();
    await connections.settled(instance.id);
    const events = await log.readAfter(instance.id, 0, 100, false);
    expect(events.map((e) => (e.data as { state?: string }).state)).toEqual([
      "connected",
      "loggedout",
      "connecting",
      "connected",
    ]);
    await connections.closeAll();
  });
});
