/**
 * What the demo does once ponte and the emulator listen, one function per step: each
 * goes through the same public HTTP routes a person would use (ponte's API, the sandbox
 * phone, the emulator's control API) and returns what it saw, for the report.
 */
import type { DemoChatwootAccount } from "./emulator-loader.js";
import { arrayOf, expectJson, field, requestJson, waitFor, type Json } from "./demo-http.js";

/** The relays cross a durable queue; on a busy machine that can take a few seconds. */
const RELAY_TIMEOUT_MS = 45_000;

export interface DemoPlaces {
  /** ponte's base URL. */
  ponte: string;
  /** The emulator's base URL (its control API is under `/_emulator`). */
  chatwoot: string;
  account: DemoChatwootAccount;
}

export interface DemoInstance {
  name: string;
  id: string;
  token: string;
  number: string;
}

export interface Activation {
  integrationId: string;
  inboxId: number;
  inboxName: string;
}

export interface InboundRelay {
  waMessageId: string;
  conversationId: number;
  chatwootMessageId: number;
  contactId: number;
}

export interface OutboundRelay {
  chatwootMessageId: number;
  waMessageId: string;
  to: string;
  text: string;
  /** How Chatwoot's webhook delivery of the reply went, as the emulator recorded it. */
  webhook: { status: number | null; ms: number | null };
}

export const CUSTOMER = { number: "5511987650001", name: "Ana Souza" };
export const CUSTOMER_TEXT = "Hi! Is my order on its way?";
export const AGENT_TEXT = "Hi Ana! Yes, it **left the warehouse** this morning.";

function ponte(places: DemoPlaces, method: string, path: string, token: string, body?: unknown) {
  return requestJson(method, `${places.ponte}${path}`, { headers: { token }, body });
}

function control(places: DemoPlaces, method: string, path: string, body?: unknown) {
  const sep = path.includes("?") ? "&" : "?";
  return requestJson(
    method,
    `${places.chatwoot}/_emulator${path}${sep}accountId=${places.account.id}`,
    { body },
  );
}

export async function createInstance(
  places: DemoPlaces,
  accountToken: string,
  name: string,
): Promise<DemoInstance> {
  const created = await expectJson(
    "creating the sandbox instance",
    201,
    ponte(places, "POST", "/api/instance/new", accountToken, { name, provider: "sandbox" }),
  );
  const id = String(field(created, "instance", "id"));
  const token = String(field(created, "instance", "token"));
  await expectJson(
    "connecting the sandbox instance",
    200,
    ponte(places, "GET", `/api/instance/connect/${name}`, token),
  );
  const listed = await expectJson(
    "reading the instance",
    200,
    ponte(places, "GET", `/api/instance/list?instanceName=${name}`, token),
  );
  const jid = arrayOf(listed.instances)
    .map((i) => field(i, "connection", "numberJid"))
    .find((value) => typeof value === "string");
  // `5500…:0@s.whatsapp.net`: the digits before the device and the server.
  const number = typeof jid === "string" ? (jid.split(/[:@]/)[0] ?? jid) : "(unknown)";
  return { name, id, token, number };
}

export async function activate(places: DemoPlaces, instance: DemoInstance): Promise<Activation> {
  const set = await expectJson(
    "activating the Chatwoot integration",
    201,
    ponte(places, "POST", `/api/chatwoot/set/${instance.name}`, instance.token, {
      chatwootBaseUrl: places.chatwoot,
      chatwootAccountId: places.account.id,
      chatwootApiToken: places.account.admin.token,
      inboxName: `WhatsApp ${instance.name}`,
      signMessages: true,
    }),
  );
  const list = await expectJson(
    "reading the integration",
    200,
    ponte(places, "GET", `/api/chatwoot/list/${instance.name}`, instance.token),
  );
  return {
    integrationId: String(set.bridge_integration_id),
    inboxId: Number(list.chatwoot_inbox_id),
    inboxName: String(list.chatwoot_inbox_name),
  };
}

/** A customer writes on WhatsApp (the sandbox phone); the message appears in Chatwoot. */
export async function relayInbound(
  places: DemoPlaces,
  instance: DemoInstance,
  activation: Activation,
): Promise<InboundRelay> {
  const sent = await expectJson(
    "the customer's message",
    200,
    ponte(places, "POST", `/api/sandbox/inbound/${instance.name}`, instance.token, {
      from: CUSTOMER.number,
      pushName: CUSTOMER.name,
      text: CUSTOMER_TEXT,
    }),
  );
  const waMessageId = String(field(sent, "data", "messageId"));
  return waitFor(
    "the customer's message in Chatwoot",
    () => findInChatwoot(places, activation.inboxId, `WAID:${waMessageId}`, waMessageId),
    RELAY_TIMEOUT_MS,
  );
}

async function findInChatwoot(
  places: DemoPlaces,
  inboxId: number,
  sourceId: string,
  waMessageId: string,
): Promise<InboundRelay | undefined> {
  const conversations = arrayOf((await control(places, "GET", "/conversations")).body.items);
  for (const conversation of conversations.filter((c) => c.inbox_id === inboxId)) {
    const id = Number(conversation.id);
    const messages = arrayOf(
      (await control(places, "GET", `/conversations/${id}/messages`)).body.items,
    );
    const message = messages.find((m) => m.source_id === sourceId);
    if (message === undefined) continue;
    return {
      waMessageId,
      conversationId: id,
      chatwootMessageId: Number(message.id),
      contactId: Number(field(conversation, "meta", "sender", "id")),
    };
  }
  return undefined;
}

/** An agent replies in Chatwoot; the reply reaches WhatsApp (the sandbox outbox). */
export async function relayOutbound(
  places: DemoPlaces,
  instance: DemoInstance,
  inbound: InboundRelay,
): Promise<OutboundRelay> {
  const reply = await expectJson(
    "the agent's reply",
    200,
    control(places, "POST", `/conversations/${inbound.conversationId}/reply`, {
      content: AGENT_TEXT,
    }),
  );
  const chatwootMessageId = Number(reply.id);
  const entry = await waitFor(
    "the agent's reply in the WhatsApp outbox",
    async () => {
      const outbox = await expectJson(
        "reading the outbox",
        200,
        ponte(places, "GET", `/api/sandbox/outbox/${instance.name}`, instance.token),
      );
      return arrayOf(outbox.outbox).find((e) => e.kind === "text");
    },
    RELAY_TIMEOUT_MS,
  );
  return {
    chatwootMessageId,
    waMessageId: String(entry.messageId),
    to: String(entry.to),
    text: String(entry.text),
    webhook: await webhookDelivery(places, chatwootMessageId),
  };
}

async function webhookDelivery(places: DemoPlaces, messageId: number) {
  const listed = await control(places, "GET", "/deliveries?event=message_created&target=api_inbox");
  const delivery = arrayOf(listed.body.items).find((d) => field(d, "payload", "id") === messageId);
  const status = field(delivery, "responseStatus");
  const enqueued = field(delivery, "enqueuedAt");
  const finished = field(delivery, "finishedAt");
  return {
    status: typeof status === "number" ? status : null,
    ms: typeof enqueued === "number" && typeof finished === "number" ? finished - enqueued : null,
  };
}

/** The customer's phone reads the reply; Chatwoot shows the message as read. */
export async function relayReceipt(
  places: DemoPlaces,
  instance: DemoInstance,
  inbound: InboundRelay,
  outbound: OutboundRelay,
): Promise<string> {
  await expectJson(
    "the read receipt",
    200,
    ponte(places, "POST", `/api/sandbox/receipt/${instance.name}`, instance.token, {
      messageId: outbound.waMessageId,
      status: "read",
    }),
  );
  return waitFor(
    "the read tick in Chatwoot",
    async () => {
      const path = `/conversations/${inbound.conversationId}/messages`;
      const messages = arrayOf((await control(places, "GET", path)).body.items);
      const status = messages.find((m: Json) => m.id === outbound.chatwootMessageId)?.status;
      return status === "read" ? status : undefined;
    },
    RELAY_TIMEOUT_MS,
  );
}
