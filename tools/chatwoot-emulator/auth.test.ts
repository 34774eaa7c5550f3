import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./test-support.js";
import { apiFor, request, seedConversation, startHarness } from "./test-support.js";

/** Every literal error body of NOTES.md §a, with its status. */
describe("authentication, roles and error bodies (NOTES §a)", () => {
  let h: Harness;
  let inboxId: number;
  let conversationId: number;

  beforeAll(async () => {
    h = await startHarness({ accounts: ["Acme", "Other"] });
    ({ inboxId, conversationId } = await seedConversation(h.admin));
  });
  afterAll(() => h.close());

  it("401 Invalid Access Token for an unknown token", async () => {
    const res = await apiFor(h.emulator, "nope")("GET", "inboxes");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: "Invalid Access Token" });
  });

  it("401 devise message when no token is sent (an empty header counts as none)", async () => {
    for (const res of [
      await h.anonymous("GET", "inboxes"),
      await h.anonymous("GET", "inboxes", undefined, { api_access_token: "" }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ errors: ["You need to sign in or sign up before continuing."] });
    }
  });

  it("accepts the token as api_access_token or api-access-token", async () => {
    const token = h.emulator.accounts[0]!.admin.token;
    const res = await request(`${h.emulator.url}/api/v1/accounts/1/inboxes`, {
      headers: { "api-access-token": token },
    });
    expect(res.status).toBe(200);
  });

  it("401 when the token's owner is not a member of the account", async () => {
    const other = h.emulator.accounts[1]!;
    const res = await apiFor(h.emulator, other.admin.token, 1)("GET", "inboxes");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: "You are not authorized to access this account" });
  });

  it("404 Resource could not be found for an unknown account", async () => {
    const res = await apiFor(
      h.emulator,
      h.emulator.accounts[0]!.admin.token,
      999,
    )("GET", "inboxes");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: "Resource could not be found" });
  });

  it("Pundit denials are 401, not 403: agents cannot create, update or delete inboxes", async () => {
    const denied = { error: "You are not authorized to do this action" };
    const create = await h.agent("POST", "inboxes", { name: "x", channel: { type: "api" } });
    expect([create.status, create.body]).toEqual([401, denied]);
    h.emulator.control.addInboxMember(inboxId, h.emulator.accounts[0]!.agent.id);
    const update = await h.agent("PATCH", `inboxes/${inboxId}`, { name: "y" });
    const destroy = await h.agent("DELETE", `inboxes/${inboxId}`);
    expect([update.status, update.body]).toEqual([401, denied]);
    expect([destroy.status, destroy.body]).toEqual([401, denied]);
  });

  it("an agent cannot open an inbox or a conversation outside its inboxes (401)", async () => {
    const { inboxId: hidden, conversationId: hiddenConversation } = await seedConversation(h.admin);
    const denied = { error: "You are not authorized to do this action" };
    const inbox = await h.agent("GET", `inboxes/${hidden}`);
    const conversation = await h.agent("GET", `conversations/${hiddenConversation}`);
    expect([inbox.status, inbox.body]).toEqual([401, denied]);
    expect([conversation.status, conversation.body]).toEqual([401, denied]);
    const list = await h.agent("GET", "inboxes");
    expect(list.body.payload.map((i: { id: number }) => i.id)).not.toContain(hidden);
  });

  it("bot tokens: 401 until attached to an inbox, then only whitelisted endpoints", async () => {
    const before = await h.bot("POST", `conversations/${conversationId}/messages`, {
      content: "hi",
    });
    expect([before.status, before.body]).toEqual([
      401,
      { error: "You are not authorized to access this account" },
    ]);
    h.emulator.control.setAgentBot(inboxId, h.emulator.accounts[0]!.bot.id);
    const allowed = await h.bot("POST", `conversations/${conversationId}/messages`, {
      content: "hi",
    });
    expect(allowed.status).toBe(200);
    expect(allowed.body.sender.type).toBe("agent_bot");
    for (const [method, path] of [
      ["GET", "inboxes"],
      ["GET", `conversations/${conversationId}/messages`],
      ["PATCH", `conversations/${conversationId}/messages/${allowed.body.id as number}`],
      ["GET", "contacts"],
    ] as const) {
      const res = await h.bot(method, path, method === "PATCH" ? { status: "read" } : undefined);
      expect([res.status, res.body]).toEqual([
        401,
        { error: "Access to this endpoint is not authorized for bots" },
      ]);
    }
    h.emulator.control.setAgentBot(inboxId, null);
  });

  it("404 for any missing record", async () => {
    for (const path of [
      "contacts/999999",
      `conversations/999999`,
      "inboxes/999999",
      `conversations/${conversationId}/messages/999999`,
    ]) {
      const res = await h.admin(path.endsWith("messages/999999") ? "DELETE" : "GET", path);
      expect([res.status, res.body]).toEqual([404, { error: "Resource could not be found" }]);
    }
  });

  it("422 {message, attributes} for a model validation failure", async () => {
    const res = await h.admin("POST", "contacts", { name: "Bob", phone_number: "5511999990000" });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      message: "Phone number should be in e164 format",
      attributes: ["phone_number"],
    });
  });

  it("422 param is missing for params.require", async () => {
    const res = await h.admin("POST", "webhooks", {});
    expect([res.status, res.body]).toEqual([
      422,
      { error: "param is missing or the value is empty: webhook" },
    ]);
  });

  it("422 {error} when message creation fails", async () => {
    const widget = await h.admin("POST", "inboxes", {
      name: "Site",
      channel: { type: "web_widget", website_url: "https://a.test" },
    });
    const contact = await h.admin("POST", "contacts", { name: "W", inbox_id: widget.body.id });
    const conversation = await h.admin("POST", "conversations", {
      inbox_id: widget.body.id,
      contact_id: contact.body.payload.contact.id,
    });
    const res = await h.admin("POST", `conversations/${conversation.body.id as number}/messages`, {
      content: "x",
      message_type: "incoming",
    });
    expect([res.status, res.body]).toEqual([
      422,
      { error: "Incoming messages are only allowed in Api inboxes" },
    ]);
  });

  it("422 source_id should be unique when another contact holds the source_id", async () => {
    const { sourceId, inboxId: inbox } = await seedConversation(h.admin);
    const other = await h.admin("POST", "contacts", { name: "Eve" });
    const res = await h.admin("POST", "conversations", {
      inbox_id: inbox,
      contact_id: other.body.payload.contact.id,
      source_id: sourceId,
    });
    expect([res.status, res.body]).toEqual([422, { error: "source_id should be unique" }]);
  });

  it("422 when contact search has no q", async () => {
    const res = await h.admin("GET", "contacts/search");
    expect([res.status, res.body]).toEqual([
      422,
      { error: "Specify search string with parameter q" },
    ]);
  });

  it("403 for a message status update outside an API inbox", async () => {
    const widget = await h.admin("POST", "inboxes", {
      name: "Site2",
      channel: { type: "web_widget" },
    });
    const contact = await h.admin("POST", "contacts", { name: "W2", inbox_id: widget.body.id });
    const conversation = await h.admin("POST", "conversations", {
      inbox_id: widget.body.id,
      contact_id: contact.body.payload.contact.id,
    });
    const msg = await h.admin("POST", `conversations/${conversation.body.id as number}/messages`, {
      content: "x",
    });
    const res = await h.admin(
      "PATCH",
      `conversations/${conversation.body.id as number}/messages/${msg.body.id as number}`,
      { status: "read" },
    );
    expect([res.status, res.body]).toEqual([
      403,
      { error: "Message status update is only allowed for API inboxes" },
    ]);
  });

  it("429 with Rack::Attack's plain-text body when throttled", async () => {
    h.emulator.control.setRateLimit({ enabled: true, perIpPerMinute: 2 });
    try {
      await h.admin("GET", "inboxes");
      await h.admin("GET", "inboxes");
      const res = await h.admin("GET", "inboxes");
      expect(res.status).toBe(429);
      expect(res.text).toBe("Retry later\n");
      expect(res.headers.get("content-type")).toContain("text/plain");
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      h.emulator.control.setRateLimit({ enabled: false });
    }
  });

  it("GET /api/v1/profile answers for users and refuses bots", async () => {
    const res = await h.admin("GET", "/api/v1/profile");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: h.emulator.accounts[0]!.admin.id,
      accounts: [{ id: 1, role: "administrator" }],
    });
    const bot = await h.bot("GET", "/api/v1/profile");
    expect([bot.status, bot.body]).toEqual([
      401,
      { error: "Access to this endpoint is not authorized for bots" },
    ]);
  });
});
