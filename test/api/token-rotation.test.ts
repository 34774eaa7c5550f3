/** Token rotation over HTTP (issue 14, item 8): the old token stops working at once. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import type { Body } from "../events/support/helpers.js";

describe("token rotation", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("rotates a TokenAccount", async () => {
    const account = await server.createAccount();
    const reply = await server.request<Body>("POST", "/api/account/rotateToken", {
      token: account.token,
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ success: true, message: "Account token rotated" });
    const fresh = reply.body.data.token as string;
    expect(fresh).toMatch(/^acc_/);
    const old = await server.request<Body>("GET", "/api/instance/list", { token: account.token });
    expect(old.status).toBe(401);
    expect((await server.request("GET", "/api/instance/list", { token: fresh })).status).toBe(200);
  });

  it("rotates a TokenInstance with its own token or the account's, never another's", async () => {
    const account = await server.createAccount();
    const inst = await server.createInstance(account.token);
    const other = await server.createInstance(account.token);
    const forbidden = await server.request<Body>("POST", `/api/instance/rotateToken/${inst.name}`, {
      token: other.token,
    });
    expect(forbidden.status).toBe(403);
    const own = await server.request<Body>("POST", `/api/instance/rotateToken/${inst.name}`, {
      token: inst.token,
    });
    expect(own.status).toBe(200);
    const second = own.body.data.token as string;
    const path = `/api/instance/getSettings/${inst.name}`;
    expect((await server.request("GET", path, { token: inst.token })).status).toBe(401);
    expect((await server.request("GET", path, { token: second })).status).toBe(200);
    const byAccount = await server.request<Body>("POST", `/api/instance/rotateToken/${inst.name}`, {
      token: account.token,
    });
    const third = byAccount.body.data.token as string;
    expect((await server.request("GET", path, { token: second })).status).toBe(401);
    expect((await server.request("GET", path, { token: third })).status).toBe(200);
    const list = await server.request<Body>("GET", `/api/instance/list?instanceName=${inst.name}`, {
      token: account.token,
    });
    expect(list.body.instances[0].token).toBe(third);
  });
});
