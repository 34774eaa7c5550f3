import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { accountWithInstance, setBody } from "./harness.js";

const OFF = { success: false, error: { message: "integration gateway not configured" } };

const routes = [
  { method: "POST", path: (i: string) => `/api/chatwoot/set/${i}`, body: setBody() },
  { method: "POST", path: (i: string) => `/api/chatwoot/set/${i}`, body: undefined },
  { method: "GET", path: (i: string) => `/api/chatwoot/list/${i}`, body: undefined },
  { method: "DELETE", path: (i: string) => `/api/chatwoot/delete/${i}`, body: undefined },
  { method: "DELETE", path: (i: string) => `/api/chatwoot/unlink/${i}`, body: undefined },
  { method: "GET", path: (i: string) => `/api/chatwoot/jobs/${i}`, body: undefined },
  { method: "GET", path: (i: string) => `/api/chatwoot/jobs/${i}?state=zombie`, body: undefined },
  { method: "POST", path: (i: string) => `/api/chatwoot/jobs/retry/${i}`, body: { id: 1 } },
  { method: "POST", path: (i: string) => `/api/chatwoot/jobs/retry/${i}`, body: "{not json" },
];

describe.each([
  ["neither BRIDGE_URL nor BRIDGE_TOKEN", {}],
  ["BRIDGE_URL without BRIDGE_TOKEN", { BRIDGE_URL: "http://127.0.0.1:9" }],
  ["BRIDGE_TOKEN without BRIDGE_URL", { BRIDGE_TOKEN: "lonely-token" }],
])("chatwoot module off (%s)", (_title, env: Record<string, string>) => {
  let server: TestServer;
  let owner: Awaited<ReturnType<typeof accountWithInstance>>;

  beforeAll(async () => {
    server = await startTestServer({ env });
    owner = await accountWithInstance(server);
  });
  afterAll(async () => {
    await server.close();
  });

  for (const route of routes) {
    const title = `${route.method} ${route.path(":instance")}${route.body === undefined ? "" : " (with a body)"}`;

    it(`${title} → 503 for an existing instance`, async () => {
      const reply = await server.request(route.method, route.path(owner.name), {
        token: owner.accountToken,
        body: route.body,
      });
      expect(reply.status).toBe(503);
      expect(reply.body).toEqual(OFF);
    });

    it(`${title} → 503 before the lookup of an instance that does not exist`, async () => {
      const reply = await server.request(route.method, route.path("anything"), {
        token: owner.accountToken,
        body: route.body,
      });
      expect(reply.status).toBe(503);
      expect(reply.body).toEqual(OFF);
    });

    it(`${title} → still 401 without a valid token`, async () => {
      const missing = await server.request(route.method, route.path(owner.name), {
        body: route.body,
      });
      expect(missing.status).toBe(401);
      const invalid = await server.request(route.method, route.path(owner.name), {
        token: "not-a-token",
        body: route.body,
      });
      expect(invalid.status).toBe(401);
      expect(invalid.body).toEqual({ success: false, error: { message: "Invalid token" } });
    });
  }

  it("reports an inline activation as failed, and still creates the instance", async () => {
    const account = await server.createAccount();
    const reply = await server.request<Record<string, any>>("POST", "/api/instance/new", {
      token: account.token,
      body: {
        name: "inline-off",
        provider: "sandbox",
        chatwootEnabled: true,
        chatwootBaseUrl: "https://chatwoot.example.com",
        chatwootAccountId: 5,
        chatwootApiToken: "cw-token",
        chatwootInboxName: "Inbox",
      },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.chatwoot).toEqual({
      enabled: false,
      status: "error",
      bridge_integration_id: null,
      inboxId: null,
      inboxName: null,
      error: "integration gateway not configured",
    });
    expect(reply.body.instance.chatwoot).toEqual({
      enabled: false,
      status: null,
      inboxId: null,
      inboxName: null,
    });
  });
});
