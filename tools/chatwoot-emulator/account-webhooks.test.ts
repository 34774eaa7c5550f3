import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness, Receiver } from "./test-support.js";
import { expectSignedWith, seedConversation, startHarness, startReceiver } from "./test-support.js";

describe("account webhooks", () => {
  let h: Harness;
  let rx: Receiver;
  beforeAll(async () => {
    h = await startHarness();
    rx = await startReceiver();
  });
  afterAll(async () => {
    await h.close();
    await rx.close();
  });

  it("CRUD with Chatwoot's shapes and validations", async () => {
    const created = await h.admin("POST", "webhooks", {
      url: "https://hooks.test/a",
      subscriptions: ["message_created"],
    });
    expect(created.status).toBe(200);
    const hook = created.body.payload.webhook;
    expect(hook).toMatchObject({
      url: "https://hooks.test/a",
      subscriptions: ["message_created"],
      account_id: 1,
      name: null,
    });
    expect(hook.secret).toMatch(/^[1-9A-HJ-NP-Za-km-z]{24}$/);
    const dup = await h.admin("POST", "webhooks", { webhook: { url: "https://hooks.test/a" } });
    expect(dup.body).toEqual({ message: "Url has already been taken", attributes: ["url"] });
    const bad = await h.admin("POST", "webhooks", { url: "ftp://x", subscriptions: ["nope"] });
    expect(bad.body).toEqual({
      message: "Url is invalid, Subscriptions Invalid events",
      attributes: ["url", "subscriptions"],
    });
    const empty = await h.admin("POST", "webhooks", {
      url: "https://hooks.test/b",
      subscriptions: [],
    });
    expect(empty.body.attributes).toEqual(["subscriptions"]);
    const updated = await h.admin("PATCH", `webhooks/${hook.id as number}`, {
      subscriptions: ["contact_created"],
    });
    expect(updated.body.payload.webhook.subscriptions).toEqual(["contact_created"]);
    const list = await h.admin("GET", "webhooks");
    expect(list.body.payload.webhooks.map((w: { id: number }) => w.id)).toEqual([hook.id]);
    expect((await h.agent("GET", "webhooks")).status).toBe(401);
    const gone = await h.admin("DELETE", `webhooks/${hook.id as number}`);
    expect([gone.status, gone.text]).toEqual([200, ""]);
    expect((await h.admin("DELETE", `webhooks/${hook.id as number}`)).status).toBe(404);
  });

  it("delivers subscribed events (contacts only here), signed with the webhook's secret; both targets → twice", async () => {
    const hook = (
      await h.admin("POST", "webhooks", {
        url: rx.url,
        subscriptions: ["contact_created", "contact_updated", "message_created"],
      })
    ).body.payload.webhook;
    const inbox = (
      await h.admin("POST", "inboxes", {
        name: "Both",
        channel: { type: "api", webhook_url: rx.url },
      })
    ).body;
    const contact = await h.admin("POST", "contacts", { name: "Zed", email: "zed@x.test" });
    await h.admin("PUT", `contacts/${contact.body.payload.contact.id as number}`, {
      name: "Zed 2",
    });
    const { conversationId } = await seedConversation(h.admin, { inboxId: inbox.id });
    await h.admin("POST", `conversations/${conversationId}/messages`, { content: "twice" });
    await h.emulator.control.waitForDeliveries();
    const contactCreated = rx.received.filter((r) => r.body.event === "contact_created");
    expect(contactCreated[0]!.body).toMatchObject({
      name: "Zed",
      email: "zed@x.test",
      account: { id: 1 },
    });
    expectSignedWith(contactCreated[0]!, hook.secret);
    const updated = rx.received.find(
      (r) => r.body.event === "contact_updated" && r.body.name === "Zed 2",
    )!;
    expect(updated.body.changed_attributes[0]).toEqual({
      name: { previous_value: "Zed", current_value: "Zed 2" },
    });
    const twice = rx.received.filter(
      (r) => r.body.event === "message_created" && r.body.content === "twice",
    );
    expect(twice).toHaveLength(2);
    expect(
      rx.received.some(
        (r) =>
          r.body.event === "conversation_created" &&
          r.headers["x-chatwoot-signature"] === undefined,
      ),
    ).toBe(false);
    expect(
      h.emulator.control
        .deliveries({ target: "api_inbox" })
        .every((d) => !d.event.startsWith("contact_")),
    ).toBe(true);
  });

  it("a failed account-webhook delivery does not mark the message failed", async () => {
    const inbox = (await h.admin("POST", "inboxes", { name: "NoUrl", channel: { type: "api" } }))
      .body;
    await h.admin("POST", "webhooks", {
      url: "http://127.0.0.1:9/refused",
      subscriptions: ["message_created"],
    });
    const { conversationId } = await seedConversation(h.admin, { inboxId: inbox.id });
    const msg = await h.admin("POST", `conversations/${conversationId}/messages`, { content: "x" });
    await h.emulator.control.waitForDeliveries();
    const failed = h.emulator.control
      .deliveries({ state: "failed" })
      .find((d) => d.payload.id === msg.body.id)!;
    expect(failed.error).toMatch(
      /^Failed to open TCP connection to 127\.0\.0\.1:9 \(Connection refused/,
    );
    expect(
      h.emulator.control.messages({ conversationId }).find((m) => m.id === msg.body.id)!.status,
    ).toBe("sent");
  });

  it("sends contact_updated for a contact's incoming message, and inbox events", async () => {
    rx.received.length = 0;
    await h.admin("POST", "webhooks", {
      url: `${rx.url}?events`,
      subscriptions: ["contact_updated", "inbox_created", "inbox_updated"],
    });
    const inbox = (await h.admin("POST", "inboxes", { name: "Evented", channel: { type: "api" } }))
      .body;
    await h.admin("PATCH", `inboxes/${inbox.id as number}`, { name: "Evented 2" });
    const { conversationId } = await seedConversation(h.admin, { inboxId: inbox.id });
    await h.admin("POST", `conversations/${conversationId}/messages`, {
      content: "hi",
      message_type: "incoming",
    });
    await h.emulator.control.waitForDeliveries();
    const created = rx.received.find((r) => r.body.event === "inbox_created")!;
    expect(created.body).toMatchObject({
      id: inbox.id,
      name: "Evented",
      channel_type: "Channel::Api",
    });
    expect(created.body).not.toHaveProperty("hmac_token");
    const renamed = rx.received.find((r) => r.body.event === "inbox_updated")!;
    expect(renamed.body.changed_attributes[0]).toEqual({
      name: { previous_value: "Evented", current_value: "Evented 2" },
    });
    const activity = rx.received.find(
      (r) =>
        r.body.event === "contact_updated" &&
        Object.keys(r.body.changed_attributes[0])[0] === "last_activity_at",
    )!;
    expect(activity.body.changed_attributes[0].last_activity_at.previous_value).toBeNull();
  });
});
