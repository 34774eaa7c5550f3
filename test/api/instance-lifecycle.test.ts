import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

type Body = Record<string, any>;

describe("instance lifecycle", () => {
  let server: TestServer;
  let account: { id: string; token: string };
  let other: { id: string; token: string };

  beforeAll(async () => {
    server = await startTestServer();
    account = await server.createAccount("Acme", 10);
    other = await server.createAccount("Other", 10);
  });
  afterAll(async () => {
    await server.close();
  });

  describe("GET /api/instance/list", () => {
    let sales: { token: string };
    beforeAll(async () => {
      sales = await server.createInstance(account.token, { name: "sales" });
      await server.createInstance(account.token, { name: "support" });
      await server.createInstance(other.token, { name: "foreign" });
    });

    it("lists every instance of the account, with tokens and module summaries", async () => {
      const reply = await server.request<Body>("GET", "/api/instance/list", {
        token: account.token,
      });
      expect(reply.status).toBe(200);
      expect(reply.body.message).toBe("2 Instances found");
      expect(reply.body.instances.map((i: Body) => i.name)).toEqual(["sales", "support"]);
      const item = reply.body.instances[0];
      expect(item.token).toBe(sales.token);
      expect(item.webhook).toEqual({ enabled: false });
      expect(item.websocket.enabled).toBe(false);
      expect(item.chatwoot.enabled).toBe(false);
      expect(item.s3.secretKey).toBeNull();
      expect(item.proxy).not.toHaveProperty("password");
    });

    it("filters by one name, 404 when it does not exist", async () => {
      const one = await server.request<Body>("GET", "/api/instance/list?instanceName=support", {
        token: account.token,
      });
      expect(one.body.message).toBe("1 Instance found");
      expect(one.body.instances).toHaveLength(1);
      const missing = await server.request("GET", "/api/instance/list?instanceName=foreign", {
        token: account.token,
      });
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ success: false, error: { message: "Instance not found" } });
    });

    it("filters by a comma list, ignoring unknown names", async () => {
      const reply = await server.request<Body>(
        "GET",
        "/api/instance/list?instanceName=sales,ghost,support",
        { token: account.token },
      );
      expect(reply.body.instances.map((i: Body) => i.name)).toEqual(["sales", "support"]);
      const none = await server.request<Body>(
        "GET",
        "/api/instance/list?instanceName=ghost,phantom",
        {
          token: account.token,
        },
      );
      expect(none.status).toBe(200);
      expect(none.body.message).toBe("0 Instances found");
    });

    it("gives an instance token only its own instance, ignoring any filter", async () => {
      const reply = await server.request<Body>("GET", "/api/instance/list?instanceName=support", {
        token: sales.token,
      });
      expect(reply.body.instances.map((i: Body) => i.name)).toEqual(["sales"]);
    });
  });

  describe("connect, reconnect, logout", () => {
    let inst: { name: string; token: string };
    beforeAll(async () => {
      inst = await server.createInstance(account.token, { name: "phone" });
    });

    it("refuses reconnect before a first connect", async () => {
      const reply = await server.request("POST", `/api/instance/reconnect/${inst.name}`, {
        token: inst.token,
      });
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({
        success: false,
        error: { message: "Instance has no saved session — call /connect first" },
      });
    });

    it("connects a sandbox instance at once", async () => {
      const reply = await server.request("GET", `/api/instance/connect/${inst.name}`, {
        token: inst.token,
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        success: true,
        message: "Instance connected",
        status: "connected",
      });
      const list = await server.request<Body>("GET", "/api/instance/list", { token: inst.token });
      const connection = list.body.instances[0].connection;
      expect(connection.state).toBe("connected");
      expect(connection.numberJid).toMatch(/^5500\d{9}@s\.whatsapp\.net$/);
      expect(connection.displayStatus).toBe("Connected");
      expect(list.body.instances[0].profile.name).toBe("Sandbox phone");
    });

    it("validates the pairing number", async () => {
      const reply = await server.request<Body>(
        "GET",
        `/api/instance/connect/${inst.name}?number=abc`,
        {
          token: inst.token,
        },
      );
      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toContain("number");
    });

    it("reconnects from the saved session", async () => {
      const reply = await server.request("POST", `/api/instance/reconnect/${inst.name}`, {
        token: inst.token,
        body: { ignored: true },
      });
      expect(reply.body).toEqual({
        success: true,
        message: "Reconnect initiated",
        status: "connecting",
      });
    });

    it("logs out, keeps the instance, and no longer reconnects", async () => {
      const reply = await server.request("DELETE", `/api/instance/logout/${inst.name}`, {
        token: inst.token,
      });
      expect(reply.body).toEqual({
        success: true,
        message: "Instance logged out",
        instance: { status: "loggedout" },
      });
      const list = await server.request<Body>("GET", "/api/instance/list", { token: inst.token });
      expect(list.body.instances[0].connection.state).toBe("loggedout");
      const again = await server.request("POST", `/api/instance/reconnect/${inst.name}`, {
        token: inst.token,
      });
      expect(again.status).toBe(400);
    });
  });

  describe("DELETE /api/instance/delete", () => {
    it("refuses an instance token with 401 Invalid token", async () => {
      const inst = await server.createInstance(account.token);
      const reply = await server.request("DELETE", `/api/instance/delete/${inst.name}`, {
        token: inst.token,
      });
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ success: false, error: { message: "Invalid token" } });
    });

    it("deletes a connected instance and its token stops working", async () => {
      const inst = await server.createInstance(account.token);
      await server.request("GET", `/api/instance/connect/${inst.name}`, { token: inst.token });
      const reply = await server.request("DELETE", `/api/instance/delete/${inst.name}`, {
        token: account.token,
      });
      expect(reply.body).toEqual({
        success: true,
        message: "Instance deleted",
        instance: { status: "deleted" },
      });
      const again = await server.request("DELETE", `/api/instance/delete/${inst.name}`, {
        token: account.token,
      });
      expect(again.status).toBe(404);
      expect(again.body).toEqual({ success: false, error: { message: "Instance not found" } });
      const orphan = await server.request("GET", "/api/instance/list", { token: inst.token });
      expect(orphan.status).toBe(401);
    });
  });
});
