/**
 * Webhook lanes hold the one lease primitive (scope `webhook-lane`): two processes (two
 * connections to one database) racing for a webhook deliver each event exactly once, a
 * live holder keeps the lane, and a holder that died is taken over once its lease lapses.
 */
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { EventLogStore } from "../../src/api/events/log/log-store.js";
import { WEBHOOK_LANE_SCOPE } from "../../src/api/events/webhooks/delivery-worker.js";
import type { DialectName } from "../../src/platform/db/database.js";
import { LeaseStore } from "../../src/platform/db/lease-store.js";
import { DIALECTS } from "../support/databases.js";
import {
  drained,
  message,
  seedWebhook,
  startWorker,
  useDeliveryRig,
} from "./support/delivery-workers.js";
import { waitFor, type WebhookTarget } from "./support/helpers.js";

describe.each(DIALECTS)("webhook lane leases on %s", (dialect: DialectName) => {
  const rig = useDeliveryRig(dialect);
  let target: WebhookTarget;

  async function queue(count: number, chats = 1) {
    const pair = rig.pair;
    if (pair === undefined) throw new Error("no database");
    target = await rig.target();
    const { instanceId, webhookId } = await seedWebhook(pair.a.db, target.url);
    const log = new EventLogStore(pair.a.db);
    const at = new Date().toISOString();
    for (let i = 0; i < count; i += 1) {
      await log.append(instanceId, message(`55119000${i % chats}`, `m${i}`), [webhookId], at);
    }
    return webhookId;
  }

  it("two processes racing for one lane deliver every event exactly once", async ({ skip }) => {
    const pair = rig.pair;
    if (pair === undefined) return skip();
    const webhookId = await queue(40, 4);
    const a = startWorker(pair.a);
    const b = startWorker(pair.b);
    rig.workers = [a, b];
    for (let round = 0; round < 5; round += 1) {
      a.worker.kick([webhookId]);
      b.worker.kick([webhookId]);
    }
    a.worker.start();
    b.worker.start();
    await drained(pair.a.db, webhookId);
    const ids = target.attempts.map((attempt) => attempt.headers["x-ponte-delivery"]);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    expect(new Set(target.received.map((r) => r.body.data.message.content.text)).size).toBe(40);
  });

  it("leaves a lane to its live holder and takes it over once the holder's lease lapses", async ({
    skip,
  }) => {
    const pair = rig.pair;
    if (pair === undefined) return skip();
    const webhookId = await queue(3);
    const leases = new LeaseStore(pair.a.db, WEBHOOK_LANE_SCOPE);
    const dead = { id: "a-process-that-died" };
    expect(await leases.acquire(webhookId, dead, Date.now(), 60_000)).toBe(true);
    const b = startWorker(pair.b);
    rig.workers = [b];
    b.worker.kick([webhookId]);
    await waitFor(() => b.leases.answers.includes(false), "B refused the held lane");
    expect(target.attempts).toHaveLength(0);
    // The holder stops renewing: its lease ends in the past, and B's queue scan takes over.
    await leases.acquire(webhookId, dead, Date.now() - 120_000, 60_000);
    b.worker.start();
    await waitFor(() => target.received.length === 3, "the three deliveries", 30_000);
    expect(target.received.map((r) => r.body.data.message.content.text)).toEqual([
      "m0",
      "m1",
      "m2",
    ]);
    expect((await leases.holder(webhookId, Date.now()))?.id).not.toBe(dead.id);
  });

  it("keeps no lease columns of its own on the webhook row (migration 010)", async ({ skip }) => {
    const pair = rig.pair;
    if (pair === undefined) return skip();
    // Asked of the schema in use (PostgreSQL's introspection would list every schema's).
    const select = (column: string) =>
      sql`select ${sql.ref(column)} from webhook_configs limit 0`.execute(pair.a.db);
    await expect(select("enabled")).resolves.toBeDefined();
    await expect(select("lane_owner")).rejects.toThrow();
    await expect(select("lane_until")).rejects.toThrow();
  });
});
