/**
 * Agent replies survive the gateway's downtime: Chatwoot delivers each API-inbox
 * webhook once, so replies written while ponte was down are found by the reconciler
 * after it restarts and reach WhatsApp exactly once, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor, type Body } from "../events/support/helpers.js";
import { startTestServer } from "../support/server.js";
import {
  activeInstance,
  customerSays,
  FAST_QUEUE,
  outbox,
  startGateway,
  waitForMessages,
  type ActiveInstance,
  type Gateway,
} from "./support/gateway-harness.js";

describe("replies written while the gateway is down", () => {
  let gateway: Gateway;
  let inst: ActiveInstance;

  beforeAll(async () => {
    gateway = await startGateway();
    inst = await activeInstance(gateway);
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("reach WhatsApp once each, in order, after a restart; Chatwoot's failed marks are cleared", async () => {
    await customerSays(gateway, inst, "5511944440001", "alguém aí?");
    const [first] = await waitForMessages(
      gateway,
      inst.inboxId,
      (m) => m.length >= 1,
      "the conversation",
    );
    const conversationId = first!.conversation as number;

    const { dataDir, pgSchema } = gateway.server;
    const port = Number(new URL(gateway.server.url).port);
    await gateway.server.close(false);

    const replies = Array.from({ length: 20 }, (_, i) => `resposta ${i + 1}`);
    for (const content of replies) gateway.chatwoot.control.reply({ conversationId, content });
    await gateway.chatwoot.control.waitForDeliveries();
    const failed = gateway.chatwoot.control.deliveries({
      event: "message_created",
      state: "failed",
    });
    expect(failed.length).toBeGreaterThanOrEqual(20);

    gateway.server = await startTestServer({
      role: "serve",
      dataDir,
      ...(pgSchema !== undefined ? { pgSchema } : {}),
      port,
      env: { ...FAST_QUEUE, RATE_LIMIT_GLOBAL: "1000000" },
    });
    const sent = await waitFor(
      async () => {
        const texts = (await outbox(gateway, inst))
          .filter((e) => e.kind === "text")
          .map((e) => e.text as string);
        return texts.length >= replies.length ? texts : undefined;
      },
      "every reply in the outbox",
      60_000,
    );
    expect(sent).toEqual(replies);

    const statuses = await waitFor(
      () => {
        const agent = gateway.chatwoot.control
          .messages({ conversationId })
          .filter((m: Body) => m.message_type === 1 && m.private !== true) as Body[];
        return agent.every((m) => m.status !== "failed") ? agent.map((m) => m.status) : undefined;
      },
      "the failed marks cleared",
      30_000,
    );
    expect(statuses).toHaveLength(20);
  }, 120_000);
});
