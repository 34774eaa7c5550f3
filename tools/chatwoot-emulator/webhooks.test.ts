import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Harness, Receiver } from "./test-support.js";
import { expectSignedWith, seedConversation, startHarness, startReceiver } from "./test-support.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("webhooks Chatwoot sends (NOTES §f)", () => {
  let h: Harness;
  let rx: Receiver;
  let inbox: { id: number; secret: string; hmac_token: string };
  let conversationId: number;

  beforeAll(async () => {
    h = await startHarness({ limits: { webhookTimeoutMs: 300 } });
    rx = await startReceiver();
    inbox = (
      await h.admin("POST", "inboxes", {
        name: "WA",
        channel: { type: "api", webhook_url: rx.url },
      })
    ).body;
    ({ conversationId } = await seedConversation(h.admin, { inboxId: inbox.id }));
  });
  afterAll(async () => {
    await h.close();
    await rx.close();
  });
  afterEach(async () => {
    await h.emulator.control.waitForDeliveries();
    rx.received.length = 0;
    rx.respond(() => ({ status: 200 }));
  });

  const settle = () => h.emulator.control.waitForDeliveries();
  const post = (body: unknown) => h.admin("POST", `conversations/${conversationId}/messages`, body);

  it("sends message_created for API-created messages with the webhook payload shape", async () => {
    const msg = await post({ content: "Hi!", source_id: "ours-1" });
    await settle();
    const hook = rx.received.find(
      (r) => r.body.event === "message_created" && r.body.id === msg.body.id,
    )!;
    expect(Object.keys(hook.body).sort()).toEqual(
      [
        "account",
        "additional_attributes",
        "content",
        "content_attributes",
        "content_type",
        "conversation",
        "created_at",
        "event",
        "id",
        "inbox",
        "message_type",
        "private",
        "sender",
        "source_id",
      ].sort(),
    );
    expect(hook.body).toMatchObject({
      message_type: "outgoing",
      private: false,
      source_id: "ours-1",
      content_type: "text",
      inbox: { id: inbox.id, name: "WA" },
      account: { id: 1, name: "Acme" },
      sender: {
        id: h.emulator.accounts[0]!.admin.id,
        name: "Maria",
        email: "maria@account1.test",
        type: "user",
      },
    });
    expect(hook.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const conv = hook.body.conversation;
    expect(conv).toMatchObject({
      id: conversationId,
      inbox_id: inbox.id,
      channel: "Channel::Api",
      status: "open",
      meta: { sender: { type: "contact" }, team: null },
    });
    expect(conv.messages[0]).toMatchObject({
      id: msg.body.id,
      message_type: 1,
      conversation_id: conversationId,
    });
    expect(conv.contact_inbox).toMatchObject({ inbox_id: inbox.id, hmac_verified: false });
    expect(typeof conv.updated_at).toBe("number");
    expect(hook.body).not.toHaveProperty("attachments");
  });

  it("includes incoming messages and private notes (private: true), never activity messages", async () => {
    await post({ content: "customer", message_type: "incoming" });
    await post({ content: "note", private: true });
    await h.admin("POST", `conversations/${conversationId}/toggle_status`, { status: "resolved" });
    await h.admin("POST", `conversations/${conversationId}/toggle_status`, { status: "open" });
    await settle();
    const created = rx.received.filter((r) => r.body.event === "message_created");
    expect(created.map((r) => [r.body.content, r.body.message_type, r.body.private])).toEqual([
      ["customer", "incoming", false],
      ["note", "outgoing", true],
    ]);
    expect(created[0]!.body.sender).toMatchObject({
      account: { id: 1 },
      phone_number: expect.stringMatching(/^\+/),
    });
    expect(created[1]!.body.conversation.messages[0].content).toBe("customer");
  });

  it("signs with the inbox `secret` (not hmac_token) and sends a fresh X-Chatwoot-Delivery", async () => {
    await post({ content: "signed" });
    await settle();
    const hook = rx.received[0]!;
    expectSignedWith(hook, inbox.secret);
    expect(hook.headers["x-chatwoot-signature"]).not.toBe(
      `sha256=${createHmac("sha256", inbox.hmac_token)
        .update(`${String(hook.headers["x-chatwoot-timestamp"])}.${hook.raw}`)
        .digest("hex")}`,
    );
    expect(hook.headers["content-type"]).toBe("application/json");
    expect(hook.headers["x-chatwoot-delivery"]).toMatch(UUID);
    expect(new Set(rx.received.map((r) => r.headers["x-chatwoot-delivery"])).size).toBe(
      rx.received.length,
    );
  });

  it("sends no signature headers when signing is off (older Chatwoot), but still the delivery id", async () => {
    h.emulator.control.setWebhookSigning(false);
    try {
      await post({ content: "unsigned" });
      await settle();
      const hook = rx.received[0]!;
      expect(hook.headers).not.toHaveProperty("x-chatwoot-signature");
      expect(hook.headers).not.toHaveProperty("x-chatwoot-timestamp");
      expect(hook.headers["x-chatwoot-delivery"]).toMatch(UUID);
      expect((await h.admin("GET", `inboxes/${inbox.id}`)).body).not.toHaveProperty("secret");
    } finally {
      h.emulator.control.setWebhookSigning(true);
    }
  });

  it("fires conversation_status_changed then conversation_updated with changed_attributes", async () => {
    await h.admin("POST", `conversations/${conversationId}/toggle_status`, { status: "resolved" });
    await settle();
    expect(rx.events()).toEqual(["conversation_status_changed", "conversation_updated"]);
    for (const hook of rx.received) {
      expect(hook.body.status).toBe("resolved");
      expect(hook.body.changed_attributes[0]).toEqual({
        status: { previous_value: "open", current_value: "resolved" },
      });
      expect(Object.keys(hook.body.changed_attributes[1])).toEqual(["updated_at"]);
    }
    await h.admin("POST", `conversations/${conversationId}/toggle_status`, { status: "open" });
  });

  it("fires conversation_created", async () => {
    const seeded = await seedConversation(h.admin, { inboxId: inbox.id });
    await settle();
    const hook = rx.received.find((r) => r.body.event === "conversation_created")!;
    expect(hook.body).toMatchObject({ id: seeded.conversationId, messages: [], status: "open" });
    expect(hook.body).not.toHaveProperty("changed_attributes");
  });

  it("a failed delivery marks the message failed with external_error, which fires message_updated (no retry)", async () => {
    rx.respond((hook) => ({ status: hook.body.event === "message_created" ? 500 : 200 }));
    const msg = await post({ content: "will fail" });
    await settle();
    const messageEvents = rx.received.filter((r) => r.body.id === msg.body.id);
    expect(messageEvents.map((r) => r.body.event)).toEqual(["message_created", "message_updated"]);
    expect(messageEvents[1]!.body.content_attributes).toEqual({
      external_error: "500 Internal Server Error",
    });
    const stored = h.emulator.control
      .messages({ conversationId })
      .find((m) => m.id === msg.body.id)!;
    expect(stored).toMatchObject({
      status: "failed",
      content_attributes: { external_error: "500 Internal Server Error" },
    });
    const deliveries = h.emulator.control
      .deliveries({ event: "message_created" })
      .filter((d) => d.payload.id === msg.body.id);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      state: "failed",
      responseStatus: 500,
      error: "500 Internal Server Error",
    });
  });

  it("times out after WEBHOOK_TIMEOUT and records the timeout as the message's error", async () => {
    rx.respond((hook) => ({
      status: 200,
      delayMs: hook.body.event === "message_created" ? 1000 : 0,
    }));
    const msg = await post({ content: "slow receiver" });
    await settle();
    const stored = h.emulator.control
      .messages({ conversationId })
      .find((m) => m.id === msg.body.id)!;
    expect(stored).toMatchObject({
      status: "failed",
      content_attributes: { external_error: "Timed out reading data from server" },
    });
  });

  it("a message_updated that fails with the same error stops the loop", async () => {
    rx.respond(() => ({ status: 503 }));
    const msg = await post({ content: "always failing" });
    await settle();
    const events = rx.received.filter((r) => r.body.id === msg.body.id).map((r) => r.body.event);
    expect(events).toEqual(["message_created", "message_updated"]);
  });

  it("sends message_updated for status PATCHes and deletes", async () => {
    const msg = await post({ content: "status" });
    await h.admin("PATCH", `conversations/${conversationId}/messages/${msg.body.id as number}`, {
      status: "delivered",
    });
    await h.admin("DELETE", `conversations/${conversationId}/messages/${msg.body.id as number}`);
    await settle();
    const updates = rx.received.filter(
      (r) => r.body.event === "message_updated" && r.body.id === msg.body.id,
    );
    expect(updates.map((u) => u.body.content)).toEqual(["status", "This message was deleted"]);
    expect(updates[1]!.body.content_attributes).toEqual({ deleted: true });
  });

  it("includes attachments in message payloads only when present", async () => {
    const form = new FormData();
    form.append("content", "pic");
    form.append("attachments[]", new Blob(["img"], { type: "image/jpeg" }), "p.jpg");
    await post(form);
    await settle();
    const hook = rx.received.find((r) => r.body.event === "message_created")!;
    expect(hook.body.attachments[0]).toMatchObject({
      file_type: "image",
      extension: "jpg",
      file_size: 3,
      data_url: expect.stringContaining("/rails/active_storage/"),
    });
  });
});
