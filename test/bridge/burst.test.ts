/**
 * Inbound under load: 1,000 messages from 50 customers reach Chatwoot exactly once
 * each, in order per customer, one conversation per customer, and warm messages cost
 * one Chatwoot call each.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Body } from "../events/support/helpers.js";
import {
  activeInstance,
  customerSays,
  startGateway,
  waitForMessages,
  type ActiveInstance,
  type Gateway,
} from "./support/gateway-harness.js";

const CUSTOMERS = 50;
const PER_CUSTOMER = 20;

function phoneOf(n: number): string {
  return `55119${String(70_000_000 + n).padStart(8, "0")}`;
}

/** Each customer writes `count` messages in order; customers write in parallel. */
async function burst(
  gateway: Gateway,
  inst: ActiveInstance,
  from: number,
  count: number,
): Promise<void> {
  await Promise.all(
    Array.from({ length: CUSTOMERS }, async (_, c) => {
      for (let i = from; i < from + count; i += 1) {
        await customerSays(gateway, inst, phoneOf(c), `customer ${c} message ${i}`);
      }
    }),
  );
}

describe("a burst of inbound messages", () => {
  let gateway: Gateway;
  let inst: ActiveInstance;

  beforeAll(async () => {
    // What is under test is exactly-once, order and the calls per message: a loaded
    // machine's slow answers must not turn into retries, and the periodic reconciliation
    // (a list per conversation each BRIDGE_RECONCILE_MS, not a cost per message) must not
    // run in the middle of the count.
    gateway = await startGateway({
      server: { env: { CHATWOOT_TIMEOUT_MS: "10000", BRIDGE_RECONCILE_MS: "3600000" } },
    });
    inst = await activeInstance(gateway);
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("arrives exactly once, in order, one conversation per customer, one call per warm message", async () => {
    // Warm-up: each customer's first message makes its contact and conversation.
    await burst(gateway, inst, 0, 1);
    await waitForMessages(
      gateway,
      inst.inboxId,
      (m) => m.length >= CUSTOMERS,
      "the first messages",
    );
    gateway.chatwoot.control.resetCalls();

    await burst(gateway, inst, 1, PER_CUSTOMER - 1);
    const total = CUSTOMERS * PER_CUSTOMER;
    const messages = await waitForMessages(
      gateway,
      inst.inboxId,
      (m) => m.length >= total,
      "every message",
    );
    expect(messages).toHaveLength(total);

    const byConversation = new Map<number, Body[]>();
    for (const message of messages) {
      const list = byConversation.get(message.conversation as number) ?? [];
      list.push(message);
      byConversation.set(message.conversation as number, list);
    }
    expect(byConversation.size).toBe(CUSTOMERS);
    for (const list of byConversation.values()) {
      const texts = list
        .sort((a, b) => (a.id as number) - (b.id as number))
        .map((m) => m.content as string);
      const customer = /^customer (\d+) /.exec(texts[0] ?? "")?.[1];
      expect(texts).toEqual(
        Array.from({ length: PER_CUSTOMER }, (_, i) => `customer ${customer} message ${i}`),
      );
    }
    const sources = messages.map((m) => m.source_id as string);
    expect(new Set(sources).size).toBe(total);

    const calls = gateway.chatwoot.control.callCounts();
    const warm = CUSTOMERS * (PER_CUSTOMER - 1);
    const made = Object.values(calls).reduce((a, b) => a + b, 0);
    expect(calls["messages.create"]).toBe(warm);
    const warnings = new Set(
      gateway.server.log
        .lines()
        .filter((line) => Number(line.level) >= 40)
        .map(
          (line) =>
            `${String(line.msg)} ${String((line.err as Body | undefined)?.message ?? line.error ?? "")}`,
        ),
    );
    expect(
      made / warm,
      `Chatwoot calls: ${JSON.stringify(calls)}; warnings: ${[...warnings].join(" | ")}`,
    ).toBeLessThanOrEqual(1.05);
  }, 300_000);
});
