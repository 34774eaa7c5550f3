import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

describe("CORS", () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { CORS_ORIGINS: "https://app.example.com" } });
    token = (await server.createAccount()).token;
  });
  afterAll(async () => {
    await server.close();
  });

  const preflight = (origin: string) =>
    fetch(`${server.url}/api/instance/list`, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "GET",
        "access-control-request-headers": "token, content-type",
      },
    });

  it("answers the preflight of an authorized origin, allowing the token headers", async () => {
    const reply = await preflight("https://app.example.com");
    expect(reply.status).toBe(204);
    expect(reply.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    const headers = reply.headers.get("access-control-allow-headers")?.toLowerCase() ?? "";
    for (const header of ["content-type", "authorization", "token"])
      expect(headers).toContain(header);
    expect(reply.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("gives other origins no CORS permission", async () => {
    const reply = await preflight("https://evil.example.com");
    expect(reply.headers.get("access-control-allow-origin")).toBeNull();
    const get = await server.request("GET", "/api/instance/list", {
      token,
      headers: { origin: "https://evil.example.com" },
    });
    expect(get.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("lets an authorized page read the answer and its rate-limit headers", async () => {
    const reply = await server.request("GET", "/api/instance/list", {
      token,
      headers: { origin: "https://app.example.com" },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(reply.headers.get("access-control-expose-headers")).toContain("X-RateLimit-Remaining");
  });
});

describe("origins authorized per account", () => {
  let server: TestServer;
  const crm = "https://crm.example.com";

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("lets an account's tokens work only from the origins it allows", async () => {
    const allowing = await server.createAccount("Allowing");
    const other = await server.createAccount("Other");
    await server.runtime.auth.setOrigins(allowing.id, [`${crm}/`]);

    const preflight = await fetch(`${server.url}/api/instance/list`, {
      method: "OPTIONS",
      headers: { origin: crm, "access-control-request-method": "GET" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBe(crm);

    const mine = await server.request("GET", "/api/instance/list", {
      token: allowing.token,
      headers: { origin: crm },
    });
    expect(mine.status).toBe(200);
    const theirs = await server.request("GET", "/api/instance/list", {
      token: other.token,
      headers: { origin: crm },
    });
    expect(theirs.status).toBe(403);
    expect(theirs.body).toEqual({
      success: false,
      error: { message: "Origin not allowed for this account" },
    });
    // Not from a browser (no Origin), or from ponte's own pages: no origin rule applies.
    expect((await server.request("GET", "/api/instance/list", { token: other.token })).status).toBe(
      200,
    );
    const own = await server.request("GET", "/api/instance/list", {
      token: other.token,
      headers: { origin: server.url },
    });
    expect(own.status).toBe(200);
  });
});
