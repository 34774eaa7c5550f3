/**
 * Agent replies whose webhook never reached the gateway (Chatwoot tries once, then marks
 * the message failed) are found by the reconciler and sent exactly once, in order, with
 * Chatwoot's failed mark cleared. The webhook is made to fail by pointing the inbox at a
 * closed port, as when the gateway is down or unreachable.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor, type Body } from "../events/support/helpers.js";
import {
  activeInstance,
  customerSays,
  outbox,
  startGateway,
  waitForMessages,
  type ActiveInstance,
  type Gateway,
} from "./support/gateway-harness.js";

async function setWebhookUrl(gateway: Gateway, inboxId: number, url: string): Promise<void> {
  const account = gateway.chatwoot.accounts[0]!;
  const response = await fetch(
    `${gateway.chatwoot.url}/api/v1/accounts/${account.id}/inboxes/${inboxId}`,
    {
      method: "PATCH",
      headers: { api_access_token: account.admin.token, "content-type": "application/json" },
      body: JSON.stringify({ channel: { webhook_url: url } }),
    },
  );
  expect(response.status).toBe(200);
}

describe("agent replies that never reached the gateway", () => {
  let gateway: Gateway;
  let inst: ActiveInstance;
  let conversationId: number;

  beforeAll(async () => {
    gateway = await startGateway();
    inst = await activeInstance(gateway);
    await customerSays(gateway, inst, "5511955550077", "alguém aí?");
    const [first] = await waitForMessages(
      gateway,
      inst.inboxId,
      (m) => m.length >= 1,
      "the conversation",
    );
    conversationId = first!.conversation as number;
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("are sent once each, in order, and their failed mark is cleared", async () => {
    const control = gateway.chatwoot.control;
    const inbox = control.inboxes().find((i: Body) => i.id === inst.inboxId) as Body;
    await setWebhookUrl(gateway, inst.inboxId, "http://127.0.0.1:1/gateway-down");
    const texts = ["primeira", "segunda", "terceira"];
    const replies = texts.map((content) => control.reply({ conversationId, content }));
    await control.waitForDeliveries();
    const statuses = () =>
      replies.map(
        (r) =>
          (control.messages({ conversationId }).find((m: Body) => m.id === r.id) as Body).status,
      );
    expect(statuses()).toEqual(["failed", "failed", "failed"]);
    await setWebhookUrl(gateway, inst.inboxId, String(inbox.webhook_url));

    await gateway.bridge().supervisor.reconcileAll();
    const sent = await waitFor(
      async () => {
        const entries = (await outbox(gateway, inst)).filter((e) => e.kind === "text");
        return entries.length >= texts.length ? entries : undefined;
      },
      "the replies in the outbox",
      30_000,
    );
    expect(sent.map((e) => e.text)).toEqual(texts);
    await waitFor(
      () => (statuses().every((s) => s === "sent") ? true : undefined),
      "the failed marks cleared",
      30_000,
    );
    // A second pass finds nothing new to send.
    await gateway.bridge().supervisor.reconcileAll();
    await gateway.server.runtime.connections.settled(inst.id);
    const again = (await outbox(gateway, inst)).filter((e) => e.kind === "text");
    expect(again.map((e) => e.text)).toEqual(texts);
  }, 90_000);
});
