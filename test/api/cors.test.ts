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
