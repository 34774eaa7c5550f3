/** `/docs` over plain HTTP on any host, outside the anonymous rate limit (issue 14, item 9). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

describe("the docs page", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { RATE_LIMIT_GLOBAL: "3" } });
  });
  afterAll(async () => {
    await server.close();
  });

  it("serves a policy that works over plain HTTP", async () => {
    const page = await fetch(`${server.url}/docs/`, { headers: { host: "ponte.lan:8080" } });
    expect(page.status).toBe(200);
    const policy = page.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("default-src 'self'");
    expect(policy).not.toContain("upgrade-insecure-requests");
  });

  it("does not count its page, assets or document against the anonymous limit", async () => {
    const html = await (await fetch(`${server.url}/docs/`)).text();
    const assets = [...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.(?:js|css))"/g)].map(
      (match) => match[1] ?? "",
    );
    expect(assets.length).toBeGreaterThan(0);
    for (let load = 0; load < 3; load += 1) {
      for (const asset of [
        "/docs/",
        "/docs/json",
        ...assets.map((a) => `/docs/${a.replace(/^docs\//, "")}`),
      ]) {
        const reply = await fetch(`${server.url}${asset}`);
        expect([asset, reply.status]).toEqual([asset, 200]);
        await reply.arrayBuffer();
      }
    }
    // The anonymous bucket is untouched: an API call still gets its 401, not a 429.
    const api = await server.request("GET", "/api/instance/list");
    expect(api.status).toBe(401);
  });
});
