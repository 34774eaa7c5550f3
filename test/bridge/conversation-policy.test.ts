/**
 * How WhatsApp chats become Chatwoot conversations, per the integration's flags
 * (`startAsPending`, `reopenResolved` both ways, `ignoreGroups` both ways), and what the
 * relay carries besides a customer's text: the number's own messages sent elsewhere (as
 * outgoing, never echoed back), quoted replies (`in_reply_to`) and delivery receipts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor, type Body } from "../events/support/helpers.js";
import {
  liveInstance,
  customerSays,
  inboxMessages,
  outbox,
  startGateway,
  waitForMessages,
  type ActiveInstance,
  type Gateway,
} from "./support/gateway-harness.js";

const GROUP = "120363025550001@g.us";

describe("conversation policy and what the relay carries", { timeout: 90_000 }, () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  const control = () => gateway.chatwoot.control;
  const conversationsOf = (inst: ActiveInstance) =>
    (control().conversations() as Body[])
      .filter((c) => c.inbox_id === inst.inboxId)
      .sort((a, b) => (a.id as number) - (b.id as number));
  const messagesIn = (inboxId: number): Body[] => inboxMessages(gateway, inboxId);
  const conversation = (id: number): Body => control().conversation({ conversationId: id });
  const visible = (inst: ActiveInstance) =>
    messagesIn(inst.inboxId).filter((m) => m.message_type !== 2 && !m.private);

  /** Waits until the gateway has nothing left to do for the instance. */
  async function settle(inst: ActiveInstance): Promise<void> {
    await gateway.server.runtime.connections.settled(inst.id);
    await waitFor(
      async () => {
        const counts = await gateway.bridge().jobs.counts(inst.integrationId);
        return counts.open === 0;
      },
      "the queue to drain",
      30_000,
    );
    await control().waitForDeliveries();
  }

  const contains = (m: Body, text: string) =>
    typeof m.content === "string" && (m.content === text || m.content.endsWith(`\n${text}`));

  /** Sends `text` as the customer and waits until it is in the inbox. */
  async function relayed(inst: ActiveInstance, from: string, text: string, extra = {}) {
    const id = await customerSays(gateway, inst, from, text, extra);
    const messages = await waitForMessages(
      gateway,
      inst.inboxId,
      (m) => m.some((x) => contains(x, text)),
      `"${text}" in Chatwoot`,
    );
    return { id, message: messages.find((m) => contains(m, text))! };
  }

  it("startAsPending: a new conversation starts pending; without it, open", async () => {
    const pending = await liveInstance(gateway, { startAsPending: true });
    const { message } = await relayed(pending, "5511944440001", "quero atendimento");
    expect(conversation(message.conversation as number).status).toBe("pending");

    const open = await liveInstance(gateway);
    const other = await relayed(open, "5511944440001", "quero atendimento");
    expect(conversation(other.message.conversation as number).status).toBe("open");
  });

  it("reopenResolved: a message after the agent resolves goes into the same conversation, reopened", async () => {
    const inst = await liveInstance(gateway, { reopenResolved: true });
    const first = await relayed(inst, "5511944440002", "primeira");
    const id = first.message.conversation as number;
    control().resolve({ conversationId: id });
    await control().waitForDelivery(
      (d) =>
        d.event === "conversation_status_changed" &&
        d.inboxId === inst.inboxId &&
        d.state === "delivered",
    );
    expect(conversation(id).status).toBe("resolved");

    const second = await relayed(inst, "5511944440002", "segunda");
    expect(second.message.conversation).toBe(id);
    expect(conversationsOf(inst)).toHaveLength(1);
    expect(conversation(id).status).toBe("open");
    expect(visible(inst).map((m) => m.content)).toEqual(["primeira", "segunda"]);
  });

  it("reopenResolved off: after the agent resolves, the next message starts a new conversation", async () => {
    const inst = await liveInstance(gateway, { reopenResolved: false });
    const first = await relayed(inst, "5511944440003", "primeira");
    const id = first.message.conversation as number;
    control().resolve({ conversationId: id });
    // The gateway learns of the resolution from this webhook.
    const delivery = await control().waitForDelivery(
      (d) =>
        d.event === "conversation_status_changed" &&
        d.inboxId === inst.inboxId &&
        d.state === "delivered",
    );
    expect(delivery.responseStatus).toBe(200);

    const second = await relayed(inst, "5511944440003", "segunda");
    const next = second.message.conversation as number;
    expect(next).not.toBe(id);
    const third = await relayed(inst, "5511944440003", "terceira");
    expect(third.message.conversation).toBe(next);

    expect(conversationsOf(inst).map((c) => c.id)).toEqual([id, next]);
    expect(conversation(id).status).toBe("resolved");
    expect(conversation(next).status).toBe("open");
    const contents = (c: number) =>
      (control().messages({ conversationId: c }) as Body[])
        .filter((m) => m.message_type !== 2)
        .map((m) => m.content);
    expect(contents(id)).toEqual(["primeira"]);
    expect(contents(next)).toEqual(["segunda", "terceira"]);
    // Still one contact, with one contact_inbox, for both conversations.
    expect(conversation(id).meta.sender.id).toBe(conversation(next).meta.sender.id);
  });

  it("ignoreGroups on: a group message does not reach Chatwoot", async () => {
    const inst = await liveInstance(gateway, { ignoreGroups: true });
    await customerSays(gateway, inst, "5511944440004", "mensagem no grupo", {
      group: GROUP,
      groupName: "Equipe Vendas",
      pushName: "Ana",
    });
    // The same person's private message, after it in the stream, does arrive.
    await relayed(inst, "5511944440004", "mensagem privada");
    await settle(inst);
    expect(visible(inst).map((m) => m.content)).toEqual(["mensagem privada"]);
    expect(conversationsOf(inst)).toHaveLength(1);
  });

  it("ignoreGroups off: the group is one contact named by its subject, each message naming who wrote it", async () => {
    const inst = await liveInstance(gateway, { ignoreGroups: false });
    const group = { group: GROUP, groupName: "Equipe Vendas" };
    const ana = await relayed(inst, "5511944440005", "bom dia, grupo", {
      ...group,
      pushName: "Ana",
    });
    const bruno = await relayed(inst, "5511944440006", "bom dia, Ana", {
      ...group,
      pushName: "Bruno",
    });
    expect(ana.message.content).toBe("**Ana (+5511944440005):**\nbom dia, grupo");
    expect(bruno.message.content).toBe("**Bruno (+5511944440006):**\nbom dia, Ana");
    expect(bruno.message.conversation).toBe(ana.message.conversation);
    expect(conversationsOf(inst)).toHaveLength(1);

    const contactId = conversation(ana.message.conversation as number).meta.sender.id as number;
    const contact = (control().contacts() as Body[]).find((c) => c.id === contactId)!;
    expect(contact.name).toBe("Equipe Vendas");
    expect(contact.identifier).toBe(GROUP);
    expect(
      (contact.contact_inboxes as Body[]).filter((ci) => ci.inbox.id === inst.inboxId),
    ).toHaveLength(1);
    // No contact was made for a participant in this inbox.
    const participants = (control().contacts() as Body[]).filter(
      (c) =>
        ["+5511944440005", "+5511944440006"].includes(c.phone_number as string) &&
        (c.contact_inboxes as Body[]).some((ci) => ci.inbox.id === inst.inboxId),
    );
    expect(participants).toEqual([]);
  });

  it("a message the number sent from elsewhere appears as outgoing and is never echoed back", async () => {
    const inst = await liveInstance(gateway);
    const customer = "5511944440007";
    const first = await relayed(inst, customer, "oi, tudo bem?");
    // Not the gateway: another client of the API (as the phone or WhatsApp Web would be).
    const sent = await gateway.server.request<Body>("POST", `/api/message/text/${inst.name}`, {
      token: inst.token,
      body: { number: customer, message: "enviado de outro aparelho" },
    });
    expect(sent.status).toBe(200);
    const waId = sent.body.data.messageId as string;
    const messages = await waitForMessages(
      gateway,
      inst.inboxId,
      (m) => m.some((x) => x.content === "enviado de outro aparelho"),
      "the phone's own message in Chatwoot",
    );
    const mirrored = messages.find((m) => m.content === "enviado de outro aparelho")!;
    expect(mirrored).toMatchObject({
      message_type: 1,
      private: false,
      source_id: `WAID:${waId}`,
      conversation: first.message.conversation,
    });

    // Its message_created webhook reached the gateway, and a reconciliation pass looks too.
    await control().waitForDelivery(
      (d) =>
        d.event === "message_created" &&
        d.inboxId === inst.inboxId &&
        d.body.includes("enviado de outro aparelho") &&
        d.state === "delivered",
    );
    await gateway.bridge().supervisor.reconcileAll();
    await settle(inst);
    const texts = (await outbox(gateway, inst))
      .filter((e) => e.kind === "text")
      .map((e) => e.text as string);
    expect(texts).toEqual(["enviado de outro aparelho"]);
    expect(visible(inst).filter((m) => m.content === "enviado de outro aparelho")).toHaveLength(1);
  });

  it("a quoted reply carries in_reply_to: to a customer's message and to an agent's", async () => {
    const inst = await liveInstance(gateway);
    const customer = "5511944440008";
    const original = await relayed(inst, customer, "qual o preço?");
    const quoting = await relayed(inst, customer, "ainda quero saber", {
      replyTo: original.id,
    });
    expect(quoting.message.content_attributes).toMatchObject({
      in_reply_to: original.message.id,
    });

    const conversationId = original.message.conversation as number;
    const reply = control().reply({ conversationId, content: "R$ 10" });
    const entry = await waitFor(
      async () => (await outbox(gateway, inst)).find((e) => e.kind === "text"),
      "the agent's reply on WhatsApp",
      30_000,
    );
    // The send's own event is in the instance's log once its connection has settled.
    await gateway.server.runtime.connections.settled(inst.id);
    const answer = await relayed(inst, customer, "caro!", { replyTo: entry.messageId });
    expect(answer.message.content_attributes).toMatchObject({ in_reply_to: reply.id });
  });

  it("delivered and read receipts of an agent's reply become its status in Chatwoot", async () => {
    const inst = await liveInstance(gateway);
    const customer = "5511944440009";
    const { message } = await relayed(inst, customer, "me avisa");
    const conversationId = message.conversation as number;
    const reply = control().reply({ conversationId, content: "aviso enviado" });
    const statusOf = () =>
      (control().messages({ conversationId }) as Body[]).find((m) => m.id === reply.id)?.status;
    const entry = await waitFor(
      async () => (await outbox(gateway, inst)).find((e) => e.kind === "text"),
      "the agent's reply on WhatsApp",
      30_000,
    );
    // The send's own event is in the instance's log once its connection has settled.
    await gateway.server.runtime.connections.settled(inst.id);
    await waitFor(() => statusOf() === "sent", "the reply marked sent", 30_000);

    const receipt = (status: string) =>
      gateway.server.request("POST", `/api/sandbox/receipt/${inst.name}`, {
        token: inst.token,
        body: { messageId: entry.messageId, status },
      });
    expect((await receipt("delivered")).status).toBe(200);
    await waitFor(() => statusOf() === "delivered", "the reply marked delivered", 30_000);
    expect((await receipt("read")).status).toBe(200);
    await waitFor(() => statusOf() === "read", "the reply marked read", 30_000);
    // A late delivered tick never moves it back.
    expect((await receipt("delivered")).status).toBe(200);
    await settle(inst);
    expect(statusOf()).toBe("read");
  });
});
