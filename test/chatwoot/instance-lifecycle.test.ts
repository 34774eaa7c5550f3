import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIVATE, INTEGRATION } from "../support/fake-bridge.js";
import { chatwootToken, integrationRow, startHarness, type Harness } from "./harness.js";

const inline = (name: string, overrides: Record<string, unknown> = {}) => ({
  name,
  provider: "sandbox",
  chatwootEnabled: true,
  chatwootBaseUrl: "https://chatwoot.example.com/",
  chatwootAccountId: 5,
  chatwootApiToken: chatwootToken(),
  chatwootInboxName: "WhatsApp - Orion",
  chatwootStartAsPending: true,
  ...overrides,
});

describe("the Chatwoot module in the instance lifecycle", () => {
  let h: Harness;
  let accountToken: string;

  beforeAll(async () => {
    h = await startHarness();
    accountToken = (await h.server.createAccount("Acme", 50)).token;
  });
  afterAll(async () => {
    await h.close();
  });

  const create = (body: Record<string, unknown>) =>
    h.server.request<Record<string, any>>("POST", "/api/instance/new", {
      token: accountToken,
      body,
    });
  const instanceList = (name: string) =>
    h.server.request<Record<string, any>>("GET", `/api/instance/list?instanceName=${name}`, {
      token: accountToken,
    });

  // A failed inline block has the keys of a successful one (issue 14, item 13).
  const NO_IDS = { bridge_integration_id: null, inboxId: null, inboxName: null };

  describe("inline activation at POST /api/instance/new", () => {
    it("activates and reports the ids", async () => {
      h.bridge.activationInboxId = 31;
      const body = inline("inline-ok");
      const reply = await create(body);
      h.bridge.activationInboxId = 0;
      expect(reply.status).toBe(201);
      expect(reply.body.chatwoot).toEqual({
        enabled: true,
        status: "active",
        bridge_integration_id: expect.stringMatching(/^int_/),
        inboxId: 31,
        inboxName: "WhatsApp - Orion",
        error: null,
      });
      const [call] = h.bridge.callsTo("POST", ACTIVATE).slice(-1);
      expect(call?.body).toMatchObject({
        instanceId: reply.body.instance.id,
        instanceName: "inline-ok",
        chatwootBaseUrl: "https://chatwoot.example.com",
        inboxName: "WhatsApp - Orion",
        startAsPending: true,
        signMessages: false,
      });
      const row = await integrationRow(h.server, reply.body.instance.id);
      expect(row?.bridge_integration_id).toBe(reply.body.chatwoot.bridge_integration_id);
      expect(row?.chatwoot_api_token_sealed).not.toContain(body.chatwootApiToken);
    });

    it("creates the instance when the gateway reports a Chatwoot failure, with set's message", async () => {
      h.bridge.answer("POST", ACTIVATE, {
        status: 422,
        json: { kind: "unauthorized", detail: "Invalid Access Token" },
      });
      const reply = await create(inline("inline-unauthorized"));
      expect(reply.status).toBe(201);
      expect(reply.body.instance.name).toBe("inline-unauthorized");
      expect(reply.body.chatwoot).toEqual({
        enabled: false,
        status: "error",
        ...NO_IDS,
        error:
          "Chatwoot rejected the API token — verify chatwootApiToken. Detail: Invalid Access Token",
      });
      expect(await integrationRow(h.server, reply.body.instance.id)).toBeUndefined();
      // The caller can fix the credentials without recreating the instance.
      const set = await h.server.request("POST", "/api/chatwoot/set/inline-unauthorized", {
        token: accountToken,
        body: {
          chatwootBaseUrl: "https://chatwoot.example.com",
          chatwootAccountId: 5,
          chatwootApiToken: "fixed",
          inboxName: "WhatsApp",
        },
      });
      expect(set.status).toBe(201);
    });

    it("creates the instance when the gateway is unreachable", async () => {
      await h.bridge.refuseConnections();
      let reply;
      try {
        reply = await create(inline("inline-unreachable"));
      } finally {
        await h.bridge.acceptConnections();
      }
      expect(reply.status).toBe(201);
      expect(reply.body.chatwoot).toEqual({
        enabled: false,
        status: "error",
        ...NO_IDS,
        error: "integration gateway is unreachable — try again later. Detail: ECONNREFUSED",
      });
    });

    it("reports invalid chatwoot fields by their creation names", async () => {
      const calls = h.bridge.calls.length;
      const reply = await create(
        inline("inline-invalid", { chatwootAccountId: 0, chatwootInboxName: undefined }),
      );
      expect(reply.status).toBe(201);
      expect(reply.body.chatwoot).toEqual({
        enabled: false,
        status: "error",
        ...NO_IDS,
        error:
          "invalid body: chatwootAccountId: must be an integer greater than 0; chatwootInboxName: is required",
      });
      expect(h.bridge.calls.length).toBe(calls);
    });

    it("does nothing without chatwootEnabled", async () => {
      const calls = h.bridge.calls.length;
      const reply = await create(inline("inline-off", { chatwootEnabled: false }));
      expect(reply.status).toBe(201);
      expect(reply.body).not.toHaveProperty("chatwoot");
      expect(h.bridge.calls.length).toBe(calls);
    });
  });

  describe("the summary in GET /api/instance/list", () => {
    it("shows the integration from local data", async () => {
      h.bridge.activationInboxId = 12;
      await create(inline("summary-on", { chatwootInboxName: "Support" }));
      h.bridge.activationInboxId = 0;
      const calls = h.bridge.calls.length;
      const reply = await instanceList("summary-on");
      expect(reply.body.instances[0].chatwoot).toEqual({
        enabled: true,
        status: "active",
        inboxId: 12,
        inboxName: "Support",
      });
      expect(h.bridge.calls.length).toBe(calls);
    });

    it("shows a disabled summary without an integration", async () => {
      await h.server.createInstance(accountToken, { name: "summary-off" });
      const reply = await instanceList("summary-off");
      expect(reply.body.instances[0].chatwoot).toEqual({
        enabled: false,
        status: null,
        inboxId: null,
        inboxName: null,
      });
    });
  });

  describe("DELETE /api/instance/delete/:instance", () => {
    const deleteInstance = (name: string) =>
      h.server.request("DELETE", `/api/instance/delete/${name}`, { token: accountToken });

    it("terminates the integration at the gateway before removing the rows", async () => {
      const created = await create(inline("delete-ok"));
      const integrationId = created.body.chatwoot.bridge_integration_id as string;
      const reply = await deleteInstance("delete-ok");
      expect(reply.status).toBe(200);
      expect(h.bridge.callsTo("DELETE", INTEGRATION).map((c) => c.path)).toContain(
        `/v1/integrations/${integrationId}`,
      );
      expect(h.bridge.integrations.has(integrationId)).toBe(false);
      expect(await integrationRow(h.server, created.body.instance.id)).toBeUndefined();
    });

    it("is not blocked by a failing gateway, and logs a warning without the token", async () => {
      const body = inline("delete-fail");
      const created = await create(body);
      const integrationId = created.body.chatwoot.bridge_integration_id as string;
      h.bridge.answer("DELETE", INTEGRATION, { status: 503, text: "maintenance" });
      const reply = await deleteInstance("delete-fail");
      expect(reply.status).toBe(200);
      expect(await integrationRow(h.server, created.body.instance.id)).toBeUndefined();
      const warning = h.server.log.lines().find((line) => line.integrationId === integrationId);
      expect(warning).toMatchObject({
        level: 40,
        instance: "delete-fail",
        reason: "HTTP 503: maintenance",
      });
      expect(h.server.log.requestsTo("/api/instance/new")).not.toHaveLength(0);
      expect(h.server.log.text()).not.toContain(body.chatwootApiToken);
    });

    it("is not blocked by a hanging gateway", async () => {
      const created = await create(inline("delete-hang"));
      h.bridge.answer("DELETE", INTEGRATION, { hang: true });
      const reply = await deleteInstance("delete-hang");
      expect(reply.status).toBe(200);
      expect(await integrationRow(h.server, created.body.instance.id)).toBeUndefined();
    });
  });
});
