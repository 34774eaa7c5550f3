/**
 * Credentials never reach the log, whatever form a client sends them in (issue 14,
 * item 5), and a webhook URL with `user:password@` is refused rather than stored.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { connectedInstance, type Body } from "../events/support/helpers.js";

/** A raw request, so the path can hold what fetch would strip (a fragment). */
function rawGet(base: string, path: string): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path, method: "GET" }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("log redaction", () => {
  let server: TestServer;
  let account: { id: string; token: string };

  beforeAll(async () => {
    server = await startTestServer();
    account = await server.createAccount();
  });
  afterAll(async () => {
    await server.close();
  });

  it("redacts token[]=, ;token=, encoded names and fragments", async () => {
    const secret = account.token;
    for (const path of [
      `/api/instance/list?token[]=${secret}`,
      `/api/instance/list?token%5B0%5D=${secret}`,
      `/api/instance/list?a=1;token=${secret}`,
      `/api/instance/list?access_token=${secret}`,
      `/api/instance/list#token=${secret}`,
      `/api/instance/list?x=1#${secret}`,
    ]) {
      await rawGet(server.url, path);
    }
    expect(server.log.text()).toContain("/api/instance/list");
    expect(server.log.text()).not.toContain(secret);
  });

  it("refuses a webhook URL with credentials and never logs its password", async () => {
    const inst = await server.createInstance(account.token);
    const reply = await server.request<Body>("POST", `/api/events/webhook/${inst.name}`, {
      token: inst.token,
      body: { url: "https://bob:hunter2-pass@hooks.example/in" },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe(
      'url must not carry credentials (user:password@); send them in authorization, e.g. "Basic <base64 of user:password>"',
    );
    const connected = await connectedInstance(server);
    const media = await server.request<Body>("POST", `/api/message/media/${connected.name}`, {
      token: connected.token,
      body: {
        number: "5511999999999",
        mediaType: "image",
        mediaUrl: "https://bob:hunter2-pass@cdn.example/a.png",
      },
    });
    expect(media.status).toBe(400);
    expect(media.body.error.message).toBe("mediaUrl must not carry credentials (user:password@)");
    server.runtime.logger.warn("retrying https://bob:hunter2-pass@hooks.example/in?apiKey=k1");
    server.runtime.logger.error(
      { err: new Error("fetch https://bob:hunter2-pass@h/x failed") },
      "x",
    );
    expect(server.log.text()).not.toContain("hunter2-pass");
    expect(server.log.text()).not.toContain("k1");
  });
});
