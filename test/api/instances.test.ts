import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

describe("instances", () => {
  let server: TestServer;
  let account: { id: string; token: string };

  beforeAll(async () => {
    server = await startTestServer();
    account = await server.createAccount("Acme", 3);
  });
  afterAll(async () => {
    await server.close();
  });

  describe("POST /api/instance/new", () => {
    it("creates a disconnected instance and returns its token twice", async () => {
      const reply = await server.request<Record<string, any>>("POST", "/api/instance/new", {
        token: account.token,
        body: { name: "support", provider: "sandbox", unknownField: "ignored" },
      });
      expect(reply.status).toBe(201);
      expect(reply.body.success).toBe(true);
      expect(reply.body.message).toBe("Instance created successfully");
      expect(reply.body.instance.name).toBe("support");
      expect(reply.body.instance.token).toBe(reply.body.data.token);
      expect(reply.body.instance.connection).toEqual({
        state: "disconnected",
        numberJid: null,
        presenceStatus: "unavailable",
        displayStatus: "Disconnected",
      });
      expect(reply.body.instance.settings.disableHistorySync).toBe(true);
    });

    it("accepts a client-supplied token", async () => {
      const token = "my-own-instance-token-0001-abcdefgh";
      const reply = await server.request<Record<string, any>>("POST", "/api/instance/new", {
        token: account.token,
        body: { name: "custom", provider: "sandbox", token },
      });
      expect(reply.status).toBe(201);
      expect(reply.body.data.token).toBe(token);
      const list = await server.request<Record<string, any>>("GET", "/api/instance/list", {
        token,
      });
      expect(list.body.instances.map((i: { name: string }) => i.name)).toEqual(["custom"]);
    });

    it("refuses a duplicate name with 409", async () => {
      const reply = await server.request("POST", "/api/instance/new", {
        token: account.token,
        body: { name: "support", provider: "sandbox" },
      });
      expect(reply.status).toBe(409);
      expect(reply.body).toEqual({
        success: false,
        error: { message: "Instance name already exists" },
      });
    });

    it("refuses a token already used by another instance with 409", async () => {
      const reply = await server.request("POST", "/api/instance/new", {
        token: account.token,
        body: { name: "again", provider: "sandbox", token: "my-own-instance-token-0001-abcdefgh" },
      });
      expect(reply.status).toBe(409);
      expect(reply.body).toEqual({
        success: false,
        error: { message: "Instance token already in use" },
      });
    });

    it("enforces the account quota with 403", async () => {
      await server.createInstance(account.token, { name: "third" });
      const reply = await server.request("POST", "/api/instance/new", {
        token: account.token,
        body: { name: "fourth", provider: "sandbox" },
      });
      expect(reply.status).toBe(403);
      expect(reply.body).toEqual({
        success: false,
        error: { message: "Account instance quota exceeded" },
      });
    });
  });
});
