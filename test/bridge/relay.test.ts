/**
 * The gateway end to end in `serve`: activation creates an inbox pointing at the
 * gateway; a customer's WhatsApp message appears in Chatwoot; an agent's reply reaches
 * WhatsApp (the sandbox outbox), signed when asked; private notes never leave.
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

describe("the gateway relays both ways (serve)", () => {
  let gateway: Gateway;
  let inst: ActiveInstance;

  beforeAll(async () => {
    gateway = await startGateway();
    inst = await activeInstance(gateway, { signMessages: true });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("creates an API inbox whose webhook points at the gateway, with its signing secret kept", async () => {
    const inbox = gateway.chatwoot.control
      .inboxes()
      .find((i: Body) => i.id === inst.inboxId) as Body;
    expect(inbox.name).toBe(`WhatsApp ${inst.name}`);
    expect(inbox.webhook_url).toMatch(
      new RegExp(
        `^${gateway.server.url}/webhooks/chatwoot/${inst.integrationId}/[A-Za-z0-9_-]{20,}$`,
      ),
    );
    const state = await gateway.server.request<Body>("GET", `/api/chatwoot/list/${inst.name}`, {
      token: inst.token,
    });
    expect(state.body).toMatchObject({ status: "active", chatwoot_inbox_id: inst.inboxId });
  });

  it("puts a customer's message into one conversation in the inbox, with its WhatsApp id", async () => {
    const id = await customerSays(gateway, inst, "5511987650001", "Olá, preciso de ajuda");
    const [message] = await waitForMessages(
      gateway,
      inst.inboxId,
      (m) => m.length >= 1,
      "the message in Chatwoot",
    );
    expect(message).toMatchObject({
      content: "Olá, preciso de ajuda",
      message_type: 0,
      source_id: `WAID:${id}`,
    });
    const contact = gateway.chatwoot.control
      .contacts()
      .find((c: Body) => c.phone_number === "+5511987650001");
    expect(contact).toBeDefined();
    expect(contact?.contact_inboxes).toHaveLength(1);
  });

  it("sends an agent's reply to WhatsApp, signed, and never a private note", async () => {
    const [first] = await waitForMessages(
      gateway,
      inst.inboxId,
      (m) => m.length >= 1,
      "the conversation",
    );
    const conversationId = first!.conversation as number;
    gateway.chatwoot.control.privateNote({ conversationId, content: "internal: VIP customer" });
    gateway.chatwoot.control.reply({ conversationId, content: "Claro, **como** posso ajudar?" });
    const sent = await waitFor(
      async () => {
        const entries = (await outbox(gateway, inst)).filter((e) => e.kind === "text");
        return entries.length > 0 ? entries : undefined;
      },
      "the reply in the outbox",
      30_000,
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      to: "5511987650001@s.whatsapp.net",
      text: "*Maria*:\nClaro, *como* posso ajudar?",
    });
    // The send's own echo is not mirrored back into Chatwoot.
    await gateway.server.runtime.connections.settled(inst.id);
  });
});
