import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./test-support.js";
import { apiFor, seedConversation, startHarness } from "./test-support.js";

const CONVERSATION_KEYS = [
  "meta",
  "id",
  "messages",
  "account_id",
  "uuid",
  "additional_attributes",
  "agent_last_seen_at",
  "assignee_last_seen_at",
  "can_reply",
  "contact_last_seen_at",
  "custom_attributes",
  "inbox_id",
  "labels",
  "muted",
  "snoozed_until",
  "status",
  "created_at",
  "timestamp",
  "first_reply_created_at",
  "unread_count",
  "last_non_activity_message",
  "last_activity_at",
  "priority",
  "waiting_since",
  "sla_policy_id",
];

describe("conversations (NOTES §d)", () => {
  let h: Harness;
  let inboxId: number;
  beforeAll(async () => {
    h = await startHarness({ accounts: ["Acme", "Second"] });
    inboxId = (await h.admin("POST", "inboxes", { name: "WA", channel: { type: "api" } })).body.id;
  });
  afterAll(() => h.close());

  const contact = async (name = "C") =>
    (await h.admin("POST", "contacts", { name })).body.payload.contact.id as number;

  it("creates from inbox_id + contact_id and returns the full conversation object", async () => {
    const contactId = await contact();
    const res = await h.admin("POST", "conversations", {
      inbox_id: inboxId,
      contact_id: contactId,
      source_id: "s-full",
      additional_attributes: { a: 1 },
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(CONVERSATION_KEYS);
    expect(res.body).toMatchObject({
      account_id: 1,
      inbox_id: inboxId,
      status: "open",
      messages: [],
      can_reply: true,
      additional_attributes: { a: 1 },
    });
    expect(res.body.meta).toMatchObject({
      sender: { id: contactId },
      channel: "Channel::Api",
      hmac_verified: false,
    });
    expect(res.body.waiting_since).toBe(res.body.created_at);
  });

  it("without source_id builds a NEW contact_inbox every time (a UUID)", async () => {
    const contactId = await contact();
    await h.admin("POST", "conversations", { inbox_id: inboxId, contact_id: contactId });
    await h.admin("POST", "conversations", { inbox_id: inboxId, contact_id: contactId });
    const shown = await h.admin("GET", `contacts/${contactId}`);
    expect(shown.body.payload.contact_inboxes).toHaveLength(2);
  });

  it("falls back to the legacy source_id lookup, 404 when unknown", async () => {
    const seeded = await seedConversation(h.admin, { inboxId });
    const again = await h.admin("POST", "conversations", { source_id: seeded.sourceId });
    expect(again.status).toBe(200);
    expect(again.body.id).not.toBe(seeded.conversationId);
    expect(again.body.meta.sender.id).toBe(seeded.contactId);
    const missing = await h.admin("POST", "conversations", { source_id: "never-seen" });
    expect([missing.status, missing.body]).toEqual([404, { error: "Resource could not be found" }]);
  });

  it("honours status, and lock_to_single_conversation returns the existing conversation", async () => {
    const pending = await h.admin("POST", "conversations", {
      inbox_id: inboxId,
      contact_id: await contact(),
      status: "pending",
    });
    expect(pending.body.status).toBe("pending");
    const locked = await h.admin("POST", "inboxes", {
      name: "Locked",
      lock_to_single_conversation: true,
      channel: { type: "api" },
    });
    const seeded = await seedConversation(h.admin, { inboxId: locked.body.id });
    const again = await h.admin("POST", "conversations", {
      inbox_id: locked.body.id,
      contact_id: seeded.contactId,
      source_id: seeded.sourceId,
    });
    expect(again.body.id).toBe(seeded.conversationId);
  });

  it("creates the first message from `message`", async () => {
    const res = await h.admin("POST", "conversations", {
      inbox_id: inboxId,
      contact_id: await contact(),
      message: { content: "Hello there" },
    });
    expect(res.body.messages).toHaveLength(1);
    expect(res.body.messages[0]).toMatchObject({
      content: "Hello there",
      message_type: 1,
      conversation_id: res.body.id,
    });
  });

  it("uses per-account display ids", async () => {
    const second = h.emulator.accounts[1]!;
    const api = apiFor(h.emulator, second.admin.token, second.id);
    const seeded = await seedConversation(api);
    expect(seeded.conversationId).toBe(1);
    expect((await api("GET", "conversations/1")).body.account_id).toBe(second.id);
    expect((await h.admin("GET", "conversations/1")).body.account_id).toBe(1);
  });

  it("toggles status explicitly or open ⇄ resolved", async () => {
    const { conversationId } = await seedConversation(h.admin, { inboxId });
    const resolved = await h.admin("POST", `conversations/${conversationId}/toggle_status`, {
      status: "resolved",
    });
    expect(resolved.body).toEqual({
      meta: {},
      payload: {
        success: true,
        conversation_id: conversationId,
        current_status: "resolved",
        snoozed_until: null,
      },
    });
    const toggled = await h.admin("POST", `conversations/${conversationId}/toggle_status`);
    expect(toggled.body.payload.current_status).toBe("open");
    const snoozed = await h.admin("POST", `conversations/${conversationId}/toggle_status`, {
      status: "snoozed",
      snoozed_until: 2_000_000_000,
    });
    expect(snoozed.body.payload).toMatchObject({
      current_status: "snoozed",
      snoozed_until: "2033-05-18T03:33:20.000Z",
    });
    const bad = await h.admin("POST", `conversations/${conversationId}/toggle_status`, {
      status: "archived",
    });
    expect(bad.status).toBe(500);
  });

  it("assigns an agent who reopens a conversation; a bot's pending → open is a handoff", async () => {
    const { conversationId, inboxId: inbox } = await seedConversation(h.admin);
    const agent = h.emulator.accounts[0]!.agent;
    h.emulator.control.addInboxMember(inbox, agent.id);
    await h.admin("POST", `conversations/${conversationId}/toggle_status`, { status: "resolved" });
    await h.agent("POST", `conversations/${conversationId}/toggle_status`, { status: "open" });
    expect(
      (await h.admin("GET", `conversations/${conversationId}`)).body.meta.assignee,
    ).toMatchObject({ id: agent.id, role: "agent" });
    h.emulator.control.setAgentBot(inbox, h.emulator.accounts[0]!.bot.id);
    await h.admin("POST", `conversations/${conversationId}/toggle_status`, { status: "pending" });
    const handoff = await h.bot("POST", `conversations/${conversationId}/toggle_status`, {
      status: "open",
    });
    expect(handoff.body.payload).toMatchObject({ success: null, current_status: "open" });
    h.emulator.control.setAgentBot(inbox, null);
  });

  it("lists with status filter, assignee_type and meta counts; 25 a page", async () => {
    const fresh = await h.admin("POST", "inboxes", { name: "List", channel: { type: "api" } });
    const ids: number[] = [];
    for (let i = 0; i < 27; i += 1)
      ids.push((await seedConversation(h.admin, { inboxId: fresh.body.id })).conversationId);
    await h.admin("POST", `conversations/${ids[0]!}/toggle_status`, { status: "resolved" });
    await h.admin("POST", `conversations/${ids[1]!}/assignments`, {
      assignee_id: h.emulator.accounts[0]!.admin.id,
    });
    const open = await h.admin("GET", `conversations?inbox_id=${fresh.body.id as number}`);
    expect(open.body.data.meta).toEqual({
      mine_count: 1,
      unassigned_count: 25,
      assigned_count: 1,
      all_count: 26,
    });
    expect(open.body.data.payload).toHaveLength(25);
    const page2 = await h.admin("GET", `conversations?inbox_id=${fresh.body.id as number}&page=2`);
    expect(page2.body.data.payload).toHaveLength(1);
    const mine = await h.admin(
      "GET",
      `conversations?inbox_id=${fresh.body.id as number}&assignee_type=me`,
    );
    expect(mine.body.data.payload.map((c: { id: number }) => c.id)).toEqual([ids[1]]);
    const resolved = await h.admin(
      "GET",
      `conversations?inbox_id=${fresh.body.id as number}&status=resolved`,
    );
    expect(resolved.body.data.payload.map((c: { id: number }) => c.id)).toEqual([ids[0]]);
    const meta = await h.admin(
      "GET",
      `conversations/meta?inbox_id=${fresh.body.id as number}&status=all`,
    );
    expect(meta.body.meta.all_count).toBe(27);
  });

  it("filters conversations and rejects unknown keys", async () => {
    const { conversationId } = await seedConversation(h.admin, { inboxId });
    await h.admin("POST", `conversations/${conversationId}/toggle_priority`, {
      priority: "urgent",
    });
    const res = await h.admin("POST", "conversations/filter", {
      payload: [
        {
          attribute_key: "priority",
          filter_operator: "equal_to",
          values: ["urgent"],
          query_operator: null,
        },
      ],
    });
    expect(res.body.data.payload.map((c: { id: number }) => c.id)).toEqual([conversationId]);
    const bad = await h.admin("POST", "conversations/filter", {
      payload: [{ attribute_key: "phone_number", filter_operator: "equal_to", values: ["x"] }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toContain("Invalid attribute key - [phone_number]");
  });

  it("updates priority, custom attributes, assignee and labels", async () => {
    const { conversationId } = await seedConversation(h.admin, { inboxId });
    const base = `conversations/${conversationId}`;
    const prio = await h.admin("POST", `${base}/toggle_priority`, { priority: "high" });
    expect([prio.status, prio.text]).toEqual([200, ""]);
    expect((await h.admin("PATCH", base, { priority: "low" })).body.priority).toBe("low");
    const attrs = await h.admin("POST", `${base}/custom_attributes`, {
      custom_attributes: { order: "42" },
    });
    expect(attrs.body).toEqual({ custom_attributes: { order: "42" } });
    const admin = h.emulator.accounts[0]!.admin;
    const assigned = await h.admin("POST", `${base}/assignments`, { assignee_id: admin.id });
    expect(assigned.body).toMatchObject({ id: admin.id, name: admin.name, role: "administrator" });
    const labels = await h.admin("POST", `${base}/labels`, { labels: ["vip", "wa"] });
    expect(labels.body).toEqual({ payload: ["vip", "wa"] });
    expect((await h.admin("GET", `${base}/labels`)).body).toEqual({ payload: ["vip", "wa"] });
    const shown = await h.admin("GET", base);
    expect(shown.body).toMatchObject({
      priority: "low",
      custom_attributes: { order: "42" },
      labels: ["vip", "wa"],
    });
    const activity = h.emulator.control
      .messages({ conversationId })
      .filter((m) => m.message_type === 2);
    expect(activity.map((m) => m.content)).toEqual([`Maria self-assigned this conversation`]);
  });
});

describe("can_reply (agent_reply_time_window)", () => {
  it("is true only while the last incoming message is within the window", async () => {
    let clock = 1_700_000_000_000;
    const h = await startHarness({ now: () => clock });
    try {
      const inbox = await h.admin("POST", "inboxes", {
        name: "Window",
        channel: { type: "api", additional_attributes: { agent_reply_time_window: 24 } },
      });
      const { conversationId } = await seedConversation(h.admin, { inboxId: inbox.body.id });
      const canReply = async () =>
        (await h.admin("GET", `conversations/${conversationId}`)).body.can_reply;
      expect(await canReply()).toBe(false);
      await h.admin("POST", `conversations/${conversationId}/messages`, {
        content: "hi",
        message_type: "incoming",
      });
      expect(await canReply()).toBe(true);
      clock += 24 * 3_600_000 + 1;
      expect(await canReply()).toBe(false);
    } finally {
      await h.close();
    }
  });
});
