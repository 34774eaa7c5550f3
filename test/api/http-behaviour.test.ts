import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

type Body = Record<string, any>;

describe("HTTP behaviour", () => {
  let server: TestServer;
  let account: { token: string };

  beforeAll(async () => {
    server = await startTestServer({
      env: { BODY_LIMIT_BYTES: "2048", RATE_LIMIT_GLOBAL: "1000" },
    });
    account = await server.createAccount();
  });
  afterAll(async () => {
    await server.close();
  });

  it("answers unknown routes with 404 in the envelope and a request id", async () => {
    const reply = await server.request("GET", "/api/nothing/here?token=secret-value");
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({
      success: false,
      error: { message: "Route GET /api/nothing/here not found" },
    });
    expect(reply.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses a body over the documented limit with 413", async () => {
    const reply = await server.request("POST", "/api/instance/new", {
      token: account.token,
      body: { name: "big", callRejectMessage: "x".repeat(5000) },
    });
    expect(reply.status).toBe(413);
    expect(reply.body).toEqual({ success: false, error: { message: "Request body is too large" } });
  });

  it("refuses malformed JSON and wrong types without crashing", async () => {
    const malformed = await server.request<Body>("POST", "/api/instance/new", {
      token: account.token,
      body: '{"name":',
    });
    expect(malformed.status).toBe(400);
    // Prefixed by the documented text, then where the JSON broke.
    expect(malformed.body.error.message).toMatch(/^Invalid request body: malformed JSON/);
    const wrong = await server.request<Body>("POST", "/api/instance/new", {
      token: account.token,
      body: { name: 42 },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/^Invalid request body: name/);
    const missing = await server.request<Body>("POST", "/api/instance/new", {
      token: account.token,
      body: {},
    });
    expect(missing.status).toBe(400);
    const health = await server.request("GET", "/health");
    expect(health.status).toBe(200);
  });

  it("accepts the token as header, Bearer, or query parameter", async () => {
    const forms: { headers: Record<string, string> }[] = [
      { headers: { token: account.token } },
      { headers: { authorization: `Bearer ${account.token}` } },
    ];
    for (const options of forms) {
      const reply = await server.request("GET", "/api/instance/list", options);
      expect(reply.status).toBe(200);
    }
    const query = await server.request(
      "GET",
      `/api/instance/list?token=${encodeURIComponent(account.token)}`,
    );
    expect(query.status).toBe(200);
  });

  it("sends rate-limit headers on successful answers, and none on /health", async () => {
    const reply = await server.request("GET", "/api/instance/list", { token: account.token });
    expect(reply.headers.get("x-ratelimit-limit")).toBe("1000");
    expect(Number(reply.headers.get("x-ratelimit-remaining"))).toBeLessThan(1000);
    const health = await server.request("GET", "/health", { token: account.token });
    expect(health.headers.get("x-ratelimit-limit")).toBeNull();
  });

  it("accepts an empty body sent as application/json, as bodiless calls often are", async () => {
    const inst = await server.createInstance(account.token);
    await server.request("GET", `/api/instance/connect/${inst.name}`, { token: inst.token });
    const reply = await server.request("DELETE", `/api/instance/logout/${inst.name}`, {
      token: inst.token,
      headers: { "content-type": "application/json" },
    });
    expect(reply.status).toBe(200);
  });

  it("answers a malformed URL in the envelope", async () => {
    const reply = await server.request("GET", "/api/instance/getSettings/%E0%A4%A", {
      token: account.token,
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ success: false, error: { message: expect.any(String) } });
    expect(Object.keys(reply.body)).toEqual(["success", "error"]);
  });

  it("counts unknown routes and sends their rate-limit headers", async () => {
    const reply = await server.request("GET", "/api/unknown", { token: account.token });
    expect(reply.status).toBe(404);
    expect(reply.headers.get("x-ratelimit-limit")).toBe("1000");
  });

  it("refuses proxy ports outside 1–65535", async () => {
    const inst = await server.createInstance(account.token);
    for (const port of ["0", "99999"]) {
      const reply = await server.request("POST", `/api/instance/proxy/${inst.name}`, {
        token: inst.token,
        body: { enabled: true, host: "p.local", port },
      });
      expect(reply.status).toBe(400);
    }
  });

  it("never writes a token to the log", async () => {
    const logged = () => server.log.requestsTo("/api/instance/list").length;
    const before = logged();
    await server.request("GET", `/api/instance/list?%74oken=${account.token}`);
    await server.request("GET", `/api/instance/list?token=${account.token}`);
    await server.request("GET", "/api/instance/list", {
      headers: { authorization: `Bearer ${account.token}` },
    });
    expect(logged() - before).toBe(3);
    expect(server.log.text()).not.toContain(account.token);
  });

  it("serves the OpenAPI document and a local docs page", async () => {
    const json = await server.request<Body>("GET", "/docs/json");
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toContain("/api/instance/new");
    const page = await fetch(`${server.url}/docs/`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs)/);
  });
});

describe("GET /health", () => {
  it("is ok with the database, 503 degraded without it", async () => {
    const server = await startTestServer();
    try {
      const ok = await server.request<Body>("GET", "/health");
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ status: "ok", service: "ponte", checks: { db: "ok" } });
      expect(ok.body.uptime).toMatch(/^(\d+h)?(\d+m)?\d+s$/);
      expect(ok.body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      await server.runtime.database.close();
      const down = await server.request<Body>("GET", "/health");
      expect(down.status).toBe(503);
      // Tokens are ignored by /health: one sent anyway changes nothing.
      const withToken = await server.request<Body>("GET", "/health?token=anything", {
        token: "anything",
      });
      expect(withToken.status).toBe(503);
      expect(down.body.status).toBe("degraded");
      expect(down.body.checks.db).toMatch(/^fail: /);
    } finally {
      await server.runtime.app.close();
    }
  });
});
