import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

type Body = Record<string, any>;

describe("settings, proxy and S3", () => {
  let server: TestServer;
  let inst: { name: string; token: string; id: string };

  beforeAll(async () => {
    server = await startTestServer();
    const account = await server.createAccount();
    inst = await server.createInstance(account.token, {
      autoRejectCalls: true,
      callRejectMessage: "Call later",
      proxyEnabled: true,
      proxyHost: "proxy.local",
      proxyPort: "1080",
      proxyProtocol: "socks5",
      proxyUsername: "u",
      proxyPassword: "proxy-secret-pw",
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it("reads the settings, with the creation block applied over the defaults", async () => {
    const reply = await server.request("GET", `/api/instance/getSettings/${inst.name}`, {
      token: inst.token,
    });
    expect(reply.body).toEqual({
      success: true,
      message: "Settings retrieved successfully",
      settings: {
        autoRejectCalls: true,
        callRejectMessage: "Call later",
        ignoreGroupMessages: false,
        keepOnlineStatus: false,
        autoReadMessages: false,
        disableHistorySync: true,
        ignoreStatus: false,
      },
    });
  });

  it("updates settings partially", async () => {
    const reply = await server.request<Body>("POST", `/api/instance/settings/${inst.name}`, {
      token: inst.token,
      body: { autoReadMessages: true },
    });
    expect(reply.body.message).toBe("Settings updated successfully");
    expect(reply.body.settings).toMatchObject({ autoReadMessages: true, autoRejectCalls: true });
  });

  it.each([
    ["{}", "At least one setting must be provided"],
    ["{not json", "Invalid request body"],
  ])("refuses %s with 400", async (body, message) => {
    const reply = await server.request("POST", `/api/instance/settings/${inst.name}`, {
      token: inst.token,
      body,
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ success: false, error: { message } });
  });

  it("refuses a wrongly typed setting with a clear 400", async () => {
    const reply = await server.request<Body>("POST", `/api/instance/settings/${inst.name}`, {
      token: inst.token,
      body: { autoReadMessages: "yes" },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/^Invalid request body: autoReadMessages/);
  });

  it("never returns the proxy password and stores it sealed", async () => {
    const reply = await server.request("GET", `/api/instance/getProxy/${inst.name}`, {
      token: inst.token,
    });
    expect(reply.body).toEqual({
      success: true,
      message: "Proxy configuration retrieved successfully",
      proxy: {
        enabled: true,
        host: "proxy.local",
        port: "1080",
        protocol: "socks5",
        username: "u",
      },
    });
    const row = await server.runtime.database.db
      .selectFrom("instance_proxies")
      .selectAll()
      .where("instance_id", "=", inst.id)
      .executeTakeFirstOrThrow();
    expect(row.password_sealed).toBeTruthy();
    expect(row.password_sealed).not.toContain("proxy-secret-pw");
  });

  it("updates and disables the proxy", async () => {
    const bad = await server.request<Body>("POST", `/api/instance/proxy/${inst.name}`, {
      token: inst.token,
      body: { enabled: true, host: "h" },
    });
    expect(bad.status).toBe(400);
    const off = await server.request<Body>("POST", `/api/instance/proxy/${inst.name}`, {
      token: inst.token,
      body: { enabled: false },
    });
    expect(off.body.proxy).toEqual({
      enabled: false,
      host: null,
      port: null,
      protocol: null,
      username: null,
    });
  });

  it("stores S3 without ever returning the secret, and clears it when disabled", async () => {
    const empty = await server.request<Body>("GET", `/api/instance/getS3/${inst.name}`, {
      token: inst.token,
    });
    expect(empty.body.s3.enabled).toBe(false);
    const set = await server.request<Body>("POST", `/api/instance/s3/${inst.name}`, {
      token: inst.token,
      body: {
        enabled: true,
        region: "eu",
        bucket: "media",
        accessKey: "AK",
        secretKey: "s3-secret",
      },
    });
    expect(set.body.message).toBe("S3 configuration updated");
    expect(set.body.s3).toMatchObject({
      enabled: true,
      bucket: "media",
      accessKey: "AK",
      secretKey: null,
    });
    expect(JSON.stringify(set.body)).not.toContain("s3-secret");
    const off = await server.request<Body>("POST", `/api/instance/s3/${inst.name}`, {
      token: inst.token,
      body: { enabled: false },
    });
    expect(off.body.s3).toMatchObject({ enabled: false, bucket: null, accessKey: null });
    const row = await server.runtime.database.db
      .selectFrom("instance_s3")
      .selectAll()
      .where("instance_id", "=", inst.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_key_sealed).toBeNull();
  });

  it("requires bucket and keys when enabling S3", async () => {
    const reply = await server.request<Body>("POST", `/api/instance/s3/${inst.name}`, {
      token: inst.token,
      body: { enabled: true, bucket: "b" },
    });
    expect(reply.status).toBe(400);
  });
});
