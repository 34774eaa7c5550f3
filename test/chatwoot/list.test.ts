import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { INTEGRATION } from "../support/fake-bridge.js";
import {
  accountWithInstance,
  integrationRow,
  setBody,
  startHarness,
  type Harness,
} from "./harness.js";

type Owner = Awaited<ReturnType<typeof accountWithInstance>>;

describe("GET /api/chatwoot/list/:instance", () => {
  let h: Harness;
  let owner: Owner;
  let body: Record<string, unknown>;
  let integrationId: string;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    owner = await accountWithInstance(h.server);
    body = setBody({ chatwootBaseUrl: "https://cw.example.com//", reopenResolved: true });
    h.bridge.activationInboxId = 0;
    const reply = await h.server.request<{ bridge_integration_id: string }>(
      "POST",
      `/api/chatwoot/set/${owner.name}`,
      { token: owner.accountToken, body },
    );
    integrationId = reply.body.bridge_integration_id;
  });

  const list = (token = owner.accountToken, name = owner.name) =>
    h.server.request<Record<string, any>>("GET", `/api/chatwoot/list/${name}`, { token });

  it("answers the documented object, with the token and the four flags always present", async () => {
    const live = h.bridge.integrations.get(integrationId);
    if (live !== undefined) live.inboxId = 42;
    const reply = await list();
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      instance_name: owner.name,
      status: "active",
      bridge_integration_id: integrationId,
      chatwoot_base_url: "https://cw.example.com",
      chatwoot_account_id: 5,
      chatwoot_inbox_id: 42,
      chatwoot_inbox_name: "WhatsApp - Orion",
      last_error: "",
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      chatwoot_api_token: body.chatwootApiToken,
      sign_messages: false,
      ignore_groups: false,
      start_as_pending: false,
      reopen_resolved: true,
    });
    expect(reply.body).not.toHaveProperty("success");
  });

  it("works with the instance's own token", async () => {
    const reply = await list(owner.instanceToken);
    expect(reply.status).toBe(200);
  });

  it("overwrites status and last_error with the live values and keeps them", async () => {
    const live = h.bridge.integrations.get(integrationId);
    if (live === undefined) throw new Error("the fake lost the integration");
    live.status = "error";
    live.lastError = "Chatwoot answered 401";
    const reply = await list();
    expect(reply.body.status).toBe("error");
    expect(reply.body.last_error).toBe("Chatwoot answered 401");
    const row = await integrationRow(h.server, owner.id);
    expect(row?.status).toBe("error");
    expect(row?.last_error).toBe("Chatwoot answered 401");
  });

  it("writes the row only when the live values change it, back and forth", async () => {
    const live = h.bridge.integrations.get(integrationId);
    if (live === undefined) throw new Error("the fake lost the integration");
    live.inboxId = 0;
    const before = await integrationRow(h.server, owner.id);
    for (let i = 0; i < 3; i += 1) expect((await list()).body.status).toBe("active");
    // Live values equal to the row's: a list is a read, and the row is as it was.
    expect(await integrationRow(h.server, owner.id)).toEqual(before);
    live.status = "error";
    live.lastError = "Chatwoot answered 401";
    expect((await list()).body.status).toBe("error");
    expect((await integrationRow(h.server, owner.id))?.status).toBe("error");
    live.status = "active";
    live.lastError = "";
    expect((await list()).body.status).toBe("active");
    const after = await integrationRow(h.server, owner.id);
    expect(after?.status).toBe("active");
    expect(after?.last_error).toBe("");
  });

  it("backfills the inbox id when it was 0, and only then", async () => {
    expect((await integrationRow(h.server, owner.id))?.chatwoot_inbox_id).toBe(0);
    const live = h.bridge.integrations.get(integrationId);
    if (live === undefined) throw new Error("the fake lost the integration");
    live.inboxId = 77;
    expect((await list()).body.chatwoot_inbox_id).toBe(77);
    expect((await integrationRow(h.server, owner.id))?.chatwoot_inbox_id).toBe(77);
    live.inboxId = 78;
    expect((await list()).body.chatwoot_inbox_id).toBe(77);
    expect((await integrationRow(h.server, owner.id))?.chatwoot_inbox_id).toBe(77);
  });

  it("reports an integration the gateway does not know as an error", async () => {
    h.bridge.integrations.delete(integrationId);
    const reply = await list();
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe("error");
    expect(reply.body.last_error).toBe(
      "the integration gateway does not know this integration — call POST /api/chatwoot/set/:instance to activate it again",
    );
  });

  describe("falls back to the local data, still 200, when the gateway", () => {
    const fallbacks: [string, Parameters<Harness["bridge"]["answer"]>[2]][] = [
      ["fails", { status: 500, text: "boom" }],
      ["answers garbage", { status: 200, json: { hello: "world" } }],
      ["drops the connection", { drop: true }],
      ["hangs", { hang: true }],
    ];
    for (const [title, answer] of fallbacks) {
      it(title, async () => {
        h.bridge.answer("GET", INTEGRATION, answer);
        const reply = await list();
        expect(reply.status).toBe(200);
        expect(reply.body.status).toBe("active");
        expect(reply.body.chatwoot_api_token).toBe(body.chatwootApiToken);
        expect(
          h.server.log
            .lines()
            .some((line) => line.integrationId === integrationId && line.level === 40),
        ).toBe(true);
      });
    }

    it("refuses connections", async () => {
      await h.bridge.refuseConnections();
      try {
        const reply = await list();
        expect(reply.status).toBe(200);
        expect(reply.body.bridge_integration_id).toBe(integrationId);
      } finally {
        await h.bridge.acceptConnections();
      }
    });
  });

  it("answers 404 when the instance has no integration", async () => {
    const other = await accountWithInstance(h.server);
    const reply = await list(other.accountToken, other.name);
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({
      success: false,
      error: { message: "no chatwoot integration for this instance" },
    });
  });

  it("answers 404 instance not found for an unknown instance", async () => {
    const reply = await list(owner.accountToken, "nope");
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ success: false, error: { message: "instance not found" } });
  });

  it("isolates tokens: another account's token reaches only its own instances", async () => {
    const stranger = await h.server.createAccount();
    for (const [method, verb] of [
      ["GET", "list"],
      ["POST", "set"],
      ["DELETE", "delete"],
    ] as const) {
      const reply = await h.server.request(method, `/api/chatwoot/${verb}/${owner.name}`, {
        token: stranger.token,
        body: method === "POST" ? setBody() : undefined,
      });
      expect(reply.status).toBe(404);
      expect(reply.body).toEqual({ success: false, error: { message: "instance not found" } });
    }
    // With an instance of the same name, the stranger sees that one, which has no integration.
    await h.server.createInstance(stranger.token, { name: owner.name });
    const own = await list(stranger.token);
    expect(own.status).toBe(404);
    expect(own.body).toEqual({
      success: false,
      error: { message: "no chatwoot integration for this instance" },
    });
    expect((await integrationRow(h.server, owner.id))?.bridge_integration_id).toBe(integrationId);
  });

  it("isolates tokens: another instance's token is refused with 403", async () => {
    const sibling = await h.server.createInstance(owner.accountToken);
    for (const [method, verb] of [
      ["GET", "list"],
      ["POST", "set"],
      ["DELETE", "delete"],
    ] as const) {
      const reply = await h.server.request(method, `/api/chatwoot/${verb}/${owner.name}`, {
        token: sibling.token,
        body: method === "POST" ? setBody() : undefined,
      });
      expect(reply.status).toBe(403);
      expect(reply.body).toEqual({
        success: false,
        error: { message: "Instance token does not match this instance" },
      });
    }
    expect((await integrationRow(h.server, owner.id))?.bridge_integration_id).toBe(integrationId);
  });

  it("never writes the Chatwoot token to the log", async () => {
    await list();
    expect(h.server.log.requestsTo(`/api/chatwoot/list/${owner.name}`)).not.toHaveLength(0);
    expect(h.server.log.text()).not.toContain(String(body.chatwootApiToken));
  });
});
