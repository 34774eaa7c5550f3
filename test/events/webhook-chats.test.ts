/**
 * A webhook delivers in order per chat and in parallel across chats: a chat's later
 * events wait for its earlier one (through retries), a chat being retried holds up no
 * other chat, at most `concurrency` deliveries are out at once, two processes racing
 * over many chats deliver each event once, and a process stopped mid-burst and replaced
 * by another loses and doubles nothing. On both dialects.
 */
import { describe, expect, it } from "vitest";
import { EventLogStore } from "../../src/api/events/log/log-store.js";
import type { DialectName } from "../../src/platform/db/database.js";
import { DIALECTS } from "../support/databases.js";
import {
  deliveredCount,
  drained,
  message,
  pendingCount,
  seedWebhook,
  startWorker,
  useDeliveryRig,
} from "./support/delivery-workers.js";
import { waitFor, type Received, type WebhookTarget } from "./support/helpers.js";

const chatOf = (r: Received) => r.body.data.message.chat.jid as string;
const textOf = (r: Received) => r.body.data.message.content.text as string;

/** The texts each chat received, in the order they arrived. */
function byChat(received: Received[]): Map<string, string[]> {
  const chats = new Map<string, string[]>();
  for (const r of received) chats.set(chatOf(r), [...(chats.get(chatOf(r)) ?? []), textOf(r)]);
  return chats;
}

describe.each(DIALECTS)("webhook delivery per chat on %s", (dialect: DialectName) => {
  const rig = useDeliveryRig(dialect);
  let target: WebhookTarget;

  /** Queues `perChat` events for each of `chats` chats, interleaved; texts are `c<chat>-<n>`. */
  async function burst(chats: number, perChat: number) {
    const pair = rig.pair;
    if (pair === undefined) throw new Error("no database");
    const { instanceId, webhookId } = await seedWebhook(pair.a.db, target.url);
    const log = new EventLogStore(pair.a.db);
    const at = new Date().toISOString();
    for (let n = 0; n < perChat; n += 1) {
      for (let c = 0; c < chats; c += 1) {
        await log.append(instanceId, message(`551190000${c}`, `c${c}-${n}`), [webhookId], at);
      }
    }
    return webhookId;
  }

  const expected = (chats: number, perChat: number) =>
    new Map(
      Array.from({ length: chats }, (_, c) => [
        `551190000${c}@s.whatsapp.net`,
        Array.from({ length: perChat }, (_, n) => `c${c}-${n}`),
      ]),
    );

  it("keeps each chat's order through retries, at most `concurrency` out at once", async ({
    skip,
  }) => {
    const pair = rig.pair;
    if (pair === undefined) return skip();
    target = await rig.target();
    const open = new Map<string, number>();
    let out = 0;
    let peak = 0;
    let sameChatOverlap = false;
    target.respond = async (attempt, index) => {
      const chat = chatOf(attempt);
      sameChatOverlap ||= (open.get(chat) ?? 0) > 0;
      open.set(chat, (open.get(chat) ?? 0) + 1);
      out += 1;
      peak = Math.max(peak, out);
      await new Promise((resolve) => setImmediate(resolve));
      out -= 1;
      open.set(chat, (open.get(chat) ?? 0) - 1);
      // Every third attempt fails, so heads of many chats are retried.
      return index % 3 === 0 ? 503 : 200;
    };
    const webhookId = await burst(6, 8);
    const a = startWorker(pair.a, { concurrency: 4 });
    rig.workers = [a];
    a.worker.start();
    await drained(pair.a.db, webhookId);
    expect(byChat(target.received)).toEqual(expected(6, 8));
    expect(new Set(target.received.map((r) => r.headers["x-ponte-delivery"])).size).toBe(48);
    expect(sameChatOverlap).toBe(false);
    expect(peak).toBeLessThanOrEqual(4);
  });

  it("delivers other chats while one chat's head is failing; that chat's later events wait", async ({
    skip,
  }) => {
    const pair = rig.pair;
    if (pair === undefined) return skip();
    target = await rig.target();
    const failing = "5511900000@s.whatsapp.net";
    let healed = false;
    target.respond = (attempt) => (chatOf(attempt) === failing && !healed ? 503 : 200);
    const webhookId = await burst(3, 3);
    const a = startWorker(pair.a);
    rig.workers = [a];
    a.worker.kick([webhookId]);
    a.worker.start();
    // The other two chats get all of theirs while the first chat's head keeps failing.
    await waitFor(() => target.received.length === 6, "the other chats' deliveries", 30_000);
    const attemptsOfFailing = target.attempts.filter((r) => chatOf(r) === failing);
    expect(attemptsOfFailing.length).toBeGreaterThanOrEqual(1);
    expect(new Set(attemptsOfFailing.map(textOf))).toEqual(new Set(["c0-0"]));
    healed = true;
    await drained(pair.a.db, webhookId, 60_000);
    expect(byChat(target.received)).toEqual(expected(3, 3));
  });

  it("two processes racing over many chats deliver each event once, each chat in order", async ({
    skip,
  }) => {
    const pair = rig.pair;
    if (pair === undefined) return skip();
    target = await rig.target();
    // Every fifth attempt fails, so both processes see retries and lanes change hands.
    target.respond = (_attempt, index) => (index % 5 === 4 ? 503 : 200);
    const webhookId = await burst(12, 10);
    const a = startWorker(pair.a, { concurrency: 4 });
    const b = startWorker(pair.b, { concurrency: 4, userAgent: "ponte/b" });
    rig.workers = [a, b];
    for (const { worker } of [a, b]) {
      worker.kick([webhookId]);
      worker.start();
    }
    await drained(pair.a.db, webhookId, 60_000);
    expect(byChat(target.received)).toEqual(expected(12, 10));
    expect(new Set(target.received.map((r) => r.headers["x-ponte-delivery"])).size).toBe(120);
    expect(target.received).toHaveLength(120);
  });

  it("loses and doubles nothing when a process stops mid-burst and another takes over", async ({
    skip,
  }) => {
    const pair = rig.pair;
    if (pair === undefined) return skip();
    target = await rig.target();
    let stopping = false;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Once the stop begins, the first process's attempts hang until it has stopped (they
    // are aborted, not counted) and then fail, even those whose request reaches the
    // target late: only answers it gave before the stop count.
    target.respond = async (attempt) => {
      if (attempt.headers["user-agent"] === "ponte/b") return 200;
      if (!stopping) return 200;
      await gate;
      return 503;
    };
    const webhookId = await burst(6, 10);
    const a = startWorker(pair.a);
    rig.workers = [a];
    a.worker.start();
    await waitFor(() => target.received.length >= 12, "part of the burst");
    stopping = true;
    // Delivery is at least once: an answer the stopping process never recorded is sent
    // again. Stop once every answer given is recorded, so that any double is a fault.
    await waitFor(
      async () => (await deliveredCount(pair.a.db, webhookId)) === target.received.length,
      "the answers given recorded",
    );
    await a.worker.close();
    rig.workers = [];
    release();
    expect(await pendingCount(pair.a.db, webhookId)).toBeGreaterThan(0);

    const b = startWorker(pair.b, { userAgent: "ponte/b" });
    rig.workers = [b];
    b.worker.start();
    await drained(pair.b.db, webhookId);
    expect(byChat(target.received)).toEqual(expected(6, 10));
    expect(new Set(target.received.map((r) => r.headers["x-ponte-delivery"])).size).toBe(60);
  });
});
