/**
 * The edges of issue 14, item 7: a send whose `delay` is cut short by a logout answers
 * the documented 503, and a TokenInstance's list ignores `?instanceName=` (spec 4.2).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { connectedInstance, type Body } from "../events/support/helpers.js";

describe("sends and lists at the edges", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("answers 503 Instance is not connected to WhatsApp when a logout ends the delay", async () => {
    const inst = await connectedInstance(server);
    // Either order of events gives the same documented answer; the logout normally
    // lands while the send is typing.
    const sending = server.request<Body>("POST", `/api/message/text/${inst.name}`, {
      token: inst.token,
      body: { number: "5511900000000", message: "late", delay: 2 },
    });
    const logout = await server.request("DELETE", `/api/instance/logout/${inst.name}`, {
      token: inst.token,
    });
    expect(logout.status).toBe(200);
    const reply = await sending;
    expect(reply.status).toBe(503);
    expect(reply.body).toEqual({
      success: false,
      error: { message: "Instance is not connected to WhatsApp" },
    });
  });

  it("lists only the token's own instance, whatever ?instanceName= names", async () => {
    const account = await server.createAccount();
    const mine = await server.createInstance(account.token, { name: "mine" });
    await server.createInstance(account.token, { name: "other" });
    for (const filter of ["other", "nope", "mine,other"]) {
      const reply = await server.request<Body>("GET", `/api/instance/list?instanceName=${filter}`, {
        token: mine.token,
      });
      expect(reply.status).toBe(200);
      expect(reply.body.message).toBe("1 Instance found");
      expect(reply.body.instances.map((i: Body) => i.name)).toEqual(["mine"]);
    }
  });
});
