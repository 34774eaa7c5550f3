import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { connectedInstance, type Body } from "./support/helpers.js";

describe("webhook configuration (spec 5.2)", () => {
  let server: TestServer;
  let inst: { name: string; token: string; id: string; accountToken: string };
  const post = (body: unknown) =>
    server.request<Body>("POST", `/api/events/webhook/${inst.name}`, { token: inst.token, body });
  const get = (query = "") =>
    server.request<Body>("GET", `/api/events/getWebhook/${inst.name}${query}`, {
      token: inst.token,
    });

  beforeAll(async () => {
    server = await startTestServer();
    inst = await connectedInstance(server);
  });
  afterAll(async () => {
    await server.close();
  });

  it("creates the default webhook, keeping the events order and dropping repeats", async () => {
    const reply = await post({
      url: "https://app.example/wh",
      events: ["message.status", "message.exchange", "message.status"],
      unknownField: "ignored",
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      success: true,
      message: "Webhook configured successfully",
      webhook: {
        label: "default",
        enabled: true,
        url: "https://app.example/wh",
        authorization: "",
        byEvents: false,
        events: ["message.status", "message.exchange"],
        mediaBase64: false,
      },
    });
  });

  it("stores the authorization encrypted and echoes it in plaintext to its owner", async () => {
    const reply = await post({
      label: "crm",
      url: "https://crm.example/in",
      authorization: "Bearer s3cret-value",
    });
    expect(reply.body.webhook.authorization).toBe("Bearer s3cret-value");
    const row = await server.runtime.database.db
      .selectFrom("webhook_configs")
      .select("authorization_sealed")
      .where("instance_id", "=", inst.id)
      .where("label", "=", "crm")
      .executeTakeFirstOrThrow();
    expect(row.authorization_sealed).not.toContain("s3cret");
    const read = await get("?label=crm");
    expect(read.body).toEqual({
      success: true,
      message: "Webhook retrieved successfully",
      webhook: reply.body.webhook,
    });
  });

  it("lists every webhook alphabetically by label, whatever its case, through both spellings", async () => {
    // A disabled one counts for nothing but is listed.
    await server.request("POST", `/api/events/webhook/${inst.name}`, {
      token: inst.token,
      body: { label: "Billing", enabled: false },
    });
    const list = await get();
    expect(list.status).toBe(200);
    expect(list.body.message).toBe("Webhooks retrieved successfully");
    expect(list.body.webhooks.map((w: Body) => w.label)).toEqual(["Billing", "crm", "default"]);
    const alias = await server.request<Body>("GET", `/api/events/webhook/${inst.name}`, {
      token: inst.token,
    });
    expect(alias.body).toEqual(list.body);
    const empty = await get("?label=");
    expect(empty.body.webhook.label).toBe("default");
  });

  it("answers 404 for an unknown label", async () => {
    const reply = await get("?label=nope");
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ success: false, error: { message: "Webhook not found" } });
  });

  it("allows at most 3 enabled webhooks; disabled ones do not count", async () => {
    expect((await post({ label: "third", url: "https://third.example/" })).status).toBe(200);
    const fourth = await post({ label: "fourth", url: "https://fourth.example/" });
    expect(fourth.status).toBe(409);
    expect(fourth.body).toEqual({
      success: false,
      error: { message: "Maximum of 3 enabled webhooks per instance reached" },
    });
    const disabled = await post({ label: "third", enabled: false });
    expect(disabled.body).toEqual({
      success: true,
      message: "Webhook disabled successfully",
      webhook: {
        label: "third",
        enabled: false,
        url: "",
        authorization: "",
        byEvents: false,
        events: [],
        mediaBase64: false,
      },
    });
    expect((await post({ label: "fourth", url: "https://fourth.example/" })).status).toBe(200);
    const list = await get();
    expect(list.body.webhooks.map((w: Body) => [w.label, w.enabled])).toEqual([
      ["Billing", false],
      ["crm", true],
      ["default", true],
      ["fourth", true],
      ["third", false],
    ]);
  });

  it("refuses a second enabled webhook with the same URL (409)", async () => {
    const reply = await post({ label: "copy", url: "https://crm.example/in" });
    expect(reply.status).toBe(409);
    expect(reply.body.error.message).toBe(
      "A webhook with this URL already exists for this instance",
    );
  });

  it.each([
    [{ label: "x" }, "url is required when the webhook is enabled"],
    [{ label: "x", url: "ftp://files.example" }, "url must be an http:// or https:// URL"],
  ])("400 for %j", async (body, message) => {
    const reply = await post(body);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ success: false, error: { message } });
  });

  it("400 for an unknown event type", async () => {
    const reply = await post({
      url: "https://app.example/wh",
      events: ["message.exchange", "nope"],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/^Invalid request body/);
  });

  it("configures the default webhook inline at creation and shows it in the list", async () => {
    const created = await server.request<Body>("POST", "/api/instance/new", {
      token: inst.accountToken,
      body: {
        name: "inline-hooks",
        provider: "sandbox",
        webhookEnabled: true,
        webhookURL: "https://inline.example/wh",
        webhookAuthorization: "Bearer inline",
        webhookByEvents: true,
        webhookEvents: ["message.exchange"],
        webhookMediaBase64: true,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.webhook).toEqual({
      label: "default",
      enabled: true,
      url: "https://inline.example/wh",
      authorization: "Bearer inline",
      byEvents: true,
      events: ["message.exchange"],
      mediaBase64: true,
    });
    const list = await server.request<Body>("GET", "/api/instance/list?instanceName=inline-hooks", {
      token: inst.accountToken,
    });
    expect(list.body.instances[0].webhook).toEqual({
      label: "default",
      enabled: true,
      url: "https://inline.example/wh",
      byEvents: true,
      events: ["message.exchange"],
      mediaBase64: true,
    });
  });

  it("reports a failed inline block without failing creation", async () => {
    const created = await server.request<Body>("POST", "/api/instance/new", {
      token: inst.accountToken,
      body: { name: "inline-bad", provider: "sandbox", webhookEnabled: true },
    });
    expect(created.status).toBe(201);
    expect(created.body.webhook).toEqual({
      enabled: false,
      error: "url is required when the webhook is enabled",
    });
  });
});
