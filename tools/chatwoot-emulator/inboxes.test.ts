import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./test-support.js";
import { startHarness } from "./test-support.js";

describe("inboxes (NOTES §b)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ limits: { inboxDeletionDelayMs: 30 } });
  });
  afterAll(() => h.close());

  const create = (body: unknown) => h.admin("POST", "inboxes", body);

  it("creates an API inbox with generated identifier, hmac_token and webhook secret", async () => {
    const res = await create({
      name: "WhatsApp +55",
      channel: {
        type: "api",
        webhook_url: "https://bridge.test/hook",
        additional_attributes: { agent_reply_time_window: 24 },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: "WhatsApp +55",
      channel_type: "Channel::Api",
      webhook_url: "https://bridge.test/hook",
      additional_attributes: { agent_reply_time_window: 24 },
      hmac_mandatory: false,
      provider: null,
      widget_color: null,
      website_url: null,
    });
    for (const key of ["inbox_identifier", "hmac_token", "secret"]) {
      expect(res.body[key]).toMatch(/^[1-9A-HJ-NP-Za-km-z]{24}$/);
    }
    expect(res.body.secret).not.toBe(res.body.hmac_token);
  });

  it("hides hmac_token and secret from agents", async () => {
    const inbox = await create({ name: "Shared", channel: { type: "api" } });
    h.emulator.control.addInboxMember(inbox.body.id, h.emulator.accounts[0]!.agent.id);
    const seen = await h.agent("GET", `inboxes/${inbox.body.id as number}`);
    expect(seen.status).toBe(200);
    expect(seen.body).not.toHaveProperty("hmac_token");
    expect(seen.body).not.toHaveProperty("secret");
    expect(seen.body.inbox_identifier).toBe(inbox.body.inbox_identifier);
  });

  it("lists every inbox for admins and member inboxes for agents", async () => {
    const hidden = await create({ name: "Hidden", channel: { type: "api" } });
    const admin = await h.admin("GET", "inboxes");
    const agent = await h.agent("GET", "inboxes");
    const ids = (res: typeof admin) => res.body.payload.map((i: { id: number }) => i.id);
    expect(ids(admin)).toContain(hidden.body.id);
    expect(ids(agent)).not.toContain(hidden.body.id);
  });

  it("shows an inbox, 404 for another account's", async () => {
    const inbox = await create({ name: "Show", channel: { type: "api" } });
    expect((await h.admin("GET", `inboxes/${inbox.body.id as number}`)).body.name).toBe("Show");
    expect((await h.admin("GET", `inboxes/${inbox.body.id as number}/`)).status).toBe(200);
    const other = h.emulator.control.createAccount("Elsewhere");
    const foreign = h.emulator.control.createInbox({ accountId: other.id, name: "Foreign" });
    expect((await h.admin("GET", `inboxes/${foreign.id as number}`)).status).toBe(404);
  });

  it("updates the webhook URL and inbox settings", async () => {
    const inbox = await create({
      name: "Upd",
      channel: { type: "api", webhook_url: "https://a.test/1" },
    });
    const res = await h.admin("PATCH", `inboxes/${inbox.body.id as number}`, {
      name: "Updated",
      lock_to_single_conversation: true,
      channel: { webhook_url: "https://a.test/2", hmac_mandatory: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: "Updated",
      webhook_url: "https://a.test/2",
      hmac_mandatory: true,
      lock_to_single_conversation: true,
    });
  });

  it("422 for invalid inboxes, 500 (Chatwoot crashes) without a channel", async () => {
    const window = await create({
      name: "W",
      channel: { type: "api", additional_attributes: { agent_reply_time_window: 0 } },
    });
    expect(window.status).toBe(422);
    expect(window.body).toEqual({
      message: "Agent reply time window agent_reply_time_window must be greater than 0",
      attributes: ["agent_reply_time_window"],
    });
    const blank = await create({ name: "", channel: { type: "api" } });
    expect(blank.body).toEqual({ message: "Name can't be blank", attributes: ["name"] });
    const unknown = await create({ name: "X", channel: { type: "carrier_pigeon" } });
    expect([unknown.status, unknown.body]).toEqual([
      422,
      { message: "Channel must exist", attributes: ["channel"] },
    ]);
    const missing = await create({ name: "X" });
    expect([missing.status, missing.body]).toEqual([
      500,
      { status: 500, error: "Internal Server Error" },
    ]);
  });

  it("deletes asynchronously: 200 with a message, gone shortly after", async () => {
    const inbox = await create({ name: "Doomed", channel: { type: "api" } });
    const id = inbox.body.id as number;
    const res = await h.admin("DELETE", `inboxes/${id}`);
    expect([res.status, res.body]).toEqual([
      200,
      { message: "Your inbox deletion request will be processed in some time." },
    ]);
    expect((await h.admin("GET", `inboxes/${id}`)).status).toBe(200);
    await expect.poll(async () => (await h.admin("GET", `inboxes/${id}`)).status).toBe(404);
  });

  it("resets the webhook secret (API inboxes only)", async () => {
    const inbox = await create({ name: "Sec", channel: { type: "api" } });
    const res = await h.admin("POST", `inboxes/${inbox.body.id as number}/reset_secret`);
    expect(res.status).toBe(200);
    expect(res.body.secret).not.toBe(inbox.body.secret);
    const widget = await create({ name: "Site", channel: { type: "web_widget" } });
    expect((await h.admin("POST", `inboxes/${widget.body.id as number}/reset_secret`)).status).toBe(
      404,
    );
  });

  it("attaches an agent bot and manages inbox members", async () => {
    const inbox = await create({ name: "Bot", channel: { type: "api" } });
    const id = inbox.body.id as number;
    const bot = await h.admin("POST", `inboxes/${id}/set_agent_bot`, {
      agent_bot: h.emulator.accounts[0]!.bot.id,
    });
    expect([bot.status, bot.text]).toEqual([200, ""]);
    expect((await h.bot("POST", "conversations", { inbox_id: id, source_id: "none" })).status).toBe(
      404,
    );
    const agentId = h.emulator.accounts[0]!.agent.id;
    const added = await h.admin("POST", "inbox_members", { inbox_id: id, user_ids: [agentId] });
    expect(added.body.payload.map((a: { id: number }) => a.id)).toEqual([agentId]);
    const listed = await h.admin("GET", `inbox_members/${id}`);
    expect(listed.body.payload[0]).toMatchObject({ id: agentId, role: "agent" });
  });
});
