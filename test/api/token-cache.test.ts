/**
 * The token cache (AUTH_CACHE_TTL_MS, issue 11): a resolved token is remembered for a
 * short while, yet every change this process makes to tokens counts with the next
 * request, and 0 turns the cache off.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { ManualClock } from "../../src/platform/clock.js";
import { startTestServer, type TestServer } from "../support/server.js";
import type { Body } from "../events/support/helpers.js";

/** Statements that resolve a token (the account's or instance's `token_hash`). */
function tokenLookups(statements: string[]): number {
  return statements.filter((s) => /^select/i.test(s) && /"token_hash" = /.test(s)).length;
}

describe("token cache on (the default)", () => {
  let server: TestServer;
  const statements: string[] = [];
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    server = await startTestServer({ clock, onQuery: (s) => statements.push(s) });
  });
  afterAll(async () => {
    await server.close();
  });

  it("looks a token up once, then answers from memory until the TTL ends", async () => {
    const account = await server.createAccount();
    await server.request("GET", "/api/instance/list", { token: account.token });
    statements.length = 0;
    for (let i = 0; i < 3; i += 1) {
      const reply = await server.request("GET", "/api/instance/list", { token: account.token });
      expect(reply.status).toBe(200);
    }
    expect(tokenLookups(statements)).toBe(0);
    clock.advance(2_001);
    await server.request("GET", "/api/instance/list", { token: account.token });
    expect(tokenLookups(statements)).toBe(1);
  });

  it("refuses a rotated TokenAccount at once", async () => {
    const account = await server.createAccount();
    expect(
      (await server.request("GET", "/api/instance/list", { token: account.token })).status,
    ).toBe(200);
    const rotated = await server.request<Body>("POST", "/api/account/rotateToken", {
      token: account.token,
    });
    expect(rotated.status).toBe(200);
    expect(
      (await server.request("GET", "/api/instance/list", { token: account.token })).status,
    ).toBe(401);
    const fresh = rotated.body.data.token as string;
    expect((await server.request("GET", "/api/instance/list", { token: fresh })).status).toBe(200);
  });

  it("refuses a rotated TokenInstance at once", async () => {
    const account = await server.createAccount();
    const inst = await server.createInstance(account.token);
    const path = `/api/instance/getSettings/${inst.name}`;
    expect((await server.request("GET", path, { token: inst.token })).status).toBe(200);
    const rotated = await server.request<Body>("POST", `/api/instance/rotateToken/${inst.name}`, {
      token: account.token,
    });
    expect(rotated.status).toBe(200);
    expect((await server.request("GET", path, { token: inst.token })).status).toBe(401);
  });

  it("refuses a deleted instance's token at once", async () => {
    const account = await server.createAccount();
    const inst = await server.createInstance(account.token);
    const path = `/api/instance/getSettings/${inst.name}`;
    expect((await server.request("GET", path, { token: inst.token })).status).toBe(200);
    const deleted = await server.request("DELETE", `/api/instance/delete/${inst.name}`, {
      token: account.token,
    });
    expect(deleted.status).toBe(200);
    expect((await server.request("GET", path, { token: inst.token })).status).toBe(401);
  });

  it("refuses a deleted account's tokens, its instances' included, at once", async () => {
    const account = await server.createAccount();
    const inst = await server.createInstance(account.token);
    const path = `/api/instance/getSettings/${inst.name}`;
    expect((await server.request("GET", path, { token: inst.token })).status).toBe(200);
    expect(
      (await server.request("GET", "/api/instance/list", { token: account.token })).status,
    ).toBe(200);
    expect(await server.runtime.auth.deleteAccount(account.id)).toBe(true);
    expect(
      (await server.request("GET", "/api/instance/list", { token: account.token })).status,
    ).toBe(401);
    expect((await server.request("GET", path, { token: inst.token })).status).toBe(401);
  });

  it("accepts a token another process replaced until the TTL ends, then refuses it", async () => {
    const account = await server.createAccount();
    expect(
      (await server.request("GET", "/api/instance/list", { token: account.token })).status,
    ).toBe(200);
    // Another process (the CLI, a second API) replaces the hash behind this one's back.
    await sql`update accounts set token_hash = ${"elsewhere-" + account.id} where id = ${account.id}`.execute(
      server.runtime.database.db,
    );
    expect(
      (await server.request("GET", "/api/instance/list", { token: account.token })).status,
    ).toBe(200);
    clock.advance(2_001);
    expect(
      (await server.request("GET", "/api/instance/list", { token: account.token })).status,
    ).toBe(401);
  });

  it("does not remember unknown tokens: a new instance's token works at once", async () => {
    const account = await server.createAccount();
    const token = "ins_token-cache-custom-0123456789abcdef";
    const path = "/api/instance/getSettings/cache-custom";
    expect((await server.request("GET", path, { token })).status).toBe(401);
    await server.createInstance(account.token, { name: "cache-custom", token });
    expect((await server.request("GET", path, { token })).status).toBe(200);
  });
});

describe("token cache off (AUTH_CACHE_TTL_MS=0)", () => {
  let server: TestServer;
  const statements: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      env: { AUTH_CACHE_TTL_MS: "0" },
      onQuery: (s) => statements.push(s),
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it("looks the token up on every request", async () => {
    const account = await server.createAccount();
    statements.length = 0;
    for (let i = 0; i < 3; i += 1) {
      await server.request("GET", "/api/instance/list", { token: account.token });
    }
    expect(tokenLookups(statements)).toBe(3);
  });
});
