import type { Api, Harness } from "./test-support.js";
import { idAt } from "./test-support.js";

export interface RecordedCall {
  method: string;
  path: string;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
}

/** Wraps an API client so every call is recorded with its absolute path. */
function recording(api: Api, calls: RecordedCall[]): Api {
  return async (method, path, body, headers) => {
    const res = await api(method, path, body, headers);
    const absolute = path.startsWith("/") ? path : `/api/v1/accounts/1/${path}`;
    calls.push({
      method,
      path: absolute.split("?")[0] ?? absolute,
      requestBody: body instanceof FormData ? undefined : body,
      status: res.status,
      responseBody: res.body,
    });
    return res;
  };
}

async function inboxCalls(
  api: Api,
  webhookUrl: string,
  botId: number,
  agentId: number,
): Promise<number> {
  const inbox = await api("POST", "inboxes/", {
    name: "Conformance",
    channel: { type: "api", webhook_url: webhookUrl },
  });
  const id = idAt(inbox.body, "id");
  await api("GET", "inboxes");
  await api("GET", `inboxes/${id}/`);
  await api("PATCH", `inboxes/${id}`, { name: "Conformance 2", enable_auto_assignment: false });
  await api("POST", `inboxes/${id}/set_agent_bot`, { agent_bot: botId });
  await api("POST", `inboxes/${id}/set_agent_bot`, { agent_bot: null });
  await api("POST", "inbox_members", { inbox_id: id, user_ids: [agentId] });
  await api("GET", `inbox_members/${id}`);
  return id;
}

async function contactCalls(api: Api, inboxId: number): Promise<number> {
  const created = await api("POST", "contacts", {
    inbox_id: inboxId,
    name: "Alice",
    email: "alice@acme.inc",
    phone_number: "+5511999990000",
    identifier: "alice-1",
    additional_attributes: { city: "São Paulo" },
    custom_attributes: { tier: "gold" },
  });
  const id = idAt(created.body, "payload", "contact", "id");
  await api("POST", "contacts", { inbox_id: inboxId, name: "Bob" });
  await api("GET", "contacts?page=1&sort=name");
  await api("GET", `contacts/${id}`);
  await api("PUT", `contacts/${id}`, { name: "Alice B", custom_attributes: { since: "2024" } });
  await api("GET", "contacts/search?q=alice");
  await api("POST", "contacts/filter", {
    payload: [
      {
        attribute_key: "name",
        filter_operator: "contains",
        values: ["alice"],
        query_operator: "AND",
      },
    ],
  });
  const doomed = await api("POST", "contacts", { name: "Doomed" });
  await api("DELETE", `contacts/${idAt(doomed.body, "payload", "contact", "id")}`);
  return id;
}

async function conversationCalls(
  api: Api,
  inboxId: number,
  contactId: number,
  userId: number,
): Promise<number> {
  const created = await api("POST", "conversations", {
    source_id: "conformance-1",
    inbox_id: inboxId,
    contact_id: contactId,
    status: "open",
    message: { content: "Hello from the API" },
  });
  const id = idAt(created.body, "id");
  await api("GET", `contacts/${contactId}/conversations`);
  await api("GET", "conversations?status=open&assignee_type=all&page=1");
  await api("GET", "conversations/meta?status=all");
  await api("POST", "conversations/filter", {
    payload: [
      {
        attribute_key: "status",
        filter_operator: "equal_to",
        values: ["open"],
        query_operator: null,
      },
    ],
  });
  await api("GET", `conversations/${id}`);
  await api("PATCH", `conversations/${id}`, { priority: "high" });
  await api("POST", `conversations/${id}/toggle_priority`, { priority: "urgent" });
  await api("POST", `conversations/${id}/custom_attributes`, {
    custom_attributes: { order_id: "12345" },
  });
  await api("POST", `conversations/${id}/assignments`, { assignee_id: userId });
  await api("POST", `conversations/${id}/labels`, { labels: ["support", "billing"] });
  await api("GET", `conversations/${id}/labels`);
  await api("POST", `conversations/${id}/toggle_status`, { status: "resolved" });
  await api("POST", `conversations/${id}/toggle_status`, { status: "open" });
  return id;
}

async function messageCalls(api: Api, conversationId: number): Promise<void> {
  const base = `conversations/${conversationId}/messages`;
  const incoming = await api("POST", base, {
    content: "from the customer",
    message_type: "incoming",
    source_id: "wamid.1",
  });
  await api("POST", base, {
    content: "reply",
    message_type: "outgoing",
    private: false,
    content_type: "text",
    content_attributes: { in_reply_to: idAt(incoming.body, "id") },
  });
  const form = new FormData();
  form.append("content", "with a file");
  form.append("attachments[]", new Blob(["img"], { type: "image/png" }), "a.png");
  await api("POST", base, form);
  const note = await api("POST", base, { content: "private", private: true });
  await api("GET", base);
  await api("DELETE", `${base}/${idAt(note.body, "id")}`);
}

async function webhookCalls(api: Api): Promise<void> {
  const created = await api("POST", "webhooks", {
    url: "https://example.com/webhook",
    subscriptions: ["conversation_created", "message_created"],
  });
  const id = idAt(created.body, "payload", "webhook", "id");
  await api("GET", "webhooks");
  await api("PATCH", `webhooks/${id}`, {
    url: "https://example.com/webhook2",
    subscriptions: ["message_updated"],
  });
  await api("DELETE", `webhooks/${id}`);
}

/** Exercises every implemented operation that the swagger describes, as an administrator. */
export async function runScenario(h: Harness, webhookUrl: string): Promise<RecordedCall[]> {
  const calls: RecordedCall[] = [];
  const api = recording(h.admin, calls);
  const account = h.emulator.accounts[0];
  if (!account) throw new Error("no account");
  await api("GET", "/api/v1/profile");
  const inboxId = await inboxCalls(api, webhookUrl, account.bot.id, account.agent.id);
  const contactId = await contactCalls(api, inboxId);
  const conversationId = await conversationCalls(api, inboxId, contactId, account.admin.id);
  await messageCalls(api, conversationId);
  await webhookCalls(api);
  return calls;
}
