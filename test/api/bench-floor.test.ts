/**
 * The benchmarks' floor routes (bench/suite/floor.ts), registered through the
 * composition's `routes`: their figures bound every endpoint's only if they run behind
 * the same hooks as ponte's own routes and check the caller as those do.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLOOR_PATH, registerFloorRoutes } from "../../bench/suite/floor.js";
import { startTestServer, type TestServer } from "../support/server.js";

describe("the benchmarks' floor routes", () => {
  let server: TestServer;
  let account: { token: string };
  let inst: { name: string; token: string };
  let other: { name: string; token: string };

  beforeAll(async () => {
    server = await startTestServer({ routes: registerFloorRoutes });
    account = await server.createAccount();
    inst = await server.createInstance(account.token);
    other = await server.createInstance(account.token);
  });
  afterAll(async () => {
    await server.close();
  });

  it("answer behind ponte's hooks: request id, rate limit, the token's look-up", async () => {
    const reply = await server.request("GET", `${FLOOR_PATH}/${inst.name}`, { token: inst.token });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ instance: inst.name });
    expect(reply.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.headers.get("x-ratelimit-limit")).not.toBeNull();
    expect(reply.headers.get("x-ratelimit-remaining")).not.toBeNull();
  });

  it("refuse a missing token and another instance's, as ponte's routes do", async () => {
    const missing = await server.request("GET", `${FLOOR_PATH}/${inst.name}`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("x-ratelimit-limit")).not.toBeNull();
    const mismatched = await server.request("GET", `${FLOOR_PATH}/${inst.name}/lookup`, {
      token: other.token,
    });
    expect(mismatched.status).toBe(403);
  });

  it("look the instance up on /lookup: its state, or 404 for a name that is no instance", async () => {
    const found = await server.request("GET", `${FLOOR_PATH}/${inst.name}/lookup`, {
      token: account.token,
    });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ instance: inst.name, state: expect.any(String) });
    const unknown = await server.request("GET", `${FLOOR_PATH}/no-such-instance/lookup`, {
      token: account.token,
    });
    expect(unknown.status).toBe(404);
  });
});
