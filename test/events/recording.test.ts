/**
 * Provider events reach the event log, which is the only way out of the connection
 * manager: a database hiccup at any step delays an event, never loses or doubles it.
 * Read back from the log itself, on both dialects.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectionManager } from "../../src/api/connections/connection-manager.js";
import { BATCH_EVENTS, BATCH_MEDIA_CHARS } from "../../src/api/connections/event-batches.js";
import { EventHub } from "../../src/api/events/log/event-hub.js";
import { EventRecorder, messagesOf } from "../../src/api/events/log/event-recorder.js";
import { EventLogStore } from "../../src/api/events/log/log-store.js";
import { WebhookStore } from "../../src/api/events/webhooks/webhook-store.js";
import type { InstanceRecord } from "../../src/api/instances/instance-model.js";
import { InstanceStore } from "../../src/api/instances/instance-store.js";
import { systemClock } from "../../src/platform/clock.js";
import { SecretBox } from "../../src/platform/crypto.js";
import { LeaseStore } from "../../src/platform/db/lease-store.js";
import type { SandboxConnection } from "../../src/providers/sandbox/sandbox-connection.js";
import { SandboxProvider } from "../../src/providers/sandbox/sandbox-provider.js";
import { DIALECTS, openTestDatabase, type TestDatabase } from "../support/databases.js";
import { captureLog } from "../support/log-capture.js";
import { instanceRecord, seedAccount, seedInstance } from "../support/seed.js";
import { waitFor } from "./support/helpers.js";

const secrets = SecretBox.fromKey("ef".repeat(32));

/** A contact's text, as the sandbox phone receives it. */
function text(connection: SandboxConnection, body: string, id: string): void {
  connection.receive({
    id,
    sender: { phone: "5511900000001", lid: null, name: "Ana" },
    group: null,
    body: { kind: "text", text: body },
    replyTo: null,
    mentions: [],
  });
}

/** The message ids of the instance's events after the first (its connection), in log order. */
async function messageIds(log: EventLogStore, instanceId: string): Promise<string[]> {
  const events = await log.readAfter(instanceId, 1, 1_000, false);
  return events.map((e) => (e.data as { id: string }).id);
}

/** Counts the transactions of the log's appends, and the events in each. */
function countBatches(log: EventLogStore): number[] {
  const sizes: number[] = [];
  const original = log.appendAll.bind(log);
  log.appendAll = (instanceId, appends) => {
    sizes.push(appends.length);
    return original(instanceId, appends);
  };
  return sizes;
}

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
    failFirst(log, "appendAll", failures.append ?? 0);
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
    const sandbox = new SandboxProvider();
    const connections = new ConnectionManager(
      new Map([["sandbox", sandbox]]),
      store,
      systemClock,
      captured.logger,
      new LeaseStore(db, "connection"),
      "owner-1",
    );
    connections.recordWith(async (which, events) =>
      messagesOf(await recorder.recordAll(which, events)),
    );
    /** The instance's sandbox connection, connected: contacts can send to it. */
    const connected = async (): Promise<SandboxConnection> => {
      await (await connections.connection(instance)).connect({});
      await connections.settled(instance.id);
      const connection = sandbox.connection(instance.id);
      if (connection === undefined) throw new Error("the sandbox connection is not open");
      return connection;
    };
    return { instance, connections, log, store, captured, connected };
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

  it("writes a burst in a few transactions, every event once, in the order emitted", async (context) => {
    if (database === undefined) return context.skip();
    const { instance, connections, log, connected } = await setup(database.db, {});
    const connection = await connected();
    const batches = countBatches(log);
    const ids = Array.from({ length: 300 }, (_, i) => `BURST${String(i).padStart(4, "0")}`);
    for (const [i, id] of ids.entries()) text(connection, `m${i}`, id);
    await connections.settled(instance.id);
    expect(await messageIds(log, instance.id)).toEqual(ids);
    expect(await log.latestSeq(instance.id)).toBe(1 + ids.length);
    // The first goes at once, alone; the rest, emitted meanwhile, wait for it together,
    // at most BATCH_EVENTS to a transaction.
    expect(batches).toEqual([1, BATCH_EVENTS, 300 - 1 - BATCH_EVENTS]);
    await connections.closeAll();
  });

  it("bounds a transaction's media: about BATCH_MEDIA_CHARS, one large event alone if need be", async (context) => {
    if (database === undefined) return context.skip();
    const { instance, connections, log, connected } = await setup(database.db, {});
    const connection = await connected();
    const batches = countBatches(log);
    const third = Math.floor(BATCH_MEDIA_CHARS / 3) + 1;
    text(connection, "first", "FIRST");
    for (const [i, size] of [third, third, third, BATCH_MEDIA_CHARS + 1].entries()) {
      connection.receive({
        id: `DOC${i}`,
        sender: { phone: "5511900000001", lid: null, name: "Ana" },
        group: null,
        body: {
          kind: "media",
          media: {
            type: "document",
            base64: "A".repeat(size),
            mimetype: "application/pdf",
            size: Math.floor((size * 3) / 4),
            fileName: `doc${i}.pdf`,
            duration: null,
          },
          caption: null,
        },
        replyTo: null,
        mentions: [],
      });
    }
    await connections.settled(instance.id);
    // Two thirds fit in one transaction, a third more would not; the oversized one goes alone.
    expect(batches).toEqual([1, 2, 1, 1]);
    expect(await messageIds(log, instance.id)).toEqual(["FIRST", "DOC0", "DOC1", "DOC2", "DOC3"]);
    await connections.closeAll();
  });

  it("writes a refused batch event by event: only the event that cannot be written is dropped", async (context) => {
    if (database === undefined) return context.skip();
    const { instance, connections, log, captured, connected } = await setup(database.db, {});
    const connection = await connected();
    const original = log.appendAll.bind(log);
    log.appendAll = (instanceId, appends) =>
      appends.some((a) => a.entry.messageId === "POISON")
        ? Promise.reject(new Error("value too long for type character varying"))
        : original(instanceId, appends);
    const ids = ["A1", "A2", "POISON", "A3", "A4"];
    for (const id of ids) text(connection, id, id);
    // Alone, the poisoned event is retried for about 25 s; a stopping process gives up at once.
    await waitFor(() => captured.text().includes("event log write failed; retrying"), "a retry");
    await connections.closeAll();
    expect(await messageIds(log, instance.id)).toEqual(["A1", "A2", "A3", "A4"]);
    expect(captured.text()).toContain("writing its events one at a time");
    expect(captured.text()).toContain("event could not be written to the event log; dropped");
  });
});
