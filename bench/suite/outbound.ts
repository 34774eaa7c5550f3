/**
 * Section 3: outbound relay, an agent's reply in the emulator → ponte's webhook →
 * the sandbox outbox: how fast the webhook is acknowledged and how long until the
 * message is sent, also with a provider that takes 1 s to send (the acknowledgement
 * must not wait for it); then the same replies to receivers in Evolution API's and
 * WAHA's styles on the same emulator.
 */
import type { ActiveInstance, Gateway } from "./gateway.js";
import { now } from "./gateway.js";
import { peerReceiver } from "./peers.js";
import { percentile, progress, sleep, until, type Figures } from "./stats.js";

export interface OutboundOptions {
  db: string;
  replies: number;
  slowReplies: number;
  peerReplies: number;
  /** 1 in a full run; the quick run scales the peers' delays down and says so. */
  peerDelayScale: number;
}

interface Sample {
  ackMs: number;
  e2eMs: number;
}

/** The emulator's own time from queueing a reply's webhook to reading ponte's answer. */
async function ackOf(gateway: Gateway, messageId: number): Promise<number | undefined> {
  const delivery = (await gateway.chatwoot.deliveries("message_created")).find(
    (d) => d.payload.id === messageId && d.finishedAt !== null,
  );
  return delivery === undefined || delivery.finishedAt === null
    ? undefined
    : delivery.finishedAt - delivery.enqueuedAt;
}

async function replyAndWait(
  gateway: Gateway,
  instance: ActiveInstance,
  conversationId: number,
  text: string,
): Promise<Sample> {
  const phone = gateway.server.runtime.sandbox.phone(instance.id);
  const before = phone.entries().length;
  const started = now();
  const message = await gateway.chatwoot.reply({ conversationId, content: text });
  await until(
    () => phone.entries(before).some((e) => "text" in e && e.text === text),
    "the reply in the outbox",
    30_000,
    1,
  );
  const e2eMs = now() - started;
  let ackMs: number | undefined;
  await until(
    async () => (ackMs = await ackOf(gateway, Number(message.id))) !== undefined,
    "the webhook's answer",
    30_000,
    5,
  );
  return { ackMs: ackMs ?? Number.NaN, e2eMs };
}

async function conversationsOf(gateway: Gateway, inboxId: number): Promise<number[]> {
  return (await gateway.chatwoot.conversations())
    .filter((c) => c.inbox_id === inboxId)
    .map((c) => Number(c.id));
}

export async function measureOutbound(
  gateway: Gateway,
  instance: ActiveInstance,
  figures: Figures,
  options: OutboundOptions,
): Promise<void> {
  const { db } = options;
  const conversations = await conversationsOf(gateway, instance.inboxId);
  // Chatwoot's webhooks for the inbound section's messages must be out of the way first,
  // and forgotten, so that finding a reply's delivery reads a short list.
  await gateway.chatwoot.waitForDeliveries();
  await gateway.chatwoot.clearDeliveries();
  progress(`outbound (${db}): ${options.replies} agent replies, one at a time`);
  const samples: Sample[] = [];
  for (let i = 0; i < options.replies; i += 1) {
    const conversation = conversations[i % conversations.length] ?? 0;
    samples.push(await replyAndWait(gateway, instance, conversation, `agent reply ${db} ${i}`));
  }

  progress(`outbound (${db}): ${options.slowReplies} replies with the provider taking 1 s to send`);
  const phone = gateway.server.runtime.sandbox.phone(instance.id);
  phone.setFaults({ sendDelayMs: 1_000 });
  const slow = await Promise.all(
    Array.from({ length: options.slowReplies }, async (_, i) => {
      await sleep(i * 20);
      const conversation = conversations[i % conversations.length] ?? 0;
      return replyAndWait(gateway, instance, conversation, `slow reply ${db} ${i}`);
    }),
  );
  phone.setFaults({ sendDelayMs: 0 });

  const add = (key: string, label: string, value: number, unit: string, note?: string) =>
    figures.add({
      key: `outbound.${db}.${key}`,
      section: "outbound",
      label: `${label} (${db})`,
      value,
      unit,
      ...(note === undefined ? {} : { note }),
    });
  const acks = samples.map((s) => s.ackMs);
  const e2e = samples.map((s) => s.e2eMs);
  const n = `${options.replies} replies, one at a time`;
  add("ackP50Ms", "webhook acknowledgement, p50", percentile(acks, 0.5), "ms", n);
  add("ackP99Ms", "webhook acknowledgement, p99", percentile(acks, 0.99), "ms", n);
  add("e2eP50Ms", "agent reply → sandbox outbox, p50", percentile(e2e, 0.5), "ms", n);
  add("e2eP99Ms", "agent reply → sandbox outbox, p99", percentile(e2e, 0.99), "ms", n);
  const slowNote = `${options.slowReplies} replies 20 ms apart, each send taking 1 s`;
  add(
    "slowAckP99Ms",
    "webhook acknowledgement with a 1 s send, p99",
    percentile(
      slow.map((s) => s.ackMs),
      0.99,
    ),
    "ms",
    slowNote,
  );
  add(
    "slowE2eP50Ms",
    "agent reply → outbox with a 1 s send, p50",
    percentile(
      slow.map((s) => s.e2eMs),
      0.5,
    ),
    "ms",
    slowNote,
  );
}

/** The peers' outbound styles: replies into an inbox whose webhook is such a receiver. */
export async function measurePeerOutbound(
  gateway: Gateway,
  figures: Figures,
  options: OutboundOptions,
): Promise<void> {
  const scale = options.peerDelayScale;
  const scaled = scale === 1 ? "" : `; delays scaled by ${scale} (quick run)`;
  const styles = [
    {
      key: "evolution",
      label: "Evolution API style (500 ms + 0.5–2 s typing before answering)",
      holdMs: () => (500 + 500 + Math.random() * 1_500) * scale,
      afterMs: () => 0,
    },
    {
      key: "waha",
      label: "WAHA style (answers at once, sends after a fixed 2–3 s delay)",
      holdMs: () => 0,
      afterMs: () => (2_000 + Math.random() * 1_000) * scale,
    },
  ];
  for (const style of styles) {
    progress(`outbound peers: ${style.key} style, ${options.peerReplies} replies${scaled}`);
    const receiver = await peerReceiver(style);
    try {
      const inbox = await gateway.chatwoot.createInbox({
        name: `peer ${style.key}`,
        webhookUrl: receiver.url,
      });
      const conversation = await peerConversation(
        gateway,
        Number(inbox.id),
        style.key === "evolution" ? "+5511988887701" : "+5511988887702",
      );
      const samples = await Promise.all(
        Array.from({ length: options.peerReplies }, async (_, i) => {
          await sleep(i * 50);
          const started = now();
          const message = await gateway.chatwoot.reply({
            conversationId: conversation,
            content: `${style.key} ${i}`,
          });
          const id = Number(message.id);
          let ackMs: number | undefined;
          await until(
            async () => receiver.sentAt.has(id) && (ackMs = await ackOf(gateway, id)) !== undefined,
            `the ${style.key} send`,
            60_000,
            5,
          );
          return {
            ackMs: ackMs ?? Number.NaN,
            e2eMs: (receiver.sentAt.get(id) ?? Number.NaN) - started,
          };
        }),
      );
      const note = `${options.peerReplies} replies 50 ms apart${scaled}`;
      const add = (key: string, label: string, values: number[]) =>
        figures.add({
          key: `peers.${style.key}.${key}`,
          section: "peers",
          label: `${style.label}: ${label}`,
          value: percentile(values, key.endsWith("P50Ms") ? 0.5 : 0.99),
          unit: "ms",
          note,
        });
      add(
        "ackP99Ms",
        "webhook acknowledgement p99",
        samples.map((s) => s.ackMs),
      );
      add(
        "e2eP50Ms",
        "reply → send p50",
        samples.map((s) => s.e2eMs),
      );
      add(
        "e2eP99Ms",
        "reply → send p99",
        samples.map((s) => s.e2eMs),
      );
    } finally {
      await receiver.close();
    }
  }
}

async function peerConversation(gateway: Gateway, inboxId: number, phone: string): Promise<number> {
  const account = gateway.chatwoot.accounts[0];
  if (account === undefined) throw new Error("bench: the emulator has no account");
  const base = `${gateway.chatwoot.url}/api/v1/accounts/${account.id}`;
  const headers = { api_access_token: account.admin.token, "content-type": "application/json" };
  const contact = (await (
    await fetch(`${base}/contacts`, {
      method: "POST",
      headers,
      body: JSON.stringify({ inbox_id: inboxId, name: `Peer ${phone}`, phone_number: phone }),
    })
  ).json()) as { payload?: { contact?: { id: number }; contact_inbox?: { source_id: string } } };
  if (contact.payload?.contact === undefined)
    throw new Error(`bench: no peer contact: ${JSON.stringify(contact)}`);
  const conversation = (await (
    await fetch(`${base}/conversations`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        inbox_id: inboxId,
        contact_id: contact.payload.contact.id,
        source_id: contact.payload.contact_inbox?.source_id,
      }),
    })
  ).json()) as { id: number };
  return conversation.id;
}
